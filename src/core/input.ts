import type { LinkKind, ReplyTag } from './output';
import type { PeerReply } from './peer-reply';
import type { CommandFacts, CommandOutcome } from './commands/outcome';

/**
 * Everything the shell tells the core, each with the time it happened: the
 * core never reads a clock, so `now` is the step's only notion of time.
 * SentinelNode.step is the one door; the shell builds these from timers,
 * sockets, DNS answers, child processes and client commands.
 */
export type Input =
  /** start-up announcements (Sentinel ID, +monitor), once the log is ready */
  | { type: 'start'; now: number }
  /** the periodic timer (redis runs it 10-19 times a second) or a wakeup asked for by nextWakeup */
  | { type: 'tick'; now: number }
  /** a connection the core asked for is established; localIp is our side's address */
  | { type: 'link-up'; now: number; id: number; link: LinkKind; localIp: string }
  /** a connection failed to connect or was closed by the peer */
  | { type: 'link-down'; now: number; id: number; link: LinkKind; reason: string }
  /** the SUBSCRIBE to the hello channel was confirmed */
  | { type: 'subscribed'; now: number; id: number }
  /** the reply to a command sent with `tag` */
  | { type: 'reply'; now: number; id: number; tag: ReplyTag; reply: PeerReply }
  /** a message on a pub/sub connection */
  | { type: 'message'; now: number; id: number; channel: string; payload: string }
  /** PUBLISH __sentinel__:hello from a client or a peer sentinel (not through our own links) */
  | { type: 'published-hello'; now: number; payload: string }
  /** the answer to a `resolve` output; null: the name did not resolve */
  | { type: 'dns-answer'; now: number; host: string; ip: string | null }
  /** a notification or reconfiguration script failed (killed by `signal`, or exited with `code`) or ran too long */
  | { type: 'script-exited'; now: number; path: string; outcome: { error: { signal: number; code: number } } | { timeout: { pid: number } } }
  /**
   * A client command the core decides (SENTINEL ..., ROLE, INFO sentinel),
   * its raw arguments and what the shell looked up for it (commands/outcome.ts)
   */
  | { type: 'command'; now: number; args: readonly string[]; facts: CommandFacts }
  /**
   * A config write ended: it saved the state as of flush `seq` (see the
   * 'flush' output) and every flush before it, unless `ok` is false (the
   * disk refused it). The shell reports its durable writes, in order.
   */
  | { type: 'save-result'; now: number; seq: number; ok: boolean }
  /** after MONITOR's reply went out: Redis emits +monitor then */
  | { type: 'announce-monitor'; now: number; master: string };

export type InputType = Input['type'];

/** What a step answers, per input type: most inputs only produce outputs. */
export interface StepResults {
  command: CommandOutcome;
}

export type StepResult<T extends InputType> = T extends keyof StepResults ? StepResults[T] : void;

import type { PeerReply } from './peer-reply';

/**
 * What the core asks the shell to do. The shell performs outputs in order;
 * the core never waits for them, it learns the outcome through inputs.
 *
 * The ordering contract, persisted state before sent messages: the core
 * emits a `flush` before the outputs that announce what it saves (the vote
 * before the reply or hello that tells it, the failover's epoch before the
 * vote requests in it). When the flush is `durable`, the shell completes the
 * save before it performs any link output (connect, close, send) drained
 * after it, in this step or a later one, keeping their order
 * (shell/output-handler.ts). A peer never hears of a vote, an epoch or an
 * address that a crash could undo. Logs and events are not held.
 */

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

/** The `loglevel` threshold: a message level, or `nothing` (Redis 7.2), which lets no line through. */
export type Verbosity = LogLevel | 'nothing';

export type LinkKind = 'cmd' | 'pubsub';

/** What a reply to a sent command means to the core. */
export type ReplyTag =
  /** replies on the pub/sub link, which does not count pending commands */
  | 'pubsub'
  | 'subscribe'
  | 'ping'
  | 'info'
  | 'publish'
  | 'is-master-down'
  | 'ignore';

export type Output =
  | {
      type: 'connect';
      id: number;
      link: LinkKind;
      host: string;
      port: number;
    }
  | { type: 'close'; id: number; link: LinkKind }
  | { type: 'send'; id: number; link: LinkKind; cmd: string[]; tag: ReplyTag }
  | { type: 'event'; level: LogLevel; channel: string; payload: string; script: string | null }
  | { type: 'log'; level: LogLevel; message: string }
  /**
   * Persist the state. `durable`: before anything this step sends goes out
   * (votes, epochs, a new master address must survive a crash once announced);
   * otherwise it may be written a little later, together with the next ones
   * (replicas and sentinels discovered: found again after a restart anyway).
   */
  | {
      type: 'flush';
      durable: boolean;
      /** this flush's number, counting from 1 per process: the shell reports the write that covers it as a `save-result` input */
      seq: number;
    }
  | { type: 'client-reconfig-script'; path: string; args: string[] }
  | { type: 'crash'; message: string }
  /** resolve a hostname; the answer comes back as `SentinelCore.resolved` */
  | { type: 'resolve'; host: string };

export type { PeerReply };

import type { CoreView } from '../../core/node';
import type { CommandFacts, CommandOutcome } from '../../core/commands/outcome';

/** What the SENTINEL command family needs from the daemon. */
export interface SentinelHost {
  /** what the commands that the core does not decide (HELP) and the ops endpoint read */
  readonly core: CoreView;
  /** a client command as a core input (SENTINEL ..., ROLE, INFO sentinel), its outputs performed */
  command(argv: readonly string[], facts: CommandFacts): CommandOutcome;
  /** after MONITOR's reply: the +monitor event, as a core input */
  announceMonitor(master: string): void;
  /** PUBLISH __sentinel__:hello from a client, as a core input */
  publishedHello(payload: string): void;
  now(): number;
  /** rewrites the config file at once; false when it could not be saved */
  flushConfigNow(): boolean;
  /**
   * the write of the durable flushes asked for so far (see ConfigWriter): whether it saved them; null if none is waiting.
   * PromiseLike so that a simulation can settle it at a simulated time (see ConfigIo.durableWrite).
   */
  durableWrite(): PromiseLike<boolean> | null;
  /** a durable write failed and nothing was saved since (see ConfigWriter) */
  durableUnsaved(): boolean;
  /**
   * DNS for a hostname (the first address, as getaddrinfo gives it); null
   * when it does not resolve. The answer is also fed to the core.
   */
  resolveHost(host: string): PromiseLike<string | null>;
  /** number of script jobs queued/running, for INFO and PENDING-SCRIPTS */
  pendingScripts(): { running: number; queued: number };
  /** the script queue, oldest first, for SENTINEL PENDING-SCRIPTS */
  scriptJobs(): ReadonlyArray<{ argv: string[]; running: boolean; pid: number; startTime: number; retryNum: number; notBefore: number }>;
}

import type { CoreCommands } from '../../core/node';

/** What the SENTINEL command family needs from the daemon. */
export interface SentinelHost {
  /** read-only view plus the command methods, run inside `step` */
  readonly core: CoreCommands;
  /** runs a core input at the current time and performs the outputs it produced */
  step<T>(fn: (now: number) => T): T;
  now(): number;
  /** SENTINEL DEBUG <param> <value>, as a core input: the error reply text or null */
  setTimingParam(param: string, value: string): string | null;
  /** SENTINEL SIMULATE-FAILURE, as a core input */
  simulateFailure(flags: { crashAfterElection: boolean; crashAfterPromotion: boolean }): void;
  /** rewrites the config file at once; false when it could not be saved */
  flushConfigNow(): boolean;
  /** the write of the durable flushes asked for so far (see ConfigWriter): whether it saved them; null if none is waiting */
  durableWrite(): Promise<boolean> | null;
  /** a durable write failed and nothing was saved since (see ConfigWriter) */
  durableUnsaved(): boolean;
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', msg: string): void;
  /**
   * DNS for a hostname (the first address, as getaddrinfo gives it); null
   * when it does not resolve. The answer is also fed to the core.
   */
  resolveHost(host: string): Promise<string | null>;
  /** number of script jobs queued/running, for INFO and PENDING-SCRIPTS */
  pendingScripts(): { running: number; queued: number };
  /** the script queue, oldest first, for SENTINEL PENDING-SCRIPTS */
  scriptJobs(): ReadonlyArray<{ argv: string[]; running: boolean; pid: number; startTime: number; retryNum: number; notBefore: number }>;
}

import type { SentinelCore } from '../../core/sentinel-core';

/** What the SENTINEL command family needs from the daemon. */
export interface SentinelHost {
  readonly core: SentinelCore;
  /** runs a core input at the current time and performs the outputs it produced */
  step<T>(fn: (now: number) => T): T;
  now(): number;
  /** rewrites the config file at once; false when it could not be saved */
  flushConfigNow(): boolean;
  /** the write of the durable flushes asked for so far (see ConfigWriter); null if none is waiting */
  durableWrite(): Promise<void> | null;
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

import type { Instance } from './instance';
import type { Master } from './master';
import type { LogLevel, Output, LinkKind, ReplyTag } from './output';
import type { TimingParams } from './timing';
import type { SaveLedger } from './saves';

/**
 * What the rule modules (sdown, odown, vote, failover, ...) see of the core.
 * It is the whole world of a decision: the clock value of the current step,
 * the process-wide state and the way to emit outputs.
 */
export interface CoreContext {
  readonly now: number;
  readonly timing: TimingParams;
  readonly myid: string;
  currentEpoch: bigint;
  readonly tilt: boolean;
  readonly masters: Map<string, Master>;
  /** seeded randomness in [0, 1) */
  random(): number;
  emit(o: Output): void;
  /**
   * An event about an instance (`%@` prefix), or a free-form one when inst is
   * null; a master given with a null inst still selects the notification script.
   */
  event(level: LogLevel, type: string, inst: Instance | null, master: Master | null, extra?: string): void;
  log(level: LogLevel, message: string): void;
  /** see the 'flush' output: durable unless said otherwise; returns the flush's number (see saves) */
  flushConfig(durable?: boolean): number;
  /** which flushes are known on disk (save-result inputs) */
  readonly saves: SaveLedger;
  /** a command towards an instance; honours the master's rename-command table */
  send(inst: Instance, master: Master, link: LinkKind, cmd: string[], tag: ReplyTag): boolean;
  newInstanceId(): number;
  /** a record just added under `master` (links are addressed by its id; see SentinelCore.findInstance) */
  indexInstance(inst: Instance, master: Master): void;
  readonly peerAuth: PeerAuth;
  readonly announceHostnames: boolean;
  readonly resolveHostnames: boolean;
  /**
   * The IP for a host: itself for an IP literal, the last DNS answer fed to
   * the core for a name. null when unknown: with resolve-hostnames on, a
   * resolution was requested (see address.ts); with it off, names are not
   * accepted at all (logged when `logFailure`, as instance creation does).
   */
  lookupHost(host: string, logFailure?: boolean): string | null;
  /** asks the shell to (re)resolve a name; a no-op for IP literals or with resolve-hostnames off */
  requestResolve(host: string): void;
  simulateFailure: { crashAfterElection: boolean; crashAfterPromotion: boolean };
}

export interface PeerAuth {
  sentinelUser: string | null;
  sentinelPass: string | null;
  /** sent to peers when sentinel-pass is unset, for compatibility with older setups */
  requirePass: string | null;
}

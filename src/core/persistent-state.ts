/**
 * The part of the sentinel's state that survives a restart: exactly what the
 * `sentinel ...` lines of the config file carry. The config layer turns files
 * into this shape and back; the core is built from it and snapshots it on every
 * flush. Keeping it a plain value is what lets both sides be tested alone.
 */

export interface AddrSpec {
  host: string;
  port: number;
}

export interface KnownSentinelSpec extends AddrSpec {
  runid: string;
}

export interface MasterSpec {
  name: string;
  host: string;
  port: number;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  notificationScript: string | null;
  clientReconfigScript: string | null;
  authPass: string | null;
  authUser: string | null;
  masterRebootDownAfterPeriodMs: number;
  /** original command (as the user wrote it; matched case-insensitively) -> renamed command, in insertion order */
  renamedCommands: Array<[string, string]>;
  configEpoch: bigint;
  leaderEpoch: bigint;
  knownReplicas: AddrSpec[];
  knownSentinels: KnownSentinelSpec[];
}

export interface PersistentState {
  myid: string | null;
  currentEpoch: bigint;
  announceIp: string | null;
  announcePort: number;
  announceHostnames: boolean;
  resolveHostnames: boolean;
  denyScriptsReconfig: boolean;
  sentinelUser: string | null;
  sentinelPass: string | null;
  masters: MasterSpec[];
}

export const DEFAULT_DOWN_AFTER_MS = 30000;
export const DEFAULT_FAILOVER_TIMEOUT_MS = 180000;
export const DEFAULT_PARALLEL_SYNCS = 1;

export function emptyPersistentState(): PersistentState {
  return {
    myid: null,
    currentEpoch: 0n,
    announceIp: null,
    announcePort: 0,
    announceHostnames: false,
    resolveHostnames: false,
    denyScriptsReconfig: true,
    sentinelUser: null,
    sentinelPass: null,
    masters: [],
  };
}

export function newMasterSpec(name: string, host: string, port: number, quorum: number): MasterSpec {
  return {
    name,
    host,
    port,
    quorum,
    downAfterMs: DEFAULT_DOWN_AFTER_MS,
    failoverTimeoutMs: DEFAULT_FAILOVER_TIMEOUT_MS,
    parallelSyncs: DEFAULT_PARALLEL_SYNCS,
    notificationScript: null,
    clientReconfigScript: null,
    authPass: null,
    authUser: null,
    masterRebootDownAfterPeriodMs: 0,
    renamedCommands: [],
    configEpoch: 0n,
    leaderEpoch: 0n,
    knownReplicas: [],
    knownSentinels: [],
  };
}

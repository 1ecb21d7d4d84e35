import type { Instance, FailoverState } from './instance';
import { announcedHost } from './address';
import type { MasterSettings } from './master-options';

/** A monitored master: an instance record plus its configuration, its replicas, its peers and the failover. */
export interface Master extends Instance, MasterSettings {
  kind: 'master';
  /** keyed by the lower-cased command; `from` keeps the user's spelling for the config file */
  renamedCommands: Map<string, { from: string; to: string }>;
  configEpoch: bigint;
  /** the vote this sentinel cast for this master: run id and epoch */
  leader: string | null;
  leaderEpoch: bigint;
  /** the flush that recorded that vote (0: read from the config file); see vote.ts ownVoteSaved */
  leaderFlush: number;
  failoverState: FailoverState;
  failoverEpoch: bigint;
  failoverStateChangeTime: number;
  failoverStartTime: number;
  failoverDelayLogged: number;
  /** after an election nobody could win, when this sentinel may stand again (0: no such retry); see failover.ts */
  splitVoteRetryTime: number;
  promotedSlave: Instance | null;
  /** keyed by replica name (ip:port) */
  slaves: Map<string, Instance>;
  /** keyed by run id */
  sentinels: Map<string, Instance>;
  /** replicas the last INFO listed by a name not resolved yet: added once it is */
  unresolvedReplicas: Array<{ host: string; port: number }>;
}

/** The instance clients should use: the promoted replica once it was promoted. */
export function currentMasterInstance(m: Master): Instance {
  if (
    m.flags.failoverInProgress &&
    m.promotedSlave &&
    (m.failoverState === 'reconf_slaves' || m.failoverState === 'update_config')
  ) {
    return m.promotedSlave;
  }
  return m;
}

/** The address clients should use, in its announced form. */
export function currentMasterAddress(m: Master, announceHostnames: boolean): { host: string; port: number } {
  const i = currentMasterInstance(m);
  return { host: announcedHost(i, announceHostnames), port: i.port };
}

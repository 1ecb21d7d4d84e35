/**
 * Instance records, named as in Redis Sentinel: one record per monitored
 * master, per replica of a master and per other sentinel watching a master.
 * Every timing rule (sdown, reconnects, ping pacing) is expressed in terms
 * of the record's link (see link.ts), which the records of one peer sentinel
 * under different masters share.
 */

import { ipLiteral } from './address';
import type { Link } from './link';
import { newLink } from './link';
import type { InfoText } from './info-text';

export type InstanceKind = 'master' | 'slave' | 'sentinel';

export type FailoverState =
  | 'none'
  | 'wait_start'
  | 'select_slave'
  | 'send_slaveof_noone'
  | 'wait_promotion'
  | 'reconf_slaves'
  | 'update_config';

export interface Flags {
  sDown: boolean;
  oDown: boolean;
  /** sentinels only: that peer last said the master is down */
  masterDown: boolean;
  failoverInProgress: boolean;
  promoted: boolean;
  reconfSent: boolean;
  reconfInprog: boolean;
  reconfDone: boolean;
  forceFailover: boolean;
  scriptKillSent: boolean;
  masterReboot: boolean;
}

export interface Instance {
  /** unique per record for the life of the process; links are addressed by it */
  id: number;
  kind: InstanceKind;
  /** master: its name; replica: ip:port; sentinel: its run id */
  name: string;
  /** the address as given (hostname or IP literal) */
  host: string;
  /** the resolved IP ('' while a hostname is unresolved); see address.ts */
  ip: string;
  port: number;
  runid: string | null;
  flags: Flags;
  link: Link;
  sDownSinceTime: number;
  oDownSinceTime: number;
  infoRefresh: number;
  /** last INFO sent: the fast pace (FAST_INFO_PERIOD_MS) must not pile requests on a slow instance */
  infoSentTime: number;
  /** the last INFO reply (see InfoText) */
  info: InfoText | null;
  roleReported: 'master' | 'slave';
  roleReportedTime: number;
  slaveConfChangeTime: number;
  /* replica fields parsed from INFO */
  masterLinkDownTime: number;
  slaveMasterHost: string | null;
  slaveMasterPort: number;
  slaveMasterLinkUp: boolean;
  slavePriority: number;
  slaveReplOffset: bigint;
  replicaAnnounced: boolean;
  slaveReconfSentTime: number;
  /* sentinel fields */
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  /**
   * is-master-down-by-addr asks of this record not answered yet, on the link's
   * command connection number `asksSerial` (one shared link carries the asks
   * of every master the peer watches, each answered to its own record)
   */
  pendingMasterDownAsks: number;
  /** of those, the ones asked about an address the master has since left (see master-down-replies.ts) */
  staleMasterDownAsks: number;
  asksSerial: number;
  leader: string | null;
  leaderEpoch: bigint;
  /** master reboot window start (master-reboot-down-after-period) */
  masterRebootSinceTime: number;
  lastPubTime: number;
}

export function noFlags(): Flags {
  return {
    sDown: false,
    oDown: false,
    masterDown: false,
    failoverInProgress: false,
    promoted: false,
    reconfSent: false,
    reconfInprog: false,
    reconfDone: false,
    forceFailover: false,
    scriptKillSent: false,
    masterReboot: false,
  };
}

export function newInstance(
  id: number,
  kind: InstanceKind,
  name: string,
  host: string,
  port: number,
  now: number,
): Instance {
  return {
    id,
    kind,
    name,
    host,
    ip: ipLiteral(host) ?? '',
    port,
    runid: null,
    flags: noFlags(),
    link: newLink(id, kind, now),
    sDownSinceTime: 0,
    oDownSinceTime: 0,
    infoRefresh: 0,
    infoSentTime: 0,
    info: null,
    roleReported: kind === 'slave' ? 'slave' : 'master',
    roleReportedTime: now,
    slaveConfChangeTime: now,
    masterLinkDownTime: 0,
    slaveMasterHost: null,
    slaveMasterPort: 0,
    slaveMasterLinkUp: false,
    slavePriority: 100,
    slaveReplOffset: 0n,
    replicaAnnounced: true,
    slaveReconfSentTime: 0,
    lastHelloTime: now,
    lastMasterDownReplyTime: now,
    pendingMasterDownAsks: 0,
    staleMasterDownAsks: 0,
    asksSerial: 0,
    leader: null,
    leaderEpoch: 0n,
    masterRebootSinceTime: 0,
    lastPubTime: now,
  };
}

/** Replica names are `ip:port` (or `host:port` when hostnames are announced), with IPv6 addresses bracketed. */
export function replicaName(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The flags string of SENTINEL MASTER/REPLICAS/SENTINELS, in Redis's order. */
export function flagsString(inst: Instance): string {
  const f = inst.flags;
  const out: string[] = [];
  if (f.sDown) out.push('s_down');
  if (f.oDown) out.push('o_down');
  out.push(inst.kind);
  if (inst.link.disconnected) out.push('disconnected');
  if (f.masterDown) out.push('master_down');
  if (f.failoverInProgress) out.push('failover_in_progress');
  if (f.promoted) out.push('promoted');
  if (f.reconfSent) out.push('reconf_sent');
  if (f.reconfInprog) out.push('reconf_inprog');
  if (f.reconfDone) out.push('reconf_done');
  if (f.forceFailover) out.push('force_failover');
  if (f.scriptKillSent) out.push('script_kill_sent');
  // Redis 7.2 shows the reboot window; 7.0 kept it to itself.
  if (f.masterReboot) out.push('master_reboot');
  return out.join(',');
}

import type { CoreContext } from './context';
import type { Instance, InstanceKind } from './instance';
import type { Master } from './master';
import type { LinkKind } from './output';
import { coreAssert } from './assert';

/**
 * The link to an instance: the command connection and, for masters and
 * replicas, the pub/sub connection, with the timestamps every timing rule
 * (sdown, reconnects, ping pacing) is written in. This module is the one
 * home of that state; the shell's LinkManager only holds the sockets (and,
 * as hiredis does for redis, the queue of reply tags of each socket).
 *
 * A peer sentinel watching many of our masters has one record per master,
 * and all of them use one link (redis's sentinelTryConnectionSharing): one
 * connection and one PING per period per peer, not one per master it shares
 * with us. With 200 masters that is 200 connections and ~110 PINGs a
 * second fewer per peer, and a peer that is down costs one reconnect per
 * period instead of 200. Links of masters and replicas are never shared.
 * The link is addressed towards the shell by the id of the record that
 * made it; a reply on a shared link belongs to the record that sent the
 * command, which the link remembers in order (`senders`), as hiredis keeps
 * each callback's privdata.
 */
export interface Link {
  /** the connections' id towards the shell: the id of the record that made the link */
  readonly id: number;
  /** how many records use this link (SENTINEL SENTINELS' link-refcount) */
  refcount: number;
  /**
   * Sentinel links only (null otherwise): the record id of each command sent
   * on the command connection whose reply has not come yet, oldest first.
   */
  readonly senders: number[] | null;
  /** counts the command connections made: the asks of a record (instance.ts) belong to one of them */
  ccSerial: number;
  /** the command connection exists (connecting or connected) */
  cc: boolean;
  /** the pub/sub connection exists; unused for sentinels */
  pc: boolean;
  /** Redis considers a link disconnected until both connections were created */
  disconnected: boolean;
  pendingCommands: number;
  ccConnTime: number;
  pcConnTime: number;
  pcLastActivity: number;
  /** last time we saw a valid PING reply */
  lastAvailTime: number;
  /** oldest PING still unanswered (0 = none pending): the clock of sdown */
  actPingTime: number;
  lastPingTime: number;
  /** last time any reply to PING arrived */
  lastPongTime: number;
  /** last connection attempt: reconnects are paced by the ping period */
  lastReconnTime: number;
  /** our side's address of the established command connection: the ip announced in hellos */
  localIp: string | null;
}

export function newLink(id: number, kind: InstanceKind, now: number): Link {
  return {
    id,
    refcount: 1,
    senders: kind === 'sentinel' ? [] : null,
    ccSerial: 0,
    cc: false,
    pc: false,
    disconnected: true,
    pendingCommands: 0,
    ccConnTime: 0,
    pcConnTime: 0,
    pcLastActivity: 0,
    lastAvailTime: now,
    // A new link starts the sdown clock at once: an instance that never
    // answers must eventually be considered down.
    actPingTime: now,
    lastPingTime: 0,
    lastPongTime: now,
    lastReconnTime: 0,
    localIp: null,
  };
}

/** The `link-refcount` of SENTINEL MASTERS/REPLICAS/SENTINELS: how many instance records use this link. */
export function linkRefcount(inst: Instance): number {
  return inst.link.refcount;
}

/**
 * A new record of a peer sentinel under `master` takes the link that the
 * peer's record under another master (same run id) already has. The new
 * record's own link is unused at that point and is dropped. Redis shares
 * by run id alone, whatever address each record holds; an address that
 * differs is corrected by the next hello, which moves every record and
 * closes the link.
 */
export function tryLinkSharing(ctx: CoreContext, inst: Instance, master: Master): void {
  coreAssert(inst.kind === 'sentinel', 'a link shared by a record that is not a sentinel', inst.name);
  coreAssert(inst.link.refcount === 1 && !inst.link.cc && !inst.link.pc, 'a record joined a shared link with a link of its own in use', inst.name);
  for (const m of ctx.masters.values()) {
    if (m === master) continue;
    const match = m.sentinels.get(inst.name);
    if (match === undefined || match === inst) continue;
    inst.link = match.link;
    inst.link.refcount++;
    break;
  }
}

/**
 * A record leaves its master (reset, removal, a peer that moved): the link
 * is closed only with its last record. Replies still due to the record are
 * dropped when they come (see SentinelCore.reply), as redis rebinds their
 * callbacks to one that discards them.
 */
export function releaseLink(ctx: CoreContext, inst: Instance): void {
  const link = inst.link;
  coreAssert(link.refcount > 0, 'a link released more often than it was taken', inst.name);
  link.refcount--;
  if (link.refcount === 0) closeLinks(ctx, inst);
}

export function connectionOpen(link: Link, kind: LinkKind): boolean {
  return kind === 'cmd' ? link.cc : link.pc;
}

/**
 * The one close transition of a connection (instanceLinkCloseConnection).
 * `by`: 'us' when the core drops it (the shell is told to close the socket),
 * 'peer' when the shell reports the socket gone. A no-op on a connection that
 * is not open. Returns whether it was open.
 */
export function closeConnection(ctx: CoreContext, inst: Instance, kind: LinkKind, by: 'us' | 'peer'): boolean {
  const link = inst.link;
  if (!connectionOpen(link, kind)) return false;
  if (by === 'us') ctx.emit({ type: 'close', id: link.id, link: kind });
  if (kind === 'cmd') {
    link.cc = false;
    // Replies to what was sent on it will never come.
    link.pendingCommands = 0;
    if (link.senders !== null) link.senders.length = 0;
    link.localIp = null;
  } else link.pc = false;
  link.disconnected = true;
  checkLink(inst);
  return true;
}

/** Both connections, closed by us (a reset, a removal, a new address). */
export function closeLinks(ctx: CoreContext, inst: Instance): void {
  closeConnection(ctx, inst, 'cmd', 'us');
  closeConnection(ctx, inst, 'pubsub', 'us');
}

/** The link's own invariants, checked after each transition. */
export function checkLink(inst: Instance): void {
  const l = inst.link;
  coreAssert(l.pendingCommands >= 0, 'link pending commands went negative', inst.name);
  coreAssert(l.refcount === 1 || inst.kind === 'sentinel', 'a master or replica link shared', inst.name);
  // A sentinel link's pending count is its senders' length, kept as a count for the links of every kind.
  coreAssert(l.senders === null || l.senders.length === l.pendingCommands, 'link senders and pending commands disagree', inst.name);
  coreAssert(!(inst.kind === 'sentinel' && l.pc), 'a sentinel link has a pub/sub connection', inst.name);
  // Connected means every connection the kind needs exists.
  if (!l.disconnected) coreAssert(l.cc && (inst.kind === 'sentinel' || l.pc), 'link connected without its connections', inst.name);
  if (!l.cc) coreAssert(l.localIp === null, 'local ip kept for a closed command connection', inst.name);
}

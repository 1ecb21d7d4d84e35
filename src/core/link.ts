import type { CoreContext } from './context';
import type { Instance } from './instance';
import type { LinkKind } from './output';
import { coreAssert } from './assert';

/**
 * The link to an instance: the command connection and, for masters and
 * replicas, the pub/sub connection, with the timestamps every timing rule
 * (sdown, reconnects, ping pacing) is written in. This module is the one
 * home of that state; the shell's LinkManager only holds the sockets (and,
 * as hiredis does for redis, the queue of reply tags of each socket).
 *
 * Why one link per instance record and no sharing of a peer sentinel's link
 * across the masters it watches (redis's sentinelTryConnectionSharing): the
 * records of a peer under different masters do not always agree (a hello
 * moves one master's record before the others, a reset drops one of them),
 * and every input is addressed by the record's id, so a shared link would
 * need a second owner table and a reply would have to be attributed to the
 * record that sent the command. What a peer sees is the same protocol on
 * more connections (one per master it shares with us); SENTINEL SENTINELS
 * and MASTERS therefore report `link-refcount` 1, the truth for this design.
 */
export interface Link {
  /** the command connection exists (connecting or connected) */
  cc: boolean;
  /** the pub/sub connection exists; unused for sentinels */
  pc: boolean;
  /** Redis considers a link disconnected until both connections were created */
  disconnected: boolean;
  pendingCommands: number;
  /** sentinels only: is-master-down-by-addr requests on this connection not answered yet */
  pendingMasterDownAsks: number;
  /** of those, the ones asked about an address the master has since left (see master-down-replies.ts) */
  staleMasterDownAsks: number;
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

export function newLink(now: number): Link {
  return {
    cc: false,
    pc: false,
    disconnected: true,
    pendingCommands: 0,
    pendingMasterDownAsks: 0,
    staleMasterDownAsks: 0,
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

/**
 * The `link-refcount` of SENTINEL MASTERS/REPLICAS/SENTINELS: how many
 * instance records use this link. Links are not shared (see above), so it
 * is always 1, where redis-sentinel shows how many masters share a peer's.
 */
export function linkRefcount(_inst: Instance): number {
  return 1;
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
  if (by === 'us') ctx.emit({ type: 'close', id: inst.id, link: kind });
  if (kind === 'cmd') {
    link.cc = false;
    // Replies to what was sent on it will never come.
    link.pendingCommands = 0;
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
  coreAssert(!(inst.kind === 'sentinel' && l.pc), 'a sentinel link has a pub/sub connection', inst.name);
  // Connected means every connection the kind needs exists.
  if (!l.disconnected) coreAssert(l.cc && (inst.kind === 'sentinel' || l.pc), 'link connected without its connections', inst.name);
  if (!l.cc) coreAssert(l.localIp === null, 'local ip kept for a closed command connection', inst.name);
}

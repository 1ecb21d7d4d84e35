import type { CoreContext } from './context';
import type { Instance } from './instance';
import { newInstance, noFlags, replicaName } from './instance';
import { newLink, releaseLink } from './link';
import type { Master } from './master';
import type { Address } from './address';
import { announcedHost, sameAddress } from './address';
import { forgetMasterDownAnswers } from './master-down-replies';

/**
 * Forgets everything learnt about a master (replicas, optionally peers,
 * failover, vote) but keeps its configuration. Used by SENTINEL RESET and
 * by a master switch, which then re-adds what it knows as replicas.
 *
 * Nothing observed before the reset may count afterwards: after a switch it
 * describes another instance. Redis keeps the reconnect pacing of the link
 * and the peers' "down" answers; then a follower whose last attempt at the
 * dead master was just now reaches the new master only a ping period later,
 * finds it unanswered for down-after, and the peers' answers about the old
 * address make that odown at once: a second failover, losing the writes the
 * first new master acknowledged.
 */
export function resetMaster(
  ctx: CoreContext,
  master: Master,
  opts: { sentinels: boolean; event: boolean },
  closeLinks: (inst: Instance) => void,
): void {
  for (const s of master.slaves.values()) closeLinks(s);
  master.slaves.clear();
  if (opts.sentinels) {
    for (const s of master.sentinels.values()) releaseLink(ctx, s);
    master.sentinels.clear();
  }
  closeLinks(master);
  // A fresh link: no reconnect pacing, and the sdown clock starts now.
  master.link = newLink(master.id, 'master', ctx.now);
  forgetMasterDownAnswers(master);
  master.flags = noFlags();
  master.leader = null;
  master.failoverState = 'none';
  master.failoverStateChangeTime = 0;
  master.failoverStartTime = 0;
  master.promotedSlave = null;
  master.runid = null;
  master.slaveMasterHost = null;
  master.unresolvedReplicas = [];
  master.roleReportedTime = ctx.now;
  master.roleReported = 'master';
  if (opts.event) ctx.event('warning', '+reset-master', master, master);
}

export function resetMasterAndChangeAddress(
  ctx: CoreContext,
  master: Master,
  to: Address,
  closeLinks: (inst: Instance) => void,
): void {
  // Addresses travel with their resolved IP, so recreated replicas keep it.
  const keep: Address[] = [];
  for (const s of master.slaves.values()) {
    if (sameAddress(s, to)) continue;
    keep.push({ host: s.host, ip: s.ip, port: s.port });
  }
  if (!sameAddress(master, to)) keep.push({ host: master.host, ip: master.ip, port: master.port });
  resetMaster(ctx, master, { sentinels: false, event: false }, closeLinks);
  master.host = to.host;
  master.ip = to.ip !== '' ? to.ip : (ctx.lookupHost(to.host) ?? '');
  master.port = to.port;
  master.oDownSinceTime = 0;
  master.sDownSinceTime = 0;
  for (const a of keep) {
    const name = replicaName(announcedHost(a, ctx.announceHostnames), a.port);
    if (master.slaves.has(name)) continue;
    const s = newInstance(ctx.newInstanceId(), 'slave', name, a.host, a.port, ctx.now);
    s.ip = a.ip;
    master.slaves.set(name, s);
    ctx.indexInstance(s, master);
    ctx.event('notice', '+slave', s, master);
  }
  ctx.flushConfig();
}

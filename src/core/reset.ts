import type { CoreContext } from './context';
import type { Instance } from './instance';
import { newInstance, noFlags, replicaName } from './instance';
import type { Master } from './master';

/**
 * Forgets everything learnt about a master (replicas, optionally peers,
 * failover, vote) but keeps its configuration. Used by SENTINEL RESET and
 * by a master switch, which then re-adds what it knows as replicas.
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
    for (const s of master.sentinels.values()) closeLinks(s);
    master.sentinels.clear();
  }
  closeLinks(master);
  master.flags = noFlags();
  master.leader = null;
  master.failoverState = 'none';
  master.failoverStateChangeTime = 0;
  master.failoverStartTime = 0;
  master.promotedSlave = null;
  master.runid = null;
  master.slaveMasterHost = null;
  master.link.actPingTime = ctx.now;
  master.link.lastPingTime = 0;
  master.link.lastAvailTime = ctx.now;
  master.link.lastPongTime = ctx.now;
  master.roleReportedTime = ctx.now;
  master.roleReported = 'master';
  if (opts.event) ctx.event('warning', '+reset-master', master, master);
}

export function resetMasterAndChangeAddress(
  ctx: CoreContext,
  master: Master,
  host: string,
  port: number,
  closeLinks: (inst: Instance) => void,
): void {
  const same = (h: string, p: number, h2: string, p2: number): boolean => p === p2 && h.toLowerCase() === h2.toLowerCase();
  const keep: Array<{ host: string; port: number }> = [];
  for (const s of master.slaves.values()) {
    if (same(s.host, s.port, host, port)) continue;
    keep.push({ host: s.host, port: s.port });
  }
  if (!same(master.host, master.port, host, port)) keep.push({ host: master.host, port: master.port });
  resetMaster(ctx, master, { sentinels: false, event: false }, closeLinks);
  master.host = host;
  master.port = port;
  master.oDownSinceTime = 0;
  master.sDownSinceTime = 0;
  for (const a of keep) {
    const name = replicaName(a.host, a.port);
    const s = newInstance(ctx.newInstanceId(), 'slave', name, a.host, a.port, master.downAfterMs, ctx.now);
    master.slaves.set(name, s);
    ctx.event('notice', '+slave', s, master);
  }
  ctx.flushConfig();
}

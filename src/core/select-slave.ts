import type { Instance } from './instance';
import type { Master } from './master';
import type { TimingParams } from './timing';
import { SLAVE_SELECTION_PING_PERIODS } from './timing';

/**
 * The replicas that could be promoted right now. A replica whose data may be
 * stale (replication link down for much longer than the master has been down)
 * or that we cannot reach reliably is never a candidate.
 */
export function promotionCandidates(master: Master, now: number, timing: TimingParams): Instance[] {
  let maxMasterDownTime = 0;
  if (master.flags.sDown) maxMasterDownTime += now - master.sDownSinceTime;
  maxMasterDownTime += master.downAfterMs * 10;
  const infoValidity = master.flags.sDown ? timing.pingPeriod * 5 : timing.infoPeriod * 3;
  const out: Instance[] = [];
  for (const s of master.slaves.values()) {
    if (s.flags.sDown || s.flags.oDown) continue;
    if (s.link.disconnected) continue;
    if (now - s.link.lastAvailTime > timing.pingPeriod * SLAVE_SELECTION_PING_PERIODS) continue;
    if (s.slavePriority === 0) continue;
    if (now - s.infoRefresh > infoValidity) continue;
    if (s.masterLinkDownTime > maxMasterDownTime) continue;
    out.push(s);
  }
  return out;
}

/** Lower priority number first, then most replicated data, then run id (unknown run ids last). */
export function compareCandidates(a: Instance, b: Instance): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset > b.slaveReplOffset) return -1;
  if (a.slaveReplOffset < b.slaveReplOffset) return 1;
  const ra = a.runid;
  const rb = b.runid;
  if (ra === rb) return 0;
  if (ra === null) return 1;
  if (rb === null) return -1;
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

export function selectSlave(master: Master, now: number, timing: TimingParams): Instance | null {
  const c = promotionCandidates(master, now, timing);
  if (c.length === 0) return null;
  c.sort(compareCandidates);
  return c[0] ?? null;
}

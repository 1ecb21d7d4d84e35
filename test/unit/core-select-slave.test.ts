import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/core/instance';
import { newInstance } from '../../src/core/instance';
import { promotionCandidates, selectSlave } from '../../src/core/select-slave';
import { defaultTiming } from '../../src/core/timing';
import { CoreDriver } from '../helpers/core-driver';

type Tweak = Partial<Pick<Instance, 'slavePriority' | 'slaveReplOffset' | 'runid' | 'infoRefresh' | 'masterLinkDownTime'>> & {
  disconnected?: boolean;
  sdown?: boolean;
  availAgo?: number;
  infoAgo?: number;
};

/** A master (down-after 5 s) whose replicas are all healthy and fresh unless tweaked. */
function world(replicas: Record<number, Tweak>, masterSdownFor: number | null = null): CoreDriver {
  const d = new CoreDriver();
  const m = d.master;
  const now = d.now;
  if (masterSdownFor !== null) {
    m.flags.sDown = true;
    m.sDownSinceTime = now - masterSdownFor;
  }
  for (const [portS, t] of Object.entries(replicas)) {
    const port = Number(portS);
    const s = newInstance(d.core.newInstanceId(), 'slave', `127.0.0.1:${port}`, '127.0.0.1', port, now);
    s.link.disconnected = t.disconnected ?? false;
    s.link.lastAvailTime = now - (t.availAgo ?? 0);
    s.infoRefresh = now - (t.infoAgo ?? 0);
    s.flags.sDown = t.sdown ?? false;
    s.runid = t.runid === undefined ? String(port % 10).repeat(40) : t.runid;
    s.slavePriority = t.slavePriority ?? 100;
    s.slaveReplOffset = t.slaveReplOffset ?? 1000n;
    s.masterLinkDownTime = t.masterLinkDownTime ?? 0;
    m.slaves.set(s.name, s);
  }
  return d;
}

function chosen(d: CoreDriver): number | null {
  return selectSlave(d.master, d.now, defaultTiming())?.port ?? null;
}

describe('select-slave ordering', () => {
  it.each<{ name: string; replicas: Record<number, Tweak>; want: number | null }>([
    { name: 'lowest priority number wins', replicas: { 6380: { slavePriority: 100 }, 6381: { slavePriority: 10 }, 6382: { slavePriority: 50 } }, want: 6381 },
    { name: 'then the largest offset', replicas: { 6380: { slaveReplOffset: 100n }, 6381: { slaveReplOffset: 300n }, 6382: { slaveReplOffset: 200n } }, want: 6381 },
    { name: 'priority before offset', replicas: { 6380: { slavePriority: 90, slaveReplOffset: 1n }, 6381: { slavePriority: 100, slaveReplOffset: 999n } }, want: 6380 },
    { name: 'then the smallest run id', replicas: { 6380: { runid: 'c'.repeat(40) }, 6381: { runid: 'a'.repeat(40) }, 6382: { runid: 'b'.repeat(40) } }, want: 6381 },
    { name: 'an unknown run id comes last', replicas: { 6380: { runid: null }, 6381: { runid: 'f'.repeat(40) } }, want: 6381 },
    { name: 'priority 0 is never promoted', replicas: { 6380: { slavePriority: 0, slaveReplOffset: 9999n }, 6381: {} }, want: 6381 },
    { name: 'nobody when all have priority 0', replicas: { 6380: { slavePriority: 0 }, 6381: { slavePriority: 0 } }, want: null },
    { name: 'no replicas', replicas: {}, want: null },
  ])('$name', ({ replicas, want }) => {
    expect(chosen(world(replicas))).toBe(want);
  });
});

describe('select-slave filter', () => {
  it.each<{ name: string; tweak: Tweak; masterSdownFor?: number; eligible: boolean }>([
    { name: 'healthy', tweak: {}, eligible: true },
    { name: 'sdown', tweak: { sdown: true }, eligible: false },
    { name: 'disconnected', tweak: { disconnected: true }, eligible: false },
    { name: 'last PONG 5 s ago (5 ping periods)', tweak: { availAgo: 5000 }, eligible: true },
    { name: 'last PONG 5.001 s ago', tweak: { availAgo: 5001 }, eligible: false },
    { name: 'INFO 30 s old while the master is up', tweak: { infoAgo: 30_000 }, eligible: true },
    { name: 'INFO 30.001 s old while the master is up', tweak: { infoAgo: 30_001 }, eligible: false },
    { name: 'INFO 5 s old while the master is sdown', tweak: { infoAgo: 5000 }, masterSdownFor: 1000, eligible: true },
    { name: 'INFO 5.001 s old while the master is sdown', tweak: { infoAgo: 5001 }, masterSdownFor: 1000, eligible: false },
    // The replication link may be down 10 × down-after plus however long the master has been sdown.
    { name: 'link down 50 s, master up', tweak: { masterLinkDownTime: 50_000 }, eligible: true },
    { name: 'link down 50.001 s, master up', tweak: { masterLinkDownTime: 50_001 }, eligible: false },
    { name: 'link down 60 s, master sdown for 10 s', tweak: { masterLinkDownTime: 60_000 }, masterSdownFor: 10_000, eligible: true },
    { name: 'link down 60.001 s, master sdown for 10 s', tweak: { masterLinkDownTime: 60_001 }, masterSdownFor: 10_000, eligible: false },
  ])('$name → eligible: $eligible', ({ tweak, masterSdownFor, eligible }) => {
    const d = world({ 6380: tweak }, masterSdownFor ?? null);
    expect(promotionCandidates(d.master, d.now, defaultTiming()).map((s) => s.port)).toEqual(eligible ? [6380] : []);
  });
});

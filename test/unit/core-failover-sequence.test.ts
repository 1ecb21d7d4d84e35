import { describe, expect, it } from 'vitest';
import type { PersistentState } from '../../src/core/persistent-state';
import { settle } from '../sim/invariants';
import { MASTER_NAME, World } from '../sim/world';

/**
 * One sentinel (quorum 1), a master on 6379 and replicas 6380/6381; 6381 has
 * the better priority so the choice is known in advance.
 */
function setup(): { w: World; myid: string } {
  const w = new World({ seed: 42, sentinels: 1, replicas: 2, quorum: 1, downAfterMs: 3000, failoverTimeoutMs: 30000, lockstep: true });
  w.mustRedis(6381).priority = 50;
  w.run(15000);
  return { w, myid: w.mustSentinel(0).myid };
}

/*
 * The event sequence of this failover, the SLAVEOFs and the old master's
 * demotion are the scenario file
 * test/scenarios/testdata/failover-single-sentinel.txt.
 */
describe('single-sentinel failover', () => {
  it('snapshot: the promoted replica is written as the master as soon as it is promoted, and after the switch', () => {
    const { w, myid } = setup();
    let atPromotion: PersistentState | null = null;
    w.eventListeners.push((e, world) => {
      if (e.channel === '+promoted-slave') atPromotion = world.core(0).snapshot();
    });
    w.crashRedis(6379);
    w.run(20_000);
    const mid = (atPromotion as PersistentState | null)?.masters[0];
    expect([mid?.host, mid?.port, mid?.configEpoch]).toEqual(['127.0.0.1', 6381, 1n]);
    expect(mid?.knownReplicas.map((r) => r.port).sort()).toEqual([6379, 6380]);

    const snap = w.core(0).snapshot();
    expect(snap.myid).toBe(myid);
    expect(snap.currentEpoch).toBe(1n);
    const m = snap.masters[0];
    expect(m?.name).toBe(MASTER_NAME);
    expect([m?.host, m?.port, m?.configEpoch, m?.leaderEpoch]).toEqual(['127.0.0.1', 6381, 1n, 1n]);
    expect(m?.knownReplicas.map((r) => `${r.host}:${r.port}`).sort()).toEqual(['127.0.0.1:6379', '127.0.0.1:6380']);
    // What a restart would read back is the same.
    expect(w.mustSentinel(0).persisted).toEqual(snap);
  });
});

import { describe, expect, it } from 'vitest';
import { EpochAddressTracker, SafetyTracker, settle, tail } from './invariants';
import type { RecordedEvent } from './world';
import { MASTER_NAME, REDIS_BASE_PORT, World } from './world';

/**
 * The elected leader is cut off from everybody (peers and instances) at
 * different points of its failover. The others must finish the job on their
 * own, and after the cut heals the whole group must agree again, whatever the
 * leader did or half did.
 */
const STAGES = ['+elected-leader', '+selected-slave', '+failover-state-wait-promotion', '+promoted-slave', '+slave-reconf-sent'];

describe.each(STAGES)('leader cut off at %s', (stage) => {
  it.each([11, 12, 13])('seed %i', (seed) => {
    const w = new World({ seed, sentinels: 5, replicas: 3, quorum: 3, downAfterMs: 3000, failoverTimeoutMs: 10000 });
    const safety = new SafetyTracker(w);
    const epochAddress = new EpochAddressTracker(w);
    const why = (): string => `seed ${seed}\n${w.describe()}\n${tail(w)}`;
    let hit: RecordedEvent | null = null;
    // Cut at the event itself, not at the next step: over a fast network the
    // whole failover fits in one 100 ms step.
    w.eventListeners.push((e) => {
      if (hit !== null || e.channel !== stage) return;
      hit = e;
      w.partition([`s${e.sentinel}`]);
    });

    w.run(15000);
    w.crashRedis(REDIS_BASE_PORT);
    expect(w.runUntil(() => hit !== null, 60000), why()).toBe(true);
    const leader = (hit as RecordedEvent | null)?.sentinel ?? -1;
    const leaderEpoch = w.core(leader).masters.get(MASTER_NAME)?.failoverEpoch ?? 0n;

    // The majority side settles without the leader.
    const others = w.sentinels.filter((s) => s.idx !== leader).map((s) => s.idx);
    const majorityOk = w.runUntil(() => majorityUnsettled(w, others) === null, 90000);
    expect(majorityOk, `${majorityUnsettled(w, others)}\n${why()}`).toBe(true);
    if (stage === '+elected-leader' || stage === '+selected-slave') {
      // Nothing was sent to any replica yet: the majority had to win a newer election.
      const epoch = w.views().find((v) => v.sentinel === others[0])?.configEpoch ?? 0n;
      expect(epoch, why()).toBeGreaterThan(leaderEpoch);
    }

    w.healAll(); // the cut, and the old master comes back too
    expect(settle(w, 120000, 5000, { replicas: true }), why()).toBeNull();
    expect(safety.violations, why()).toEqual([]);
    expect(epochAddress.violations, why()).toEqual([]);
    expect(safety.promotionCount, why()).toBeGreaterThanOrEqual(1);
  });
});

/** Like `unsettled`, restricted to some sentinels (the others may be cut off). */
function majorityUnsettled(w: World, idx: number[]): string | null {
  const views = w.views().filter((v) => idx.includes(v.sentinel));
  const first = views[0];
  if (first === undefined || views.length !== idx.length) return 'missing sentinels';
  for (const v of views) {
    if (v.failover) return `sentinel ${v.sentinel} is failing over`;
    if (v.port !== first.port || v.configEpoch !== first.configEpoch) return 'the majority disagrees';
  }
  if (first.port === REDIS_BASE_PORT) return 'still on the crashed master';
  // The leader may have promoted another replica too; the majority demotes
  // it once it sees it, which may take until after the heal.
  if (!w.actualMasters().includes(first.port)) return `${first.port} does not act as master`;
  return null;
}

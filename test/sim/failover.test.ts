import { describe, expect, it } from 'vitest';
import { EpochAddressTracker, SafetyTracker, settle, tail } from './invariants';
import { MASTER_NAME, REDIS_BASE_PORT, World } from './world';

/**
 * A healthy group of sentinels loses its master: exactly one replica must be
 * promoted, every sentinel must end up with the same master and config epoch,
 * and the old master, once back, must be turned into a replica.
 */
describe.each([
  { sentinels: 3, quorum: 2 },
  { sentinels: 5, quorum: 3 },
  { sentinels: 5, quorum: 2 },
])('$sentinels sentinels with quorum $quorum', ({ sentinels, quorum }) => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: master crash gives exactly one failover', (seed) => {
    const w = new World({ seed, sentinels, replicas: 2, quorum, downAfterMs: 3000, failoverTimeoutMs: 10000 });
    const safety = new SafetyTracker(w);
    const epochAddress = new EpochAddressTracker(w);
    const why = (): string => `seed ${seed}\n${w.describe()}\n${tail(w)}`;

    w.run(15000);
    for (const s of w.sentinels) {
      const m = w.core(s.idx).masters.get(MASTER_NAME);
      expect(m?.slaves.size, why()).toBe(2);
      expect(m?.sentinels.size, why()).toBe(sentinels - 1);
    }

    const crashAt = w.now;
    w.crashRedis(REDIS_BASE_PORT);
    expect(settle(w, 120000), why()).toBeNull();

    expect(safety.violations, why()).toEqual([]);
    expect(safety.promotionCount, why()).toBe(1);
    const views = w.views();
    const first = views[0];
    expect(first?.port, why()).not.toBe(REDIS_BASE_PORT);
    for (const v of views) {
      expect(v.configEpoch, why()).toBeGreaterThanOrEqual(1n);
      expect(w.core(v.sentinel).currentEpoch, why()).toBeGreaterThanOrEqual(v.configEpoch);
      const switches = w.eventsOf(v.sentinel, crashAt).filter((e) => e.channel === '+switch-master');
      expect(switches.map((e) => e.payload), why()).toEqual([`${MASTER_NAME} 127.0.0.1 ${REDIS_BASE_PORT} 127.0.0.1 ${first?.port}`]);
    }

    // The old master comes back claiming to be master: it is demoted.
    const backAt = w.now;
    w.restartRedis(REDIS_BASE_PORT);
    expect(settle(w, 120000, 5000, { replicas: true }), why()).toBeNull();
    const converted = w.events.filter((e) => e.t >= backAt && e.channel === '+convert-to-slave');
    expect(converted.length, why()).toBeGreaterThan(0);
    expect(converted[0]?.payload, why()).toMatch(new RegExp(`^slave 127\\.0\\.0\\.1:${REDIS_BASE_PORT} `));
    expect(safety.promotionCount, why()).toBe(1);
    expect(safety.violations, why()).toEqual([]);
    expect(epochAddress.violations, why()).toEqual([]);
  });
});

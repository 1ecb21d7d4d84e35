import { describe, expect, it } from 'vitest';
import type { Master } from '../../src/core/master';
import { EpochAddressTracker, SafetyTracker, settle, tail } from './invariants';
import type { RecordedEvent } from './world';
import { MASTER_NAME, REDIS_BASE_PORT, World } from './world';

/**
 * A leader stuck in reconf_slaves (here through TILT) must not end its stale
 * failover under a newer config epoch it adopted meanwhile.
 *
 * 1. 6379 crashes; leader L fails over in epoch 1 and promotes 6381 (the only
 *    replica allowed to be promoted). The peers switch to 6381@1.
 * 2. L is frozen for 2.5 s: it comes back in TILT for 30 s, its failover
 *    frozen in reconf_slaves, its master address still 6379.
 * 3. 6379 comes back (demoted to a replica of 6381 by the peers), then 6381
 *    crashes: the peers fail over in epoch 2 and promote 6379.
 * 4. L hears 6379@2 in hellos: its recorded address is already 6379, so it
 *    only adopts epoch 2. When TILT ends its own failover ends by timeout.
 *    Before the fix, L then switched to 6381 under epoch 2: equal epochs, so
 *    nobody ever corrected it (found as dense-fault seed 533 with
 *    SIM_GAP_MS=600, and as seed 160 by the simulation's author).
 *
 * Found with the random schedule; this replays the essential steps by hand.
 */
const PROMOTED_FIRST = REDIS_BASE_PORT + 2; // 6381

describe('stale leader adopts a newer config epoch while in reconf_slaves', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    const w = new World({ seed, sentinels: 3, replicas: 3, quorum: 2, downAfterMs: 3000, failoverTimeoutMs: 10000 });
    const safety = new SafetyTracker(w);
    const epochAddress = new EpochAddressTracker(w);
    const steps: string[] = [];
    const step = (s: string): void => {
      steps.push(`${w.now - (w.opts.startTime ?? 1_700_000_000_000)}: ${s}`);
    };
    let leader = -1;
    const why = (): string =>
      `seed ${seed} (replay: npx vitest run test/sim/stale-leader.test.ts -t "seed ${seed}")\nsteps:\n  ${steps.join('\n  ')}\n` +
      `${w.describe()}\n${tail(w, 60)}`;
    // Only 6381, then (once back as a replica) 6379, may be promoted.
    for (const r of w.redis.values()) if (r.port !== REDIS_BASE_PORT && r.port !== PROMOTED_FIRST) r.priority = 0;
    let promoted: RecordedEvent | null = null;
    w.eventListeners.push((e) => {
      if (promoted === null && e.channel === '+promoted-slave') promoted = e;
    });

    w.run(15000);
    step('crash 6379');
    w.crashRedis(REDIS_BASE_PORT);
    expect(w.runUntil(() => promoted !== null, 60000), why()).toBe(true);
    leader = (promoted as RecordedEvent | null)?.sentinel ?? -1;
    step(`s${leader} promoted ${PROMOTED_FIRST} in epoch 1`);
    const peers = w.sentinels.filter((s) => s.idx !== leader).map((s) => s.idx);
    const peersOn = (port: number, epoch: bigint): boolean =>
      w.views().filter((v) => peers.includes(v.sentinel)).every((v) => v.port === port && v.configEpoch === epoch);
    expect(w.runUntil(() => peersOn(PROMOTED_FIRST, 1n), 10000), why()).toBe(true);
    const lm = (): Master | undefined => w.core(leader).masters.get(MASTER_NAME);
    expect(lm()?.failoverState, why()).toBe('reconf_slaves');

    step(`peers on ${PROMOTED_FIRST}@1; freeze s${leader} for 2500 ms (TILT on resume)`);
    w.pauseSentinel(leader);
    w.run(2500);
    w.resumeSentinel(leader);
    w.run(200);
    expect(w.core(leader).tilt, why()).toBe(true);
    expect(lm()?.failoverState, why()).toBe('reconf_slaves');
    expect(lm()?.port, why()).toBe(REDIS_BASE_PORT);

    step('restart 6379');
    w.restartRedis(REDIS_BASE_PORT);
    const demoted = (): boolean => {
      const r = w.mustRedis(REDIS_BASE_PORT);
      return r.role === 'slave' && r.masterPort === PROMOTED_FIRST && r.linkUp;
    };
    expect(w.runUntil(demoted, 20000), why()).toBe(true);
    step(`6379 replicates from ${PROMOTED_FIRST}; crash ${PROMOTED_FIRST}`);
    w.crashRedis(PROMOTED_FIRST);
    expect(w.runUntil(() => peersOn(REDIS_BASE_PORT, 2n), 25000), why()).toBe(true);
    step('peers on 6379@2');
    // The crux: L still in TILT, in reconf_slaves for epoch 1, hears 6379@2.
    expect(w.runUntil(() => (lm()?.configEpoch ?? 0n) >= 2n, 10000), why()).toBe(true);
    step(`s${leader} adopted config epoch 2 (tilt=${w.core(leader).tilt}, failover state ${lm()?.failoverState})`);
    expect(w.core(leader).tilt, why()).toBe(true);

    step(`restart ${PROMOTED_FIRST}, heal everything`);
    w.healAll();
    expect(settle(w, 120000, 5000, { replicas: true }), why()).toBeNull();
    expect(safety.violations, why()).toEqual([]);
    expect(epochAddress.violations, why()).toEqual([]);
    const v = w.views();
    expect(v.map((x) => `${x.port}@${x.configEpoch}`), why()).toEqual(v.map(() => `${REDIS_BASE_PORT}@2`));
  });
});

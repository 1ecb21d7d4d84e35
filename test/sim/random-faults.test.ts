import { describe, expect, it } from 'vitest';
import { scheduleRandomFaults } from './faults';
import { EpochAddressTracker, SafetyTracker, settle, SwitchSdownTracker, tail } from './invariants';
import type { WorldOptions } from './world';
import { World } from './world';

/**
 * Seeded random fault schedules: instance and sentinel crashes, partitions of
 * any shape, frozen sentinels (TILT), latency spikes and connection resets,
 * for 45 s, then everything heals. Checked on every run:
 * - at most one vote per sentinel per epoch, at most one promotion per epoch
 *   (continuously, on the event stream);
 * - one address per (master, config epoch) across all sentinels
 *   (continuously, every step and after every configuration event);
 * - a master that answers pings is never +sdown within down-after of the
 *   switch to it (continuously);
 * - after healing: all sentinels agree on the master address and config
 *   epoch, exactly one instance is master (the agreed one) and every other
 *   instance replicates from it.
 *
 * Replay one seed: SIM_SEED=<seed> npx vitest run test/sim/random-faults.test.ts
 * More seeds:      SIM_SEEDS=500 npx vitest run test/sim/random-faults.test.ts
 * Denser faults:   SIM_GAP_MS=1000 (mean gap between fault starts; default 2500)
 */
const single = process.env.SIM_SEED;
const count = Number(process.env.SIM_SEEDS ?? 50);
const gapMs = Number(process.env.SIM_GAP_MS ?? 2500);
const seeds = single !== undefined ? [Number(single)] : Array.from({ length: count }, (_, i) => i + 1);

/** Varies the group shape with the seed, so that 50 seeds cover all of them. */
export function worldForSeed(seed: number): WorldOptions {
  const shapes = [
    { sentinels: 3, quorum: 2 },
    { sentinels: 5, quorum: 3 },
    { sentinels: 5, quorum: 2 },
  ] as const;
  const shape = shapes[seed % shapes.length] ?? shapes[0];
  return {
    seed,
    ...shape,
    replicas: 3,
    downAfterMs: 3000,
    failoverTimeoutMs: 10000,
    preknownSentinels: seed % 2 === 0,
    latency: { min: 1, max: seed % 5 === 0 ? 300 : 20 },
  };
}

describe('random fault schedules', () => {
  it.each(seeds)('seed %i', (seed) => {
    const w = new World(worldForSeed(seed));
    const safety = new SafetyTracker(w);
    const switched = new SwitchSdownTracker(w);
    const epochAddress = new EpochAddressTracker(w);
    w.run(15000);
    const plan = scheduleRandomFaults(w, seed, { from: w.now, to: w.now + 45000, meanGapMs: gapMs });
    w.run(45000);
    const reason = settle(w, 240000, 5000, { replicas: true });
    const report = (): string =>
      `seed ${seed} (replay: ${gapMs !== 2500 ? `SIM_GAP_MS=${gapMs} ` : ''}SIM_SEED=${seed} npx vitest run test/sim/random-faults.test.ts)\n` +
      `faults:\n  ${plan.join('\n  ')}\n${w.describe()}\n${tail(w, 40)}`;
    if (reason !== null || safety.violations.length > 0 || switched.violations.length > 0 || epochAddress.violations.length > 0) console.error(report());
    expect(safety.violations, report()).toEqual([]);
    expect(epochAddress.violations, report()).toEqual([]);
    expect(switched.violations, report()).toEqual([]);
    expect(reason, report()).toBeNull();
  });
});

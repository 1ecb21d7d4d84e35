import { scheduleRandomFaults } from './faults';
import { Invariants, settle, tail } from './invariants';
import type { WorldOptions } from './world';
import { World } from './world';

/**
 * One seeded random fault schedule, as run by the random-faults-*.test.ts
 * shards and by `npm run sim` (no vitest here, so that the runner can load it
 * compiled): instance and sentinel crashes, partitions of any shape, frozen
 * sentinels (TILT), latency spikes and connection resets, for 45 s, then
 * everything heals. Checked on every run:
 * - at most one vote per sentinel per epoch, at most one promotion per epoch
 *   (continuously, on the event stream);
 * - one address per (master, config epoch) across all sentinels, restarts
 *   included (continuously, every step and after every configuration event);
 * - a master that answers pings is never +sdown within down-after of the
 *   switch to it (continuously);
 * - after healing: all sentinels agree on the master address and config
 *   epoch, exactly one instance is master (the agreed one) and every other
 *   instance replicates from it.
 */
export const DEFAULT_GAP_MS = 2500;

/** Varies the group shape with the seed, so that a few consecutive seeds cover all of them. */
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

export interface ScheduleResult {
  seed: number;
  /** invariant violations, in the order found */
  violations: string[];
  /** why the world did not settle after healing; null when it did */
  unsettled: string | null;
  promotions: number;
  /** virtual ms simulated */
  virtualMs: number;
}

/** The commands that replay one schedule. */
export function replayCommands(seed: number, gapMs = DEFAULT_GAP_MS): string[] {
  const gap = gapMs !== DEFAULT_GAP_MS ? `SIM_GAP_MS=${gapMs} ` : '';
  return [`${gap}SIM_SEED=${seed} npx vitest run test/sim/random-faults`, `npm run sim -- --from ${seed} --schedules 1${gapMs !== DEFAULT_GAP_MS ? ` --gap ${gapMs}` : ''} --verbose`];
}

/** Runs schedule `seed`; `report` describes a failed run (faults, final state, last events). */
export function runSchedule(seed: number, gapMs = DEFAULT_GAP_MS): { result: ScheduleResult; report: () => string } {
  const w = new World(worldForSeed(seed));
  const inv = new Invariants(w);
  const t0 = w.now;
  w.run(15000);
  const plan = scheduleRandomFaults(w, seed, { from: w.now, to: w.now + 45000, meanGapMs: gapMs });
  w.run(45000);
  const reason = settle(w, 240000, 5000, { replicas: true });
  const result: ScheduleResult = {
    seed,
    violations: inv.violations,
    unsettled: reason,
    promotions: inv.safety.promotionCount,
    virtualMs: w.now - t0,
  };
  const report = (): string =>
    `seed ${seed} (replay: ${replayCommands(seed, gapMs).join('  or  ')})\n` +
    (result.violations.length > 0 ? `violations:\n  ${result.violations.join('\n  ')}\n` : '') +
    (reason !== null ? `not settled: ${reason}\n` : '') +
    `faults:\n  ${plan.join('\n  ')}\n${w.describe()}\n${tail(w, 40)}`;
  return { result, report };
}

/**
 * Seeds for one of `count` shards: SIM_SEED alone (in shard 0), else
 * SIM_SEEDS seeds (default `total`) from SIM_FROM (default 1), split in
 * contiguous ranges.
 */
export function shardSeeds(index: number, count: number, env: NodeJS.ProcessEnv, total = 500): number[] {
  const single = env.SIM_SEED;
  if (single !== undefined && single !== '') return index === 0 ? [Number(single)] : [];
  const n = Number(env.SIM_SEEDS ?? total);
  const from = Number(env.SIM_FROM ?? 1);
  const lo = Math.floor((index * n) / count);
  const hi = Math.floor(((index + 1) * n) / count);
  return Array.from({ length: hi - lo }, (_, i) => from + lo + i);
}

import { scheduleRandomFaults } from './faults';
import { Invariants, settle, tail } from './invariants';
import { deriveRng, pick, randInt } from './prng';
import type { WorldOptions } from './world';
import { World } from './world';

/**
 * One seeded random fault schedule, as run by the random-faults-*.test.ts
 * shards and by `npm run sim` (no vitest here, so that the runner can load it
 * compiled): instance and sentinel crashes, partitions of any shape, frozen
 * sentinels (TILT), latency spikes, connection resets, clock jumps, failing
 * and slow config saves (with restarts from the last save that worked), for
 * 45 s, then everything heals. The topology and the timing parameters are
 * drawn from the seed too. Checked on every run:
 * - at most one vote per sentinel per epoch, at most one promotion per epoch
 *   (continuously, on the event stream);
 * - one address per (master, config epoch) across all sentinels, restarts
 *   included (continuously, every step and after every configuration event);
 * - a master that answers pings is never +sdown within down-after of the
 *   switch to it (continuously);
 * - epochs (current, config, leader) never go backwards, restarts
 *   included (from the last successful save);
 * - a clock jump past the TILT trigger, or backwards, gives +tilt, and every
 *   TILT ends;
 * - after healing: all sentinels agree on the master address and config
 *   epoch, exactly one instance is master (the agreed one) and every other
 *   instance replicates from it;
 * - with `twice`, a second run of the seed gives the same hash of every
 *   input and output (determinism).
 */
export const DEFAULT_GAP_MS = 2500;

/**
 * The topology and timing of one seed, within sane ranges: 3 or 5
 * sentinels, a quorum from about half to all of them, 1 to 4 replicas,
 * down-after 1-6 s, failover-timeout 6-20 s, parallel-syncs 1-3, slow
 * links on one seed in five, clocks a few seconds apart.
 */
export function worldForSeed(seed: number): WorldOptions {
  const rng = deriveRng(seed, 11);
  const sentinels = pick(rng, [3, 5] as const);
  return {
    seed,
    sentinels,
    quorum: randInt(rng, Math.max(1, Math.floor(sentinels / 2)), sentinels),
    replicas: randInt(rng, 1, 4),
    downAfterMs: randInt(rng, 10, 60) * 100,
    failoverTimeoutMs: randInt(rng, 6, 20) * 1000,
    parallelSyncs: randInt(rng, 1, 3),
    preknownSentinels: rng() < 0.5,
    latency: { min: 1, max: rng() < 0.2 ? 300 : 20 },
    clockOffsetsMs: Array.from({ length: sentinels }, () => randInt(rng, -5000, 5000)),
  };
}

/** One line naming what the seed drew, for reports. */
export function describeWorld(o: WorldOptions): string {
  return (
    `${o.sentinels} sentinels, quorum ${o.quorum}, ${o.replicas} replicas, down-after ${o.downAfterMs ?? 5000}, ` +
    `failover-timeout ${o.failoverTimeoutMs ?? 30000}, parallel-syncs ${o.parallelSyncs ?? 1}, latency ${o.latency?.min ?? 1}-${o.latency?.max ?? 20}, ` +
    `${o.preknownSentinels === true ? 'peers known' : 'peers discovered'}, clock offsets ${(o.clockOffsetsMs ?? []).join(',')}`
  );
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
  /** the hash of the run's inputs and outputs (see OutputHash) */
  digest: string;
  /** what the io faults did: TILTs, failed and slow saves, votes and epochs lost with them */
  io: { tilts: number; failedSaves: number; slowSaves: number; forgottenVotes: number; lostEpochs: number };
}

/** The commands that replay one schedule. */
export function replayCommands(seed: number, gapMs = DEFAULT_GAP_MS): string[] {
  const gap = gapMs !== DEFAULT_GAP_MS ? `SIM_GAP_MS=${gapMs} ` : '';
  return [`${gap}SIM_SEED=${seed} npx vitest run test/sim/random-faults`, `npm run sim -- --from ${seed} --schedules 1${gapMs !== DEFAULT_GAP_MS ? ` --gap ${gapMs}` : ''} --verbose`];
}

/**
 * Runs schedule `seed`; `report` describes a failed run (world, faults,
 * final state, last events). With `twice`, runs it a second time and wants
 * the same digest.
 */
export function runSchedule(seed: number, gapMs = DEFAULT_GAP_MS, opts: { twice?: boolean } = {}): { result: ScheduleResult; report: () => string } {
  const first = runOnce(seed, gapMs);
  if (opts.twice === true) {
    const again = runOnce(seed, gapMs);
    if (again.result.digest !== first.result.digest) {
      first.result.violations.push(`nondeterministic: seed ${seed} ran twice with digests ${first.result.digest} and ${again.result.digest}`);
    }
  }
  return first;
}

function runOnce(seed: number, gapMs: number): { result: ScheduleResult; report: () => string } {
  const opts = worldForSeed(seed);
  const w = new World(opts);
  const inv = new Invariants(w);
  const t0 = w.now;
  w.run(15000);
  const plan = scheduleRandomFaults(w, seed, { from: w.now, to: w.now + 45000, meanGapMs: gapMs });
  w.run(45000);
  const reason = settle(w, 240000, 5000, { replicas: true });
  if (reason === null) inv.tilt.checkExited(w);
  const result: ScheduleResult = {
    seed,
    violations: inv.violations,
    unsettled: reason,
    promotions: inv.safety.promotionCount,
    virtualMs: w.now - t0,
    digest: w.hash.digest,
    io: {
      tilts: inv.tilt.tilts,
      failedSaves: w.sentinels.reduce((n, s) => n + s.store.failed, 0),
      slowSaves: w.sentinels.reduce((n, s) => n + s.store.slow, 0),
      forgottenVotes: inv.safety.forgottenVotes,
      lostEpochs: inv.epochs.lostToFailedSaves,
    },
  };
  const report = (): string =>
    `seed ${seed} (replay: ${replayCommands(seed, gapMs).join('  or  ')})\n` +
    `world: ${describeWorld(opts)}\n` +
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

import { describe, expect, it } from 'vitest';
import { DEFAULT_GAP_MS, runSchedule, shardSeeds } from './schedule';

/**
 * The random fault schedules of `npm test` (see schedule.ts for what each
 * checks), split over a few files so that vitest's pool runs them side by
 * side: 500 by default, each run twice and the two hashes of every input
 * and output compared (determinism).
 *
 * Replay one seed: SIM_SEED=<seed> npx vitest run test/sim/random-faults
 * Other seeds:     SIM_SEEDS=2000 SIM_FROM=501 npx vitest run test/sim/random-faults
 * Denser faults:   SIM_GAP_MS=1000 (mean gap between fault starts; default 2500)
 * Many more:       npm run sim -- --schedules 100000
 */
export const SHARDS = 4;

export function describeShard(index: number): void {
  const gapMs = Number(process.env.SIM_GAP_MS ?? DEFAULT_GAP_MS);
  const seeds = shardSeeds(index, SHARDS, process.env);
  describe(`random fault schedules (shard ${index + 1}/${SHARDS})`, () => {
    if (seeds.length === 0) {
      it.skip('no seed for this shard', () => undefined);
      return;
    }
    it.each(seeds)('seed %i', (seed) => {
      const { result, report } = runSchedule(seed, gapMs, { twice: true });
      const failed = result.unsettled !== null || result.violations.length > 0;
      const text = failed ? report() : '';
      if (failed) console.error(text);
      expect(result.violations, text).toEqual([]);
      expect(result.unsettled, text).toBeNull();
    });
  });
}

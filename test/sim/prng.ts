/**
 * Seeded randomness for the simulation. Every random choice of a run (network
 * latencies, fault schedule, each sentinel's own draws) comes from a stream
 * derived from the run's seed, so a seed printed by a failing test replays the
 * exact same run.
 */
import { mulberry32 } from '../../src/core/prng';

export type Rng = () => number;

export { mulberry32 };

/** A child stream, so that adding draws to one concern does not shift another's. */
export function deriveRng(seed: number, stream: number): Rng {
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0);
}

export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const v = items[Math.floor(rng() * items.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

export function hex40(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 40; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

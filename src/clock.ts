import { randomBytes } from 'node:crypto';

/** Wall-clock milliseconds: Sentinel's timeouts and TILT detection are defined on it. */
export const wallClock = (): number => Date.now();

/** A small seedable PRNG (mulberry32): the core's only source of randomness. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function entropySeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

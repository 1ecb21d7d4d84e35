/**
 * mulberry32: a tiny seedable PRNG. The core draws randomness only from an
 * injected function; the daemon seeds this one from the OS, the simulation
 * from the test seed, so a failing simulated run replays exactly.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

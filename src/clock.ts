import { randomBytes } from './entropy';

export { mulberry32 as seededRandom } from './core/prng';

/** Wall-clock milliseconds: Sentinel's timeouts and TILT detection are defined on it. */
export const wallClock = (): number => Date.now();

export function entropySeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

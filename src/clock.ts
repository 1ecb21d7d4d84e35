import { randomBytes } from './entropy';

export { mulberry32 as seededRandom } from './core/prng';

/** A reading held while one client read's commands run (holdWallClock), or null. */
let held: number | null = null;

/**
 * Wall-clock milliseconds: Sentinel's timeouts and TILT detection are defined
 * on it. While a client's read is being executed, the reading taken when that
 * began.
 */
export const wallClock = (): number => held ?? Date.now();

/**
 * Holds wallClock() at one reading until releaseWallClock(true): the
 * commands of one client read, up to 16 or more when pipelined, then cost one
 * clock read, not one each (the clock was ~3% of a pipelined SENTINEL
 * request's CPU in perf). They run within microseconds of each other, and
 * every input of the run sees the same instant, so the core's clock never
 * steps back between them. `now` is a reading the caller has just taken, if
 * it has one. False, with nothing changed, when already held.
 */
export function holdWallClock(now: number = Date.now()): boolean {
  if (held !== null) return false;
  held = now;
  return true;
}

/** Ends the hold that holdWallClock() began when it returned true. */
export function releaseWallClock(began: boolean): void {
  if (began) held = null;
}

export function entropySeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

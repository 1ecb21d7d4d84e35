import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../src/server/server-stats';

/** The rule as Redis states it: the mean of the last 16 per-second rates, summed oldest first. */
function reference(samples: Array<[number, number]>): number {
  const rates: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const [t0, v0] = samples[i - 1] as [number, number];
    const [t1, v1] = samples[i] as [number, number];
    if (t1 > t0) rates.push(((v1 - v0) * 1000) / (t1 - t0));
  }
  const last = rates.slice(-16);
  return last.length === 0 ? 0 : last.reduce((a, b) => a + b, 0) / last.length;
}

describe('RateMeter', () => {
  it('is 0 before two samples', () => {
    const m = new RateMeter();
    expect(m.perSecond()).toBe(0);
    m.sample(1000, 5);
    expect(m.perSecond()).toBe(0);
  });

  it('averages the last 16 rates, bit for bit as a plain mean, before and after the ring wraps', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const m = new RateMeter();
    const samples: Array<[number, number]> = [];
    let t = 1_000_000;
    let v = 0;
    for (let i = 0; i < 60; i++) {
      // Repeated times (no rate taken) and odd intervals included.
      t += rnd(4) === 0 ? 0 : 50 + rnd(50);
      v += rnd(10_000);
      m.sample(t, v);
      samples.push([t, v]);
      expect(m.perSecond()).toBe(reference(samples));
    }
  });
});

/**
 * ClientsPeak: INFO's recent largest client buffers, kept per second over
 * the last 8 seconds as Redis keeps them, sampled at the daemon's tick.
 */
import { describe, expect, it } from 'vitest';
import { ClientsPeak, type BufferedClient } from '../../src/server/clients-peak';

const client = (q: number, o: number): BufferedClient => ({ queryBufferLength: () => q, outputLength: () => o });

describe('ClientsPeak', () => {
  it('shows the largest buffers of the last 8 seconds, then forgets them', () => {
    const p = new ClientsPeak();
    expect([p.maxInput(), p.maxOutput()]).toEqual([0, 0]);
    p.sample(10_000, [client(5, 70), client(300, 2)]);
    expect([p.maxInput(), p.maxOutput()]).toEqual([300, 70]);
    // Smaller buffers in the following seconds leave the peak where it was...
    for (let s = 11; s <= 17; s++) p.sample(s * 1000, [client(1, 1)]);
    expect([p.maxInput(), p.maxOutput()]).toEqual([300, 70]);
    // ...until its second is 8 seconds old.
    p.sample(18_000, [client(1, 1)]);
    expect([p.maxInput(), p.maxOutput()]).toEqual([1, 1]);
  });

  it('looks at the clients once per second, however often it is asked', () => {
    const p = new ClientsPeak();
    let visits = 0;
    const counted: BufferedClient = { queryBufferLength: () => (visits++, 9), outputLength: () => 0 };
    for (let ms = 20_000; ms < 21_000; ms += 70) p.sample(ms, [counted]);
    expect(visits).toBe(1);
    p.sample(21_000, [counted]);
    expect(visits).toBe(2);
  });

  it('clears the seconds it did not see (a tick held up for longer than the window)', () => {
    const p = new ClientsPeak();
    p.sample(1_000, [client(50, 60)]);
    p.sample(30_000, []);
    expect([p.maxInput(), p.maxOutput()]).toEqual([0, 0]);
  });
});

/**
 * src/clock.ts: wallClock() held at one reading while a client read's
 * commands run (the session's pump), and fresh again once released.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdWallClock, releaseWallClock, wallClock } from '../../src/clock';

describe('wallClock held for one read', () => {
  afterEach(() => vi.useRealTimers());

  it('returns the reading taken at the hold until it is released', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    expect(wallClock()).toBe(1_000_000);
    const began = holdWallClock();
    expect(began).toBe(true);
    vi.setSystemTime(1_000_007);
    expect(wallClock()).toBe(1_000_000);
    releaseWallClock(began);
    expect(wallClock()).toBe(1_000_007);
  });

  it('holds a reading the caller took, when given one', () => {
    vi.useFakeTimers({ now: 2_000, toFake: ['Date'] });
    const began = holdWallClock(1_990);
    expect(wallClock()).toBe(1_990);
    releaseWallClock(began);
    expect(wallClock()).toBe(2_000);
  });

  it('keeps the outer reading through a nested hold, which releases nothing', () => {
    vi.useFakeTimers({ now: 5_000, toFake: ['Date'] });
    const outer = holdWallClock();
    vi.setSystemTime(5_003);
    const inner = holdWallClock();
    expect(inner).toBe(false);
    expect(wallClock()).toBe(5_000);
    releaseWallClock(inner);
    expect(wallClock()).toBe(5_000);
    releaseWallClock(outer);
    expect(wallClock()).toBe(5_003);
  });
});

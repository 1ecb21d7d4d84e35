import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../src/entropy';

describe('entropy', () => {
  it('gives exactly the bytes asked for, different each time', () => {
    const seen = new Set<string>();
    for (const n of [1, 4, 6, 20, 300]) {
      const b = randomBytes(n);
      expect(b.length).toBe(n);
      seen.add(b.toString('hex'));
    }
    const a = randomBytes(20).toString('hex');
    const b = randomBytes(20).toString('hex');
    expect(a).not.toBe(b);
    expect(seen.size).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDoubleTrimmed, formatMemory, memtoull, strtollWhole, string2d } from '../../src/config/c-numbers';
import { atoi, strtoull10 } from '../../src/core/c-numbers';
import { string2ll } from '../../src/core/string2ll';
import { mulberry32 } from '../../src/core/prng';
import { normalizeIpLiteral } from '../../src/core/ip-literal';
import { redisAbsolutePath } from '../../src/config/abs-path';

describe('atoi', () => {
  const cases: Array<[string, number]> = [
    ['42', 42],
    ['  42', 42],
    ['+7', 7],
    ['-7', -7],
    ['12abc', 12],
    ['abc', 0],
    ['', 0],
    ['2147483648', -2147483648],
    ['4294967297', 1],
    ['99999999999999999999', -1],
  ];
  for (const [s, n] of cases) it(JSON.stringify(s), () => expect(atoi(s)).toBe(n));
});

describe('C parsers', () => {
  it('strtoull10 wraps negatives and saturates overflow', () => {
    expect(strtoull10('5x')).toBe(5n);
    expect(strtoull10('-1')).toBe(2n ** 64n - 1n);
    expect(strtoull10('99999999999999999999999')).toBe(2n ** 64n - 1n);
    expect(strtoull10('x')).toBe(0n);
  });

  it('strtollWhole needs the whole string, but "" counts as 0', () => {
    expect(strtollWhole('12', 10)).toBe(12n);
    expect(strtollWhole(' -12', 10)).toBe(-12n);
    expect(strtollWhole('12x', 10)).toBeNull();
    expect(strtollWhole('x', 10)).toBeNull();
    expect(strtollWhole('', 10)).toBe(0n);
    expect(strtollWhole('0777', 8)).toBe(511n);
    expect(strtollWhole('800', 8)).toBeNull();
  });

  it('string2ll is strict', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-5')).toBe(-5n);
    for (const bad of ['', '00', '-0', '+5', ' 5', '5 ', '0x10', '9223372036854775808']) expect(string2ll(bad)).toBeNull();
    expect(string2ll('-9223372036854775808')).toBe(-(2n ** 63n));
  });

  it('memtoull takes units and wraps like the C code', () => {
    expect(memtoull('100')).toBe(100n);
    expect(memtoull('1k')).toBe(1000n);
    expect(memtoull('1KB')).toBe(1024n);
    expect(memtoull('2mb')).toBe(2n * 1024n * 1024n);
    expect(memtoull('1g')).toBe(1000000000n);
    expect(memtoull('mb')).toBe(0n);
    expect(memtoull('-1')).toBeNull();
    expect(memtoull('1tb')).toBeNull();
    expect(memtoull('1 mb')).toBeNull();
  });

  it('formatMemory prefers the largest exact unit', () => {
    expect(formatMemory(0n)).toBe('0');
    expect(formatMemory(1048576n)).toBe('1mb');
    expect(formatMemory(3n * 1024n ** 3n)).toBe('3gb');
    expect(formatMemory(2048n)).toBe('2kb');
    expect(formatMemory(1000n)).toBe('1000');
  });

  it('string2d and the %f trimming of percentiles', () => {
    expect(string2d('99.9')).toBe(99.9);
    expect(string2d('1e2')).toBe(100);
    expect(string2d(' 1')).toBeNull();
    expect(string2d('abc')).toBeNull();
    expect(formatDoubleTrimmed(50)).toBe('50');
    expect(formatDoubleTrimmed(99.9)).toBe('99.9');
    expect(formatDoubleTrimmed(0.0000001)).toBe('0');
  });
});

describe('IP literals and paths', () => {
  it('accepts inet_aton spellings and prints them like inet_ntop', () => {
    expect(normalizeIpLiteral('127.1')).toBe('127.0.0.1');
    expect(normalizeIpLiteral('0x7f.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIpLiteral('127.0.0.01')).toBe('127.0.0.1');
    expect(normalizeIpLiteral('0:0::1')).toBe('::1');
    expect(normalizeIpLiteral('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
    expect(normalizeIpLiteral('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    for (const bad of ['localhost', '256.1.1.1', '1.2.3.4.5', '']) expect(normalizeIpLiteral(bad)).toBeNull();
  });

  it('makes config paths absolute the Redis way', () => {
    expect(redisAbsolutePath('s.conf', '/srv/a')).toBe('/srv/a/s.conf');
    expect(redisAbsolutePath('./s.conf', '/srv/a')).toBe('/srv/a/./s.conf');
    expect(redisAbsolutePath('../../s.conf', '/srv/a/b')).toBe('/srv/s.conf');
    expect(redisAbsolutePath('../../../../s.conf', '/srv')).toBe('/s.conf');
    expect(redisAbsolutePath(' /etc/s.conf ', '/srv')).toBe('/etc/s.conf');
  });
});

/**
 * The core had its own atoi (hello.ts, info-refresh.ts), strtoull (epoch.ts
 * parseEpoch) and a digits-only slave_repl_offset parse. They are now the C
 * versions above. These were the old ones: they agree wherever a real peer's
 * output can land, and where they did not, C (what redis-sentinel runs) wins.
 */
describe('the core copies merged into core/c-numbers', () => {
  const oldAtoi = (s: string): number => {
    const m = /^\s*[+-]?\d+/.exec(s);
    return m ? parseInt(m[0], 10) : 0;
  };
  const oldEpoch = (s: string): bigint => {
    const U64 = 1n << 64n;
    const [, sign = '', digits = ''] = /^\s*([+-]?)(\d*)/.exec(s) ?? [];
    if (digits === '') return 0n;
    let v = BigInt(digits);
    if (v >= U64) v = U64 - 1n;
    if (sign === '-' && v !== 0n) v = U64 - v;
    return v;
  };
  const oldOffset = (s: string): bigint => {
    const m = /^\d+/.exec(s);
    return m ? BigInt(m[0]) : 0n;
  };

  it('agree with the old ones on well-formed and garbage-tailed values', () => {
    const rnd = mulberry32(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    for (let i = 0; i < 20000; i++) {
      const digits = String(Math.floor(rnd() * 2 ** 31)).slice(0, 1 + Math.floor(rnd() * 10));
      const s = `${pick(['', ' ', '\t', '  '])}${pick(['', '+', '-'])}${digits}${pick(['', 'x', ',', ' 1', '\r'])}`;
      expect([s, atoi(s)]).toEqual([s, oldAtoi(s)]);
      expect([s, strtoull10(s)]).toEqual([s, oldEpoch(s)]);
      if (/^\d/.test(s)) expect([s, strtoull10(s)]).toEqual([s, oldOffset(s)]);
    }
  });

  // Where they differed: C's isspace has no 0xA0, atoi truncates to int,
  // strtoull saturates a negative overflow instead of wrapping it, and the
  // offset parse took neither blanks nor a sign.
  const differed: Array<[string, string, number | bigint, number | bigint]> = [
    ['atoi', '\xa05', 0, 5],
    ['atoi', '4294967297', 1, 4294967297],
    ['atoi', '2147483648', -2147483648, 2147483648],
    ['strtoull', '\xa07', 0n, 7n],
    ['strtoull', '-99999999999999999999', 18446744073709551615n, 1n],
    ['offset', ' 12', 12n, 0n],
    ['offset', '+12', 12n, 0n],
    ['offset', '-1', 18446744073709551615n, 0n],
  ];
  for (const [fn, s, now, before] of differed) {
    it(`${fn} ${JSON.stringify(s)} is ${now} (was ${before})`, () => {
      if (fn === 'atoi') {
        expect(atoi(s)).toBe(now);
        expect(oldAtoi(s)).toBe(before);
      } else {
        expect(strtoull10(s)).toBe(now);
        expect((fn === 'offset' ? oldOffset : oldEpoch)(s)).toBe(before);
      }
    });
  }
});

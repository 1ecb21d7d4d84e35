import { describe, expect, it } from 'vitest';
import {
  atoi,
  formatDoubleTrimmed,
  formatMemory,
  memtoull,
  strtollWhole,
  strtoull10,
  string2d,
  string2ll,
} from '../../src/config/c-numbers';
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

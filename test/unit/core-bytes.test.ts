import { describe, expect, it } from 'vitest';
import { asciiLower, compareBytes, cutBytes, fromBytes, fromText, toBytes, toText } from '../../src/core/bytes';
import { string2ll } from '../../src/core/string2ll';

describe('byte strings', () => {
  it('round-trip every byte value', () => {
    const all = Buffer.from([...Array(256).keys()]);
    const s = fromBytes(all);
    expect(s.length).toBe(256);
    expect(toBytes(s).equals(all)).toBe(true);
  });

  it('carry Unicode text as its UTF-8 bytes', () => {
    expect(fromText('é')).toBe('\xc3\xa9');
    expect(toText('\xc3\xa9')).toBe('é');
    expect(fromText('plain')).toBe('plain');
  });

  it('fold case in ASCII only, as strcasecmp in the C locale', () => {
    expect(asciiLower('AbC\xc0\xde')).toBe('abc\xc0\xde');
    expect(asciiLower('X\xc0')).not.toBe(asciiLower('x\xe0'));
    expect(asciiLower('MyMaster')).toBe('mymaster');
    expect(asciiLower('\xc0AbC')).toBe('\xc0abc');
    expect(asciiLower('ab\xc0')).toBe('ab\xc0');
    expect(asciiLower('SENTINEL')).toBe('sentinel');
    expect(['b', '\xff', 'a\x00', 'a'].sort(compareBytes)).toEqual(['a', 'a\x00', 'b', '\xff']);
  });

  it('cut like "%.Ns" at N bytes, keeping NUL bytes', () => {
    expect(cutBytes('abcdef', 3)).toBe('abc');
    expect(cutBytes('ab\x00cd', 128)).toBe('ab\x00cd');
    expect(cutBytes('\xff'.repeat(200), 128)).toBe('\xff'.repeat(128));
  });
});

describe('string2ll', () => {
  it.each([
    ['0', 0n],
    ['-1', -1n],
    ['9007199254740993', 9007199254740993n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('accepts %s', (s, v) => expect(string2ll(s)).toBe(v));

  it.each(['', '+1', '01', ' 1', '1 ', '9223372036854775808', '-9223372036854775809', '1e3', '-0', '-'])('refuses %j', (s) => {
    expect(string2ll(s)).toBeNull();
  });
});

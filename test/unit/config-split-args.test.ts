import { describe, expect, it } from 'vitest';
import { needsQuoting, quoteArg, reprArg, splitArgs, splitArgsGeneral } from '../../src/core/split-args';

describe('splitArgs', () => {
  const cases: Array<[string, string[] | null]> = [
    ['', []],
    ['   \t ', []],
    ['port 26379', ['port', '26379']],
    ['  a   b\tc  ', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ["'a b' c", ['a b', 'c']],
    ['""', ['']],
    ["''", ['']],
    ['"\\n\\r\\t\\b\\a\\\\\\"\\q"', ['\n\r\t\b\x07\\"q']],
    ['"\\x41\\x42" "\\x4"', ['AB', 'x4']],
    ['"\\xc3\\xa9"', ['\xc3\xa9']],
    ['"\\xff\\x00\\xfe"', ['\xff\x00\xfe']],
    ["'it\\'s' 'a\\nb'", ["it's", 'a\\nb']],
    ['ab"cd ef" g', ['abcd ef', 'g']],
    ['a\\b c', ['a\\b', 'c']],
    ['a\vb', ['a\vb']],
    ['\vword', ['word']],
    ['"unterminated', null],
    ["'unterminated", null],
    ['"closed"x', null],
    ["'closed'x", null],
    ['"trailing backslash\\', null],
    ['"ok" "also ok"', ['ok', 'also ok']],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      expect(splitArgs(input)).toEqual(expected);
    });
  }
});

describe('quoting', () => {
  it('reprArg always quotes, with C escapes and hex for non-printables and UTF-8 bytes', () => {
    expect(reprArg('/var/run/x.pid')).toBe('"/var/run/x.pid"');
    expect(reprArg('')).toBe('""');
    expect(reprArg('a"b\\c\n\r\t\x07\b\x01\x7f')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\x7f"');
    // Byte strings (core/bytes): 'é' in UTF-8 is the two bytes C3 A9.
    expect(reprArg('\xc3\xa9')).toBe('"\\xc3\\xa9"');
    expect(reprArg('\xff\x00')).toBe('"\\xff\\x00"');
  });

  it('quoteArg leaves values that read back unchanged as they are', () => {
    for (const v of ['mymaster', 'p@ss:w0rd!', 'a\\b', 'é', '127.0.0.1', '/srv/notify.sh']) {
      expect(needsQuoting(v)).toBe(false);
      expect(quoteArg(v)).toBe(v);
    }
  });

  it('quoteArg quotes empty values, blanks, quotes and control characters', () => {
    for (const v of ['', 'a b', 'tab\there', "it's", 'say "hi"', 'line\nbreak', 'bell\x07', 'v\vt']) {
      expect(needsQuoting(v)).toBe(true);
    }
    expect(quoteArg('a b')).toBe('"a b"');
    expect(quoteArg('')).toBe('""');
  });

  it('every quoted value round-trips through splitArgs', () => {
    for (const v of ['', 'a b', "it's", 'say "hi"', 'x\\y z', 'line\nbreak\r', '\x00\x01', '\xc3\xa9 \xc3\xa8', '\xff\xfe', '\\x41']) {
      expect(splitArgs(`k ${quoteArg(v)}`)).toEqual(['k', v]);
    }
  });
});

describe('splitArgs shortcut', () => {
  it('agrees with the general splitter on lines without quotes, \\v or \\f', () => {
    // Deterministic pseudo-random lines over separators, bytes and backslashes.
    const alphabet = [' ', '\t', '\r', '\n', 'a', 'b', '\\', 'x', '0', '\u00ff', '\u0080', '#', '-'];
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      let line = '';
      const len = next() % 40;
      for (let i = 0; i < len; i++) line += alphabet[next() % alphabet.length];
      expect(splitArgs(line), JSON.stringify(line)).toEqual(splitArgsGeneral(line));
    }
  });
});

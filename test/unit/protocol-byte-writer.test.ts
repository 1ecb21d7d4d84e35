import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/protocol/byte-writer';

describe('ByteWriter', () => {
  it('appends text, bytes and decimals in order, growing as needed', () => {
    const w = new ByteWriter(4);
    let expected = '';
    for (let i = 0; i < 500; i++) {
      const t = String.fromCharCode(i % 256).repeat(i % 97);
      w.text(t);
      w.decimal(i * 7919);
      w.bytes(Buffer.from([i % 256, 13, 10]));
      expected += `${t}${i * 7919}${String.fromCharCode(i % 256)}\r\n`;
    }
    expect(w.length).toBe(expected.length);
    expect(w.latin1()).toBe(expected);
    expect(w.view().toString('latin1')).toBe(expected);
  });

  it('prints numbers as String() does', () => {
    const w = new ByteWriter(16);
    for (const n of [0, -0, 1, 9, 10, 11, 99, 100, 101, 999999, 1000000, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 1e16, -5, 3.5, NaN, Infinity]) {
      w.reset();
      w.decimal(n);
      expect(w.latin1()).toBe(String(n));
    }
  });

  it('fills the room left before a part once its length is known, closing the rest of the gap', () => {
    const w = new ByteWriter(8);
    w.text('before|');
    const at = w.skip(16);
    w.text('body'.repeat(1000));
    w.fill(at, 16, `$${w.length - at - 16}\r\n`);
    w.text('|after');
    expect(w.latin1()).toBe(`before|$4000\r\n${'body'.repeat(1000)}|after`);
    // A head as long as the gap leaves nothing to close.
    const v = new ByteWriter(8);
    const at2 = v.skip(3);
    v.text('xy');
    v.fill(at2, 3, 'abc');
    expect(v.latin1()).toBe('abcxy');
  });

  it('truncate forgets what came after a mark', () => {
    const w = new ByteWriter(8);
    w.text('keep');
    const mark = w.length;
    w.text('drop this');
    w.truncate(mark);
    w.text('!');
    expect(w.latin1()).toBe('keep!');
  });

  it('detach hands the bytes over and leaves the writer on new memory', () => {
    const w = new ByteWriter(8);
    w.text('first');
    const given = w.detach();
    expect(w.length).toBe(0);
    w.text('second, longer than the first');
    expect(given.toString('latin1')).toBe('first');
    expect(w.latin1()).toBe('second, longer than the first');
  });
});

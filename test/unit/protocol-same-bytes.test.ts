/**
 * src/protocol/same-bytes.ts: the word-at-a-time check behind the request
 * decoder's reuse of a repeated argument. It must say exactly what a byte
 * loop says, at any offset into any buffer, whatever the length.
 */
import { describe, expect, it } from 'vitest';
import { holdsBytes, packString } from '../../src/protocol/same-bytes';

function byteLoop(b: Buffer, p: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (b[p + k] !== s.charCodeAt(k)) return false;
  return true;
}

const WORDS = ['', 'a', 'ab', 'abc', 'ping', 'PING!', 'sentinel', 'mymaster', 'get-master-addr-by-name', '\u0000\u00ff\u0080\u007f\u0001'];

describe('holdsBytes', () => {
  it('agrees with a byte loop at every offset, for equal words and for each single byte changed', () => {
    for (const s of WORDS) {
      const packed = packString(s);
      // A pool slab, as Node hands out small buffers: byteOffset is not 0 and
      // not aligned, and the words sit at every offset of the buffer.
      const backing = Buffer.alloc(s.length + 40, 0x2a);
      for (let shift = 0; shift < 5; shift++) {
        const b = backing.subarray(shift + 1);
        for (let p = 0; p + s.length <= b.length; p += 3) {
          b.fill(0x2a);
          b.write(s, p, 'latin1');
          expect(holdsBytes(b, p, packed)).toBe(true);
          for (let k = 0; k < s.length; k++) {
            const was = b[p + k] as number;
            b[p + k] = was ^ 0x01;
            expect(holdsBytes(b, p, packed)).toBe(byteLoop(b, p, s));
            expect(holdsBytes(b, p, packed)).toBe(false);
            b[p + k] = was;
          }
        }
      }
    }
  });

  it('sees new contents of the same buffer (a read buffer reused for the next read)', () => {
    const b = Buffer.from('xxsentinelxx', 'latin1');
    const packed = packString('sentinel');
    expect(holdsBytes(b, 2, packed)).toBe(true);
    b.write('SENTINEL', 2, 'latin1');
    expect(holdsBytes(b, 2, packed)).toBe(false);
    b.write('sentinel', 2, 'latin1');
    expect(holdsBytes(b, 2, packed)).toBe(true);
  });

  it('works in a buffer too big to keep a view of, and in one after it', () => {
    const big = Buffer.alloc(256 * 1024, 0x20);
    big.write('mymaster', 200_000, 'latin1');
    const packed = packString('mymaster');
    expect(holdsBytes(big, 200_000, packed)).toBe(true);
    expect(holdsBytes(big, 200_001, packed)).toBe(false);
    const small = Buffer.from('mymaster', 'latin1');
    expect(holdsBytes(small, 0, packed)).toBe(true);
    expect(holdsBytes(big, 200_000, packed)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../src/protocol/byte-queue';
import type { DecodeResult } from '../../src/protocol/request-decoder';
import { BIG_ARG, RequestDecoder } from '../../src/protocol/request-decoder';

function drain(d: RequestDecoder): DecodeResult[] {
  const out: DecodeResult[] = [];
  for (let r = d.next(); r !== null; r = d.next()) out.push(r);
  return out;
}

/** Feeds `input` in chunks of `size` bytes, pulling requests after each one. */
function decodeChunked(input: Buffer, size: number): { results: DecodeResult[]; buffered: number[] } {
  const d = new RequestDecoder();
  const results: DecodeResult[] = [];
  const buffered: number[] = [];
  for (let i = 0; i < input.length; i += size) {
    d.feed(input.subarray(i, i + size));
    results.push(...drain(d));
    buffered.push(d.buffered);
  }
  return { results, buffered };
}

describe('ByteQueue: reserved buffer for a big bulk argument', () => {
  const big = 'x'.repeat(BIG_ARG * 3 + 7);
  const input = Buffer.from(`*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n*1\r\n$4\r\nPING\r\n`, 'latin1');

  it.each([1, 7, 1000, 65536, input.length])('decodes the same requests in chunks of %i bytes', (size) => {
    const { results } = decodeChunked(input, size);
    expect(results).toEqual([
      { kind: 'command', argv: ['PING'] },
      { kind: 'command', argv: ['ECHO', big] },
      { kind: 'command', argv: ['PING'] },
    ]);
  });

  it('counts only the bytes received while the reservation fills (CLIENT LIST qbuf)', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from(`*2\r\n$4\r\nECHO\r\n$${BIG_ARG * 4}\r\nabc`, 'latin1'));
    expect(drain(d)).toEqual([]);
    expect(d.buffered).toBe(3);
    d.feed(Buffer.alloc(BIG_ARG, 0x61));
    expect(d.buffered).toBe(3 + BIG_ARG);
  });

  it('gives the reservation back as soon as it is consumed', () => {
    const q = new ByteQueue();
    q.push(Buffer.from('ab'));
    q.reserve(BIG_ARG);
    q.push(Buffer.alloc(BIG_ARG - 2 + 5, 0x63));
    expect(q.ensure(BIG_ARG)).toBe(true);
    const view = q.view(0, BIG_ARG);
    expect(view.length).toBe(BIG_ARG);
    expect(view.subarray(0, 3).toString()).toBe('abc');
    q.consume(BIG_ARG);
    // A view of released memory is empty, never dangling.
    expect(view.length).toBe(0);
    expect(q.length).toBe(5);
    expect(q.ensure(5) && q.view(0, 5).toString()).toBe('ccccc');
  });

  it('gives the reservation back when cleared (the client left mid-argument)', () => {
    const q = new ByteQueue();
    q.reserve(BIG_ARG * 10);
    q.push(Buffer.alloc(BIG_ARG, 0x61));
    expect(q.ensure(BIG_ARG)).toBe(true);
    const view = q.view(0, BIG_ARG);
    q.clear();
    expect(view.length).toBe(0);
    expect(q.length).toBe(0);
  });

  it('ignores input after dispose()', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from(`*2\r\n$4\r\nECHO\r\n$${BIG_ARG}\r\nabc`, 'latin1'));
    drain(d);
    d.dispose();
    d.feed(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(d.buffered).toBe(0);
    expect(d.next()).toBeNull();
  });
});

describe('ByteQueue: input read into a buffer that is reused', () => {
  it('keeps the unconsumed bytes, head and tail, once copied out of it', () => {
    const shared = Buffer.alloc(16);
    const q = new ByteQueue();
    shared.write('*1\r\n$4\r\nPI', 'latin1');
    q.push(shared.subarray(0, 10));
    q.consume(4);
    q.push(Buffer.from('NG'));
    shared.write('\r\n', 'latin1');
    q.push(shared.subarray(0, 2));
    q.keepOutOf(shared.buffer);
    shared.fill(0x21);
    expect(q.length).toBe(10);
    expect(q.all().toString('latin1')).toBe('$4\r\nPING\r\n');
  });

  it('lets a decoder finish a request split over reads into the same buffer', () => {
    const shared = Buffer.alloc(8);
    const d = new RequestDecoder();
    const req = '*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n';
    const got: DecodeResult[] = [];
    for (let i = 0; i < req.length; i += 8) {
      const n = shared.write(req.slice(i, i + 8), 'latin1');
      d.feed(shared.subarray(0, n));
      for (let r = d.next(); r !== null; r = d.next()) got.push(r);
      d.keepOutOf(shared.buffer);
      shared.fill(0x21);
    }
    expect(got).toEqual([{ kind: 'command', argv: ['ECHO', 'hello'] }]);
  });

  it.each([1, 5, 13, 100, 4096])(
    'decodes reads queued as the shared buffer and a length (%i bytes a read), a big bulk included',
    (size) => {
      const big = 'y'.repeat(BIG_ARG + 11);
      const input = `*1\r\n$4\r\nPING\r\nPING inline\r\n*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n*3\r\n$8\r\nSENTINEL\r\n$3\r\nfoo\r\n$1\r\nm\r\n`;
      // Bigger than any read, as the session's 64 KB buffer is: the bytes past a read's length are stale.
      const shared = Buffer.alloc(8192, 0x21);
      const d = new RequestDecoder();
      const got: DecodeResult[] = [];
      for (let i = 0; i < input.length; i += size) {
        const n = shared.write(input.slice(i, i + size), 'latin1');
        d.feed(shared, n);
        got.push(...drain(d));
        d.keepOutOf(shared.buffer);
        shared.fill(0x21);
      }
      expect(got).toEqual([
        { kind: 'command', argv: ['PING'] },
        { kind: 'command', argv: ['PING', 'inline'] },
        { kind: 'command', argv: ['ECHO', big] },
        { kind: 'command', argv: ['SENTINEL', 'foo', 'm'] },
      ]);
      expect(d.buffered).toBe(0);
    },
  );
});

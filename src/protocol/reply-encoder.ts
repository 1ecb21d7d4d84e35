import { toBytes } from '../core/bytes';
import type { Reply } from './reply';

/**
 * Serialises a Reply for a client speaking RESP2 or RESP3.
 *
 * Most replies are small and made of strings only, so text is accumulated in
 * one JS string and converted once; Buffer bulks are kept as separate chunks.
 * Strings are byte strings (core/bytes): a bulk's length is its string length.
 */
export function encodeReply(reply: Reply, proto: 2 | 3): Buffer {
  const w = new ChunkWriter();
  writeReply(w, reply, proto, true);
  return w.finish();
}

class ChunkWriter {
  private text = '';
  private readonly chunks: Buffer[] = [];

  str(s: string): void {
    this.text += s;
  }

  buf(b: Buffer): void {
    if (this.text.length > 0) {
      this.chunks.push(toBytes(this.text));
      this.text = '';
    }
    this.chunks.push(b);
  }

  finish(): Buffer {
    if (this.chunks.length === 0) return toBytes(this.text);
    if (this.text.length > 0) this.chunks.push(toBytes(this.text));
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
  }
}

/** A line-oriented reply must not contain CR or LF, or the client would desynchronise. */
function oneLine(s: string): string {
  return /[\r\n]/.test(s) ? s.replace(/[\r\n]/g, ' ') : s;
}

function aggregate(w: ChunkWriter, prefix: string, items: Reply[], proto: 2 | 3): void {
  w.str(`${prefix}${items.length}\r\n`);
  for (const it of items) writeReply(w, it, proto, false);
}

function writeReply(w: ChunkWriter, r: Reply, proto: 2 | 3, top: boolean): void {
  switch (r.t) {
    case 'status':
      w.str(`+${oneLine(r.s)}\r\n`);
      return;
    case 'error':
      w.str(`-${oneLine(r.s)}\r\n`);
      return;
    case 'int':
      w.str(`:${r.n.toString()}\r\n`);
      return;
    case 'bulk':
      if (typeof r.s === 'string') {
        w.str(`$${r.s.length}\r\n${r.s}\r\n`);
      } else {
        w.str(`$${r.s.length}\r\n`);
        w.buf(r.s);
        w.str('\r\n');
      }
      return;
    case 'verbatim':
      if (proto === 3) w.str(`=${r.s.length + 4}\r\n${r.format}:${r.s}\r\n`);
      else w.str(`$${r.s.length}\r\n${r.s}\r\n`);
      return;
    case 'null':
      w.str(proto === 3 ? '_\r\n' : '$-1\r\n');
      return;
    case 'nullarray':
      w.str(proto === 3 ? '_\r\n' : '*-1\r\n');
      return;
    case 'array':
      aggregate(w, '*', r.items, proto);
      return;
    case 'set':
      aggregate(w, proto === 3 ? '~' : '*', r.items, proto);
      return;
    case 'push':
      aggregate(w, proto === 3 ? '>' : '*', r.items, proto);
      return;
    case 'map':
      w.str(proto === 3 ? `%${r.entries.length}\r\n` : `*${r.entries.length * 2}\r\n`);
      for (const [k, v] of r.entries) {
        writeReply(w, k, proto, false);
        writeReply(w, v, proto, false);
      }
      return;
    case 'none':
      // Inside an aggregate, "nothing" would corrupt the element count.
      if (!top) w.str(proto === 3 ? '_\r\n' : '$-1\r\n');
      return;
  }
}

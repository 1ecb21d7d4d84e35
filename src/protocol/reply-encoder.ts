import { toBytes } from '../core/bytes';
import { ByteWriter } from './byte-writer';
import type { Reply } from './reply';

/**
 * Serialises a Reply for a client speaking RESP2 or RESP3, as a byte string
 * (core/bytes): a bulk's length is its string length, and the socket takes
 * the text as latin1 without an intermediate Buffer. A Buffer bulk is copied
 * in as its latin1 text, which encodes back to the same bytes.
 */
export function encodeReplyText(reply: Reply, proto: 2 | 3): string {
  if (reply.t === 'none') return '';
  if (reply.t === 'status') {
    // Status replies are shared constants (PONG, OK): the last one's line is kept, as below.
    if (lastStatus.reply !== reply) {
      lastStatus.reply = reply;
      lastStatus.text = write(reply, proto);
    }
    return lastStatus.text;
  }
  if (reply.t !== 'array' && reply.t !== 'map') return write(reply, proto);
  // A reply is a value, never changed once built: the same object again (a
  // kept SENTINEL MASTERS answer, see core/commands/read-cache.ts) has the
  // same bytes, so the last aggregate's encoding is kept per protocol.
  const last = proto === 2 ? last2 : last3;
  if (last.reply !== reply) {
    last.reply = reply;
    last.text = write(reply, proto);
  }
  return last.text;
}

const last2: { reply: Reply | null; text: string } = { reply: null, text: '' };
const last3: { reply: Reply | null; text: string } = { reply: null, text: '' };
/** A status line is the same in RESP2 and RESP3. */
const lastStatus: { reply: Reply | null; text: string } = { reply: null, text: '' };

/** The same bytes as a Buffer. */
export function encodeReply(reply: Reply, proto: 2 | 3): Buffer {
  return toBytes(encodeReplyText(reply, proto));
}

/** A bulk's first line: `$`, its length in bytes, CRLF; its bytes and a CRLF follow. */
function bulkHead(len: number): string {
  return `$${len}\r\n`;
}

/** Room left for a bulk's first line before its bytes are rendered: `$`, up to 13 digits, CRLF. */
const HEAD_ROOM = 16;

/**
 * Appends a rendered bulk, framed, to `w`. Its length is known only once it
 * is rendered, so the first line is written into room left before it.
 */
export function writeRenderedBulk(r: { render: (w: ByteWriter) => void }, w: ByteWriter): void {
  const at = w.skip(HEAD_ROOM);
  r.render(w);
  w.fill(at, HEAD_ROOM, bulkHead(w.length - at - HEAD_ROOM));
  w.text('\r\n');
}

/** Where a rendered bulk is made when it must become a string (not a client's output). */
const scratch = new ByteWriter();

/** A line-oriented reply must not contain CR or LF, or the client would desynchronise. */
function oneLine(s: string): string {
  return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\r\n]/g, ' ');
}

function aggregate(prefix: string, items: Reply[], proto: 2 | 3): string {
  let out = `${prefix}${items.length}\r\n`;
  for (const it of items) out += write(it, proto);
  return out;
}

/** Inside an aggregate, "nothing" would corrupt the element count: it is sent as a null there. */
function write(r: Reply, proto: 2 | 3): string {
  switch (r.t) {
    case 'status':
      return `+${oneLine(r.s)}\r\n`;
    case 'error':
      return `-${oneLine(r.s)}\r\n`;
    case 'int':
      return `:${r.n.toString()}\r\n`;
    case 'renderedBulk': {
      scratch.reset();
      writeRenderedBulk(r, scratch);
      return scratch.latin1();
    }
    case 'bulk': {
      const s = typeof r.s === 'string' ? r.s : r.s.toString('latin1');
      return `${bulkHead(s.length)}${s}\r\n`;
    }
    case 'verbatim':
      return proto === 3 ? `=${r.s.length + 4}\r\n${r.format}:${r.s}\r\n` : `${bulkHead(r.s.length)}${r.s}\r\n`;
    case 'null':
    case 'none':
      return proto === 3 ? '_\r\n' : '$-1\r\n';
    case 'nullarray':
      return proto === 3 ? '_\r\n' : '*-1\r\n';
    case 'array':
      return aggregate('*', r.items, proto);
    case 'set':
      return aggregate(proto === 3 ? '~' : '*', r.items, proto);
    case 'push':
      return aggregate(proto === 3 ? '>' : '*', r.items, proto);
    case 'map': {
      let out = proto === 3 ? `%${r.entries.length}\r\n` : `*${r.entries.length * 2}\r\n`;
      for (const [k, v] of r.entries) out += write(k, proto) + write(v, proto);
      return out;
    }
  }
}

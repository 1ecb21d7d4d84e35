import { constants as bufferConstants } from 'node:buffer';
import { fromBytes } from '../core/bytes';
import type { PeerReply } from '../core/peer-reply';
import { string2ll } from '../core/string2ll';

/**
 * Incremental RESP2 reader for what Redis instances and peer sentinels send
 * on the links: replies and pub/sub pushes, as the core's PeerReply values
 * (byte strings, numbers, null, `{ error }`, arrays).
 *
 * It reads in place from the buffer the socket read into, so a chunk of
 * whole replies (nearly every chunk: a PONG, a hello, an INFO) costs the
 * values it holds and nothing else. Only the bytes of a reply cut by the
 * end of a read are copied, and kept until the rest arrives. The arrays
 * already open when a read ends are kept as they are, so a long reply that
 * comes in many reads is not parsed again from its start each time.
 *
 * Malformed input is refused where hiredis, redis-sentinel's reader, refuses
 * it, with hiredis's words: the link is then dropped, as redis-sentinel
 * drops it. Integers follow Redis's string2ll, so a reply that Redis would
 * not have written is an error rather than a guess.
 */

const CR = 0x0d;
const LF = 0x0a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;
const ZERO = 0x30;
const NINE = 0x39;

/** V8 caps strings 24 bytes short of 512 MB; a longer bulk could never become a value. */
const MAX_BULK = bufferConstants.MAX_STRING_LENGTH;
/** hiredis's default limit on the elements of one array (REDIS_READER_MAX_ARRAY_ELEMENTS). */
const MAX_ELEMENTS = 2 ** 32 - 1;
/**
 * A line (a status, an error, an integer, a length) that has not ended after
 * this many bytes is no reply a Redis server writes; without a limit a peer
 * that never sends CRLF would grow the kept bytes for as long as it talks.
 */
export const MAX_LINE = 1024 * 1024;
/** Up to 15 digits a double holds every integer exactly. */
const EXACT_DIGITS = 15;

/** parseItem's answers besides a value. */
const MORE: unique symbol = Symbol('more bytes needed');
const ARRAY: unique symbol = Symbol('array header');
const BAD: unique symbol = Symbol('protocol error');
type Item = PeerReply | typeof MORE | typeof ARRAY | typeof BAD;

// One parse runs to its end synchronously and readers never nest, so its
// cursor and side results are module state rather than an object per item.
let pos = 0;
/** with ARRAY: the number of elements that follow */
let arrayLength = 0;
/** with MORE: how many bytes, from the item's start, it needs in all (0 when the line has not ended yet) */
let itemSize = 0;
/** with BAD: what is wrong */
let problem = '';

function bad(message: string): typeof BAD {
  problem = message;
  return BAD;
}

/** Index of the CR of the first CRLF in [from, end), or -1. */
function lineEnd(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) {
    if (buf[i] === CR && buf[i + 1] === LF) return i;
  }
  return -1;
}

/**
 * Redis's string2ll over [start, end), null when the bytes are no long long.
 * Numbers beyond what a double holds exactly come as bigint, so an epoch
 * keeps every digit. The common reply (`:1`, a length) is read from the
 * bytes: plain digits without a leading zero, few enough to be exact, which
 * string2ll accepts as they are. Anything else is decided by string2ll
 * itself (core/string2ll.ts), the one home of its rules.
 */
export function parseLongLong(buf: Uint8Array, start: number, end: number): number | bigint | null {
  const i = buf[start] === MINUS ? start + 1 : start;
  const first = buf[i];
  if (i < end && end - i <= EXACT_DIGITS && first !== undefined && first > ZERO && first <= NINE) {
    let v = 0;
    let j = i;
    for (; j < end; j++) {
      const c = buf[j] as number;
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
    }
    if (j === end) return i > start ? -v : v;
  }
  const big = string2ll(fromBytes(buf, start, end));
  if (big === null) return null;
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

/** A length header's value: a number, or null when it is no long long (one too big for a double is out of range anyway). */
function parseLength(buf: Uint8Array, start: number, end: number): number | null {
  const n = parseLongLong(buf, start, end);
  if (n === null) return null;
  return typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
}

/** One item at `pos`: a whole scalar, an array's header, or why neither yet. */
function parseItem(buf: Buffer, end: number): Item {
  const start = pos;
  const type = buf[start];
  // The type byte is judged first, so garbage is refused before its line ends.
  if (type !== PLUS && type !== MINUS && type !== COLON && type !== DOLLAR && type !== STAR) {
    return bad(`Protocol error, got ${JSON.stringify(String.fromCharCode(type ?? 0))} as reply type byte`);
  }
  const cr = lineEnd(buf, start + 1, end);
  if (cr < 0) {
    if (end - start > MAX_LINE) return bad('Line too long');
    itemSize = 0;
    return MORE;
  }
  const next = cr + 2;
  switch (type) {
    case PLUS:
      pos = next;
      return buf.toString('latin1', start + 1, cr);
    case MINUS:
      pos = next;
      return { error: buf.toString('latin1', start + 1, cr) };
    case COLON: {
      const v = parseLongLong(buf, start + 1, cr);
      if (v === null) return bad('Bad integer value');
      pos = next;
      return v;
    }
    case DOLLAR: {
      const len = parseLength(buf, start + 1, cr);
      if (len === null) return bad('Bad bulk string length');
      if (len < -1 || len > MAX_BULK) return bad('Bulk string length out of range');
      if (len === -1) {
        pos = next;
        return null;
      }
      // As hiredis, the two bytes after the body are skipped, not checked.
      const stop = next + len;
      if (stop + 2 > end) {
        itemSize = stop + 2 - start;
        return MORE;
      }
      pos = stop + 2;
      return buf.toString('latin1', next, stop);
    }
    default: {
      const len = parseLength(buf, start + 1, cr);
      if (len === null) return bad('Bad multi-bulk length');
      if (len < -1 || len > MAX_ELEMENTS) return bad('Multi-bulk length out of range');
      pos = next;
      if (len === -1) return null;
      if (len === 0) return [];
      arrayLength = len;
      return ARRAY;
    }
  }
}

/**
 * Arrays up to this length get all their slots at once (a hello is 3, an
 * EXEC a few); a longer one grows as its elements arrive, so a header alone
 * cannot make the reader reserve memory for elements never sent.
 */
const PREALLOCATE = 64;

/** An array still being filled: its elements so far, and how many it has in all. */
interface OpenArray {
  items: PeerReply[];
  filled: number;
  length: number;
}

export class ReplyReader {
  /** The bytes of an item cut by the end of a read, from its first byte; null between items. */
  private held: Buffer | null = null;
  private heldLength = 0;
  /** held needs this many bytes before parsing it again can get further */
  private heldNeeds = 0;
  /** arrays opened and not yet complete, outermost first */
  private readonly open: OpenArray[] = [];
  private failed = false;

  /**
   * Reads `length` bytes at the start of `chunk` and appends each reply they
   * complete to `out`, in order. Nothing of `chunk` is referenced after the
   * call, so the caller may read into it again. Returns null, or a protocol
   * error's text; after one the reader refuses everything (the link is gone).
   */
  read(chunk: Buffer, length: number, out: PeerReply[]): string | null {
    if (this.failed) return 'reader already failed';
    let buf = chunk;
    let end = length;
    if (this.held !== null) {
      buf = this.hold(chunk, length);
      end = this.heldLength;
      if (end < this.heldNeeds) return null;
    }
    pos = 0;
    while (pos < end) {
      const start = pos;
      const item = parseItem(buf, end);
      if (item === MORE) {
        this.keep(buf, start, end, itemSize);
        return null;
      }
      if (item === BAD) {
        this.fail();
        return problem;
      }
      if (item === ARRAY) {
        this.open.push({ items: arrayLength <= PREALLOCATE ? new Array<PeerReply>(arrayLength) : [], filled: 0, length: arrayLength });
        continue;
      }
      this.complete(item, out);
    }
    this.held = null;
    this.heldLength = 0;
    this.heldNeeds = 0;
    return null;
  }

  /** A finished value goes into the innermost open array, and a finished array into the one around it, or out. */
  private complete(value: PeerReply, out: PeerReply[]): void {
    let v = value;
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) {
        out.push(v);
        return;
      }
      top.items[top.filled++] = v;
      if (top.filled < top.length) return;
      this.open.pop();
      v = top.items;
    }
  }

  /**
   * Appends a read to the held bytes, growing them by doubling. Memory
   * follows the bytes that came, never a length a header only announced: a
   * peer that sends `$500000000` and stops costs what it sent.
   */
  private hold(chunk: Buffer, length: number): Buffer {
    let held = this.held as Buffer;
    const want = this.heldLength + length;
    if (want > held.length) {
      const grown = Buffer.allocUnsafe(Math.max(want, held.length * 2));
      held.copy(grown, 0, 0, this.heldLength);
      held = grown;
      this.held = grown;
    }
    chunk.copy(held, this.heldLength, 0, length);
    this.heldLength = want;
    return held;
  }

  /** Keeps [start, end) of buf, the start of an item, until more bytes come. */
  private keep(buf: Buffer, start: number, end: number, size: number): void {
    const n = end - start;
    if (buf === this.held) {
      if (start > 0) buf.copyWithin(0, start, end);
    } else {
      this.held = Buffer.allocUnsafe(Math.max(2 * n, 256));
      buf.copy(this.held, 0, start, end);
    }
    this.heldLength = n;
    // Until a bulk's size is known, any byte more may end its line.
    this.heldNeeds = size > 0 ? size : n + 1;
  }

  private fail(): void {
    this.failed = true;
    this.held = null;
    this.heldLength = 0;
    this.open.length = 0;
  }
}

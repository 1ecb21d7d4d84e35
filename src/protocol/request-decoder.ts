import { constants as bufferConstants } from 'node:buffer';
import { ByteQueue } from './byte-queue';
import { holdsBytes, packString, type PackedString } from './same-bytes';
import { fromBytes } from '../core/bytes';
import { splitArgs } from '../core/split-args';
import { string2llNumber } from '../core/string2ll';

/** Redis's limits on request framing (networking.c). */
export const INLINE_MAX_SIZE = 64 * 1024;
export const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;
/** Before authentication a client may only send small requests (an AUTH fits). */
export const UNAUTH_MAX_MULTIBULK = 10;
export const UNAUTH_MAX_BULK = 16384;
/** From this size on a bulk argument gets a buffer of its own (Redis's PROTO_MBULK_BIG_ARG). */
export const BIG_ARG = 32 * 1024;

export type DecodeResult =
  | { kind: 'command'; argv: string[] }
  /**
   * A framing error: `reply` is the error text to send (without '-'), after
   * which the connection must be closed; `reason` is the short form Redis logs.
   */
  | { kind: 'error'; reply: string; reason: string }
  /** An HTTP request hitting the port (cross-protocol scripting): close without a word. */
  | { kind: 'drop' };

export interface DecoderOptions {
  /** Consulted at each length header, so an AUTH earlier in a pipeline lifts the limits. */
  authRequired?: () => boolean;
  maxBulkLen?: number;
}

/** Leading arguments remembered for reuse, and the longest one remembered. */
const RECENT_ARGS = 3;
const RECENT_ARG_MAX = 64;

const CR = 0x0d;
const LF = 0x0a;
const STAR = 0x2a;
const DOLLAR = 0x24;

/**
 * Incremental RESP request decoder (multibulk and inline). Feed it bytes as
 * they arrive, then pull requests one at a time with next(): pulling lazily is
 * what lets the authentication state of one command affect the limits applied
 * to the next one, as in Redis.
 */
export class RequestDecoder {
  private readonly q = new ByteQueue();
  private readonly authRequired: () => boolean;
  private readonly maxBulkLen: number;
  private failed = false;
  // Multibulk in progress: remaining argument count (0 = at a request boundary).
  private pendingArgs = 0;
  private bulkLen = -1;
  private argv: string[] = [];
  /** the last short arguments seen at the first places (see argAt), packed for comparison (see same-bytes.ts) */
  private readonly recent: PackedString[] = Array.from({ length: RECENT_ARGS }, () => packString(''));

  constructor(opts: DecoderOptions = {}) {
    this.authRequired = opts.authRequired ?? (() => false);
    // An argument is held as a string, and V8 caps strings 24 bytes short of
    // Redis's 512 MB: such a bulk is refused as too long instead of throwing.
    this.maxBulkLen = Math.min(opts.maxBulkLen ?? PROTO_MAX_BULK_LEN, MAX_STRING_LENGTH);
  }

  /** Input: `chunk[0, length)` (see ByteQueue.push for a shared read buffer). */
  feed(chunk: Buffer, length: number = chunk.length): void {
    if (!this.failed) this.q.push(chunk, length);
  }

  /** Input still buffered that lies in `memory` is copied: the caller reuses that memory for its next read. */
  keepOutOf(memory: ArrayBufferLike): void {
    this.q.keepOutOf(memory);
  }

  /** The connection is gone: drop buffered input now rather than at the next GC. */
  dispose(): void {
    this.failed = true;
    this.q.clear();
    this.argv = [];
  }

  /** Bytes received but not yet turned into requests. */
  get buffered(): number {
    return this.q.length;
  }

  /** The next complete request, or null when more bytes are needed (or after an error). */
  next(): DecodeResult | null {
    if (this.failed) return null;
    if (this.pendingArgs === 0) {
      const argv = this.completeRequest();
      if (argv !== null) return isHttpProbe(argv) ? { kind: 'drop' } : { kind: 'command', argv };
    }
    for (;;) {
      let r: DecodeResult | null | 'again';
      if (this.pendingArgs > 0) r = this.bulkArgs();
      else if (this.q.length === 0) return null;
      else if (this.q.ensure(1) && this.q.byteAt(0) === STAR) r = this.multibulkHeader();
      else r = this.inline();
      if (r === 'again') continue;
      if (r !== null && r.kind === 'error') this.failed = true;
      if (r !== null && r.kind === 'command' && isHttpProbe(r.argv)) return { kind: 'drop' };
      return r;
    }
  }

  /**
   * The unprocessed input as Redis shows it in its protocol-error log line:
   * non-printable bytes as '.', long buffers abbreviated around the middle.
   */
  describeBuffer(): string {
    const b = this.q.all();
    const printable = (x: Buffer): string => {
      let s = '';
      for (const c of x) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      return s;
    };
    if (b.length <= 128) return `'${printable(b)}'`;
    return `'${printable(b.subarray(0, 64))}' (... more ${b.length - 128} bytes ...) '${printable(b.subarray(b.length - 64))}'`;
  }

  /**
   * The common request, whole in the first buffer: a small multibulk with
   * plain decimal lengths, read in place. Null whenever anything is unusual
   * (a limit that depends on authentication, a big argument, a length that
   * string2ll might refuse, bytes still to come): the general path then
   * reads the same bytes from the same point, so both agree by construction.
   */
  private completeRequest(): string[] | null {
    const q = this.q;
    const b = q.headBytes;
    const end = q.headEnd;
    const start = q.headStart;
    if (start >= end || b[start] !== STAR) return null;
    let p = start + 1;
    const n = plainDecimal(b, p, end);
    if (n <= 0 || n > UNAUTH_MAX_MULTIBULK) return null;
    p += decimalDigits(n) + 2; // the CR, and the byte after it that Redis skips unchecked
    // Sized at once: grown by push, a 3-argument request's array would take
    // a backing store for 17 (some 90 bytes of garbage per request).
    const argv: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (p >= end || b[p] !== DOLLAR) return null;
      const len = plainDecimal(b, p + 1, end);
      if (len < 0 || len > UNAUTH_MAX_BULK || len > this.maxBulkLen) return null;
      p += 1 + decimalDigits(len) + 2;
      if (p + len + 2 > end) return null;
      argv[i] = this.argAt(i, b, p, len);
      p += len + 2;
    }
    q.consume(p - start);
    return argv;
  }

  /**
   * Argument `i` of a request, b[p, p + len) as a byte string. A client
   * mostly repeats itself (the same command, subcommand and master name,
   * request after request): a short leading argument equal to the one
   * before at its place is that same string again, so it costs no
   * allocation, and keeps the hash the command and master maps computed.
   */
  private argAt(i: number, b: Buffer, p: number, len: number): string {
    if (i >= RECENT_ARGS || len > RECENT_ARG_MAX) return b.toString('latin1', p, p + len);
    const r = this.recent[i] as PackedString;
    if (r.text.length === len && holdsBytes(b, p, r)) return r.text;
    const s = b.toString('latin1', p, p + len);
    this.recent[i] = packString(s);
    return s;
  }

  private fail(reply: string, reason: string): DecodeResult {
    return { kind: 'error', reply: `ERR Protocol error: ${reply}`, reason };
  }

  private inline(): DecodeResult | null | 'again' {
    const nl = this.q.findBeforeNul(LF);
    // Redis checks the limit after every 16 KB read, so a long line is refused
    // whether or not its newline has arrived yet; checking the line itself
    // keeps that independent of how the bytes were chunked.
    if (nl < 0 ? this.q.length > INLINE_MAX_SIZE : nl > INLINE_MAX_SIZE) {
      return this.fail('too big inline request', 'too big inline request');
    }
    if (nl < 0) return null;
    this.q.ensure(nl + 1);
    const end = nl > 0 && this.q.byteAt(nl - 1) === CR ? nl - 1 : nl;
    // The line holds no NUL (findBeforeNul), the one byte where config lines
    // and inline requests were split differently.
    const args = splitArgs(fromBytes(this.q.view(0, end)));
    if (args === null) return this.fail('unbalanced quotes in request', 'unbalanced quotes in inline request');
    this.q.consume(nl + 1);
    if (args.length === 0) return 'again';
    return { kind: 'command', argv: args };
  }

  /**
   * Position of the CR ending a length line, or null to wait. Like Redis, one
   * byte must follow the CR, and that byte is skipped without being checked.
   */
  private lengthLine(tooBig: string): number | DecodeResult | null {
    const cr = this.q.findBeforeNul(CR);
    if (cr < 0) {
      if (this.q.length > INLINE_MAX_SIZE) return this.fail(tooBig, tooBig);
      return null;
    }
    if (!this.q.ensure(cr + 2)) return null;
    return cr;
  }

  private multibulkHeader(): DecodeResult | null | 'again' {
    const cr = this.lengthLine('too big mbulk count string');
    if (cr === null || typeof cr !== 'number') return cr;
    const n = string2llNumber(this.q.text(1, cr));
    if (n === null || n > 2147483647) return this.fail('invalid multibulk length', 'invalid mbulk count');
    if (n > UNAUTH_MAX_MULTIBULK && this.authRequired()) {
      return this.fail('unauthenticated multibulk length', 'unauth mbulk count');
    }
    this.q.consume(cr + 2);
    if (n <= 0) return 'again';
    this.pendingArgs = n;
    this.bulkLen = -1;
    this.argv = [];
    return 'again';
  }

  private bulkArgs(): DecodeResult | null {
    while (this.pendingArgs > 0) {
      if (this.bulkLen < 0) {
        const cr = this.lengthLine('too big bulk count string');
        if (cr === null || typeof cr !== 'number') return cr;
        const first = this.q.byteAt(0);
        if (first !== DOLLAR) {
          return this.fail(`expected '$', got '${String.fromCharCode(first)}'`, 'expected $ but got something else');
        }
        const len = string2llNumber(this.q.text(1, cr));
        if (len === null || len < 0 || len > this.maxBulkLen) return this.fail('invalid bulk length', 'invalid bulk length');
        if (len > UNAUTH_MAX_BULK && this.authRequired()) return this.fail('unauthenticated bulk length', 'unauth bulk length');
        this.q.consume(cr + 2);
        this.bulkLen = len;
        if (len >= BIG_ARG) this.q.reserve(len + 2);
      }
      if (!this.q.ensure(this.bulkLen + 2)) return null;
      this.argv.push(this.q.text(0, this.bulkLen));
      this.q.consume(this.bulkLen + 2);
      this.bulkLen = -1;
      this.pendingArgs--;
    }
    const argv = this.argv;
    this.argv = [];
    return { kind: 'command', argv };
  }
}

/**
 * The number written at b[p..] up to a CR when it is a plain decimal below
 * 10^9 ("0", or no leading zero) with the CR and one more byte present;
 * -1 for anything else, left to string2ll on the general path.
 */
function plainDecimal(b: Buffer, p: number, end: number): number {
  let v = 0;
  let digits = 0;
  for (; p < end; p++) {
    const c = b[p] as number;
    if (c === CR) return digits === 0 || p + 1 >= end ? -1 : v;
    if (c < 0x30 || c > 0x39 || digits === 9 || (digits === 1 && v === 0)) return -1;
    v = v * 10 + (c - 0x30);
    digits++;
  }
  return -1;
}

function decimalDigits(v: number): number {
  let d = 1;
  while (v >= 10) {
    v = Math.floor(v / 10);
    d++;
  }
  return d;
}

/** "POST" and "Host:" as a command name mean a browser was tricked into talking to us. */
function isHttpProbe(argv: string[]): boolean {
  const a = argv[0] ?? '';
  // Compared letter by letter, case-insensitively, rather than lower-cased:
  // PING, a name of the same length and first letter, would make a copy
  // for every request. (Bit 0x20 is the only difference between an ASCII
  // letter's two cases; ':' is compared as it is.)
  if (a.length === 4) return letterIs(a, 0, 0x70) && letterIs(a, 1, 0x6f) && letterIs(a, 2, 0x73) && letterIs(a, 3, 0x74);
  if (a.length === 5) {
    return letterIs(a, 0, 0x68) && letterIs(a, 1, 0x6f) && letterIs(a, 2, 0x73) && letterIs(a, 3, 0x74) && a.charCodeAt(4) === 0x3a;
  }
  return false;
}

/** Whether a[i] is the ASCII letter whose lower case is `lower`, in either case. */
function letterIs(a: string, i: number, lower: number): boolean {
  return (a.charCodeAt(i) | 0x20) === lower;
}

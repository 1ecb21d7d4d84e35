/**
 * Bytes appended into memory outside the V8 heap, for replies that are made
 * afresh at every request (INFO): their text goes straight from kept pieces
 * and digits into the buffer a socket write takes, so making one allocates
 * nothing. Built as strings, the same reply left some 6 KB of garbage per
 * request (the pieces, the joined text, and the flat copy a pipelined
 * client's joined replies were turned into for the write), and the
 * young-generation collections of that garbage were a quarter of the
 * daemon's CPU under pipelined INFO (`--cpu-prof`, 2026-12-03).
 *
 * Text is appended as byte strings (core/bytes: one char per byte).
 */

/** Strings up to this length are copied char by char: a call into Node's latin1 writer costs more. */
const SHORT_TEXT = 48;
const INITIAL = 64 * 1024;
/** Memory grown past this for one burst is given back at the next reset. */
const KEEP_AT_MOST = 1024 * 1024;

export class ByteWriter {
  private buf: Buffer;
  private end = 0;

  constructor(private readonly initial = INITIAL) {
    this.buf = Buffer.allocUnsafeSlow(initial);
  }

  /** Bytes written since the last reset. */
  get length(): number {
    return this.end;
  }

  reset(): void {
    this.end = 0;
    if (this.buf.length > KEEP_AT_MOST) this.buf = Buffer.allocUnsafeSlow(this.initial);
  }

  text(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    const at = this.end;
    if (n <= SHORT_TEXT) {
      for (let i = 0; i < n; i++) b[at + i] = s.charCodeAt(i);
    } else {
      b.write(s, at, n, 'latin1');
    }
    this.end = at + n;
  }

  bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.end);
    this.end += src.length;
  }

  /** A number in decimal, as String(n) prints it; digit by digit for a non-negative safe integer. */
  decimal(n: number): void {
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n)) {
      this.text(String(n));
      return;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.room(digits);
    const b = this.buf;
    let i = this.end + digits;
    this.end = i;
    do {
      const q = Math.floor(n / 10);
      b[--i] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  /** Forgets what was written after the first `n` bytes. */
  truncate(n: number): void {
    if (n < this.end) this.end = n;
  }

  /** Leaves `n` bytes to be filled in later (see fill). */
  skip(n: number): number {
    this.room(n);
    const at = this.end;
    this.end += n;
    return at;
  }

  /**
   * Writes `head` into the `gap` bytes left at `at` by skip(), and closes
   * what is left of the gap by moving everything after it back.
   */
  fill(at: number, gap: number, head: string): void {
    const b = this.buf;
    for (let i = 0; i < head.length; i++) b[at + i] = head.charCodeAt(i);
    const spare = gap - head.length;
    if (spare === 0) return;
    b.copyWithin(at + head.length, at + gap, this.end);
    this.end -= spare;
  }

  /** What was written, as a byte string. */
  latin1(): string {
    return this.buf.toString('latin1', 0, this.end);
  }

  /** A view of what was written; valid until the next write, reset or detach. */
  view(): Buffer {
    return this.buf.subarray(0, this.end);
  }

  /**
   * What was written, handed over for good (a socket write that libuv keeps
   * until the peer reads it): the writer starts again on new memory.
   */
  detach(): Buffer {
    const out = this.buf.subarray(0, this.end);
    this.buf = Buffer.allocUnsafeSlow(this.initial);
    this.end = 0;
    return out;
  }

  private room(n: number): void {
    const need = this.end + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buf.copy(grown, 0, 0, this.end);
    this.buf = grown;
  }
}

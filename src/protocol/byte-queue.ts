import type { ReleasableBuffer } from './releasable-buffer';
import { allocReleasable } from './releasable-buffer';

const EMPTY = Buffer.alloc(0);

/**
 * The unconsumed part of a client's input stream.
 *
 * Incoming chunks are only copied together when a parser actually needs
 * contiguous bytes: a large bulk argument arriving in many chunks is joined
 * once when complete, and a request line arriving a byte at a time is not
 * rescanned from its start on every chunk. Both keep the cost of parsing
 * linear in the input whatever the chunking.
 *
 * A large item announced in advance (a big bulk argument) can instead be
 * received into a buffer reserved for it, so that it never exists as a pile
 * of socket chunks, and its memory is given back as soon as it is consumed.
 */
export class ByteQueue {
  private head: Buffer = EMPTY;
  private off = 0;
  /** End of the bytes received in `head`; short of its length only while a reservation fills. */
  private end = 0;
  private reserved: ReleasableBuffer | null = null;
  private tail: Buffer[] = [];
  private tailLen = 0;

  // Progress of the current line search, valid until the next consume().
  private memoTarget = -1;
  private scanned = 0;
  private tailChecked = 0;
  private nulBlocked = false;

  get length(): number {
    return this.end - this.off + this.tailLen;
  }

  /**
   * Queues `chunk[0, length)`. A read into a shared buffer is queued as that
   * buffer and its length, with no view made for it: the caller then copies
   * out what is left of it (keepOutOf) before the buffer's next read.
   */
  push(chunk: Buffer, length: number = chunk.length): void {
    if (length === 0) return;
    if (this.reserved !== null && this.end < this.head.length) {
      // Filling a reservation: the chunk is copied, so the socket's buffer
      // can be collected young instead of being kept until the item is whole.
      const n = chunk.copy(this.head, this.end, 0, length);
      this.end += n;
      if (n === length) return;
      chunk = chunk.subarray(n, length);
      length -= n;
    }
    if (this.off >= this.end && this.tail.length === 0) {
      this.setHead(chunk, length);
    } else {
      this.tail.push(length === chunk.length ? chunk : chunk.subarray(0, length));
      this.tailLen += length;
    }
  }

  /** Makes the first `n` bytes contiguous; false when fewer are buffered. */
  ensure(n: number): boolean {
    if (this.end - this.off >= n) return true;
    if (this.length < n) return false;
    this.merge();
    return true;
  }

  /** Byte at relative position `i`; the caller must have ensured i + 1 bytes. */
  byteAt(i: number): number {
    return this.head[this.off + i] as number;
  }

  /**
   * The contiguous bytes at the front, `headBytes[headStart, headEnd)`, for a
   * parser's fast path to read in place (then consume() what it used); the
   * rest of the queue, if any, follows them.
   */
  get headBytes(): Buffer {
    return this.head;
  }

  get headStart(): number {
    return this.off;
  }

  get headEnd(): number {
    return this.end;
  }

  /** Bytes [start, end) as a view; the caller must have ensured `end` bytes. */
  view(start: number, end: number): Buffer {
    return this.head.subarray(this.off + start, this.off + end);
  }

  /** Bytes [start, end) as a byte string (see core/bytes). */
  text(start: number, end: number): string {
    return this.head.toString('latin1', this.off + start, this.off + end);
  }

  consume(n: number): void {
    this.off += n;
    if (this.off >= this.end) {
      // Let go of a consumed buffer at once: it may be a reservation of
      // hundreds of megabytes.
      const next = this.tail.shift();
      if (next === undefined) this.setHead(EMPTY);
      else {
        this.tailLen -= next.length;
        this.setHead(next);
      }
    }
    this.memoTarget = -1;
    this.scanned = 0;
    this.tailChecked = 0;
    this.nulBlocked = false;
  }

  /**
   * Relative position of the first `target` byte, searching the way C's
   * strchr does on Redis's NUL-terminated query buffer: a NUL before the
   * target hides it, so such a line is never complete and eventually trips
   * the size limit, exactly as with Redis. -1 when not (yet) found.
   */
  findBeforeNul(target: number): number {
    if (this.memoTarget !== target) {
      this.memoTarget = target;
      this.scanned = 0;
      this.tailChecked = 0;
      this.nulBlocked = false;
    }
    if (this.nulBlocked) return -1;
    let idx = this.received().indexOf(target, this.off + this.scanned);
    if (idx < 0) {
      this.scanned = this.end - this.off;
      let hit = false;
      for (; this.tailChecked < this.tail.length; this.tailChecked++) {
        if ((this.tail[this.tailChecked] as Buffer).includes(target)) {
          hit = true;
          break;
        }
      }
      if (!hit) return -1;
      this.merge();
      idx = this.received().indexOf(target, this.off + this.scanned);
    }
    if (this.head.subarray(this.off, idx).includes(0)) {
      this.nulBlocked = true;
      return -1;
    }
    return idx - this.off;
  }

  /** Everything buffered, contiguous (for diagnostics). */
  all(): Buffer {
    this.merge();
    return this.head.subarray(this.off, this.end);
  }

  /**
   * Receives the next `n` bytes into one buffer of exactly that size (the
   * bytes already queued are moved into it). Redis sizes its query buffer
   * the same way for a big bulk argument. Nothing to do when they are
   * already here.
   */
  reserve(n: number): void {
    if (this.reserved !== null || this.length >= n) return;
    const r = allocReleasable(n);
    let filled = this.head.copy(r.bytes, 0, this.off, this.end);
    for (const c of this.tail) filled += c.copy(r.bytes, filled);
    this.tail = [];
    this.tailLen = 0;
    this.setHead(r.bytes, filled);
    this.reserved = r;
    this.memoTarget = -1;
  }

  /**
   * Copies the queued bytes that lie in `memory` (a read buffer about to be
   * reused) into buffers of their own. Positions are relative to the front,
   * so a line search in progress stays valid.
   */
  keepOutOf(memory: ArrayBufferLike): void {
    if (this.head.buffer === memory) {
      this.head = Buffer.from(this.head.subarray(this.off, this.end));
      this.end -= this.off;
      this.off = 0;
    }
    for (let i = 0; i < this.tail.length; i++) {
      const c = this.tail[i] as Buffer;
      if (c.buffer === memory) this.tail[i] = Buffer.from(c);
    }
  }

  /** Drops everything buffered, giving a reservation's memory back now (the connection is gone). */
  clear(): void {
    this.tail = [];
    this.tailLen = 0;
    this.setHead(EMPTY);
    this.memoTarget = -1;
  }

  /** `head` up to what was received, for searches that must not see a reservation's unfilled end. */
  private received(): Buffer {
    return this.end === this.head.length ? this.head : this.head.subarray(0, this.end);
  }

  private setHead(b: Buffer, end = b.length): void {
    if (this.reserved !== null) {
      this.reserved.release();
      this.reserved = null;
    }
    this.head = b;
    this.off = 0;
    this.end = end;
  }

  private merge(): void {
    if (this.tail.length === 0) return;
    this.setHead(Buffer.concat([this.head.subarray(this.off, this.end), ...this.tail]));
    this.tail = [];
    this.tailLen = 0;
    this.tailChecked = 0;
  }
}

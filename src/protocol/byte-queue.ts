const EMPTY = Buffer.alloc(0);

/**
 * The unconsumed part of a client's input stream.
 *
 * Incoming chunks are only copied together when a parser actually needs
 * contiguous bytes: a large bulk argument arriving in many chunks is joined
 * once when complete, and a request line arriving a byte at a time is not
 * rescanned from its start on every chunk. Both keep the cost of parsing
 * linear in the input whatever the chunking.
 */
export class ByteQueue {
  private head: Buffer = EMPTY;
  private off = 0;
  private tail: Buffer[] = [];
  private tailLen = 0;

  // Progress of the current line search, valid until the next consume().
  private memoTarget = -1;
  private scanned = 0;
  private tailChecked = 0;
  private nulBlocked = false;

  get length(): number {
    return this.head.length - this.off + this.tailLen;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.off >= this.head.length && this.tail.length === 0) {
      this.head = chunk;
      this.off = 0;
    } else {
      this.tail.push(chunk);
      this.tailLen += chunk.length;
    }
  }

  /** Makes the first `n` bytes contiguous; false when fewer are buffered. */
  ensure(n: number): boolean {
    if (this.head.length - this.off >= n) return true;
    if (this.length < n) return false;
    this.merge();
    return true;
  }

  /** Byte at relative position `i`; the caller must have ensured i + 1 bytes. */
  byteAt(i: number): number {
    return this.head[this.off + i] as number;
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
    if (this.off >= this.head.length && this.tail.length === 0) {
      this.head = EMPTY;
      this.off = 0;
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
    let idx = this.head.indexOf(target, this.off + this.scanned);
    if (idx < 0) {
      this.scanned = this.head.length - this.off;
      let hit = false;
      for (; this.tailChecked < this.tail.length; this.tailChecked++) {
        if ((this.tail[this.tailChecked] as Buffer).includes(target)) {
          hit = true;
          break;
        }
      }
      if (!hit) return -1;
      this.merge();
      idx = this.head.indexOf(target, this.off + this.scanned);
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
    return this.head.subarray(this.off);
  }

  private merge(): void {
    if (this.tail.length === 0) return;
    this.head = Buffer.concat([this.head.subarray(this.off), ...this.tail]);
    this.off = 0;
    this.tail = [];
    this.tailLen = 0;
    this.tailChecked = 0;
  }
}

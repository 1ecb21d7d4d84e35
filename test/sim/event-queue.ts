/**
 * A min-heap of timed items ordered by (time, insertion order): items due at
 * the same millisecond come out in the order they were queued, which is what
 * keeps every connection FIFO.
 *
 * Items queued with pushLate go to a FIFO lane instead of the heap: their
 * times never decrease, so the lane is already in (time, insertion order)
 * and costs O(1) per item. The world uses it for messages held back by a cut
 * or a pause, which are requeued every step for as long as the fault lasts
 * (most of all queue traffic under faults). Both share one insertion
 * counter, so the order is exactly that of a single heap.
 */
export class EventQueue<T> {
  private heap: Array<{ at: number; seq: number; item: T }> = [];
  private seq = 0;
  private laneAt: number[] = [];
  private laneSeq: number[] = [];
  private laneItem: T[] = [];
  private laneHead = 0;
  /** the time of the item popDue returned last */
  poppedAt = 0;

  get size(): number {
    return this.heap.length + this.laneAt.length - this.laneHead;
  }

  push(at: number, item: T): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, item });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Queues an item due no earlier than every item queued with pushLate before it. */
  pushLate(at: number, item: T): void {
    const last = this.laneAt.length > this.laneHead ? this.laneAt[this.laneAt.length - 1] : undefined;
    if (last !== undefined && at < last) {
      this.push(at, item);
      return;
    }
    this.laneAt.push(at);
    this.laneSeq.push(this.seq++);
    this.laneItem.push(item);
  }

  /** The earliest item due at or before `now`, removed (its time in poppedAt); undefined when none is due. */
  popDue(now: number): T | undefined {
    const top = this.heap[0];
    const li = this.laneHead;
    const lAt = li < this.laneAt.length ? this.laneAt[li] : undefined;
    if (lAt !== undefined && lAt <= now && (top === undefined || lAt < top.at || (lAt === top.at && (this.laneSeq[li] ?? 0) < top.seq))) {
      const item = this.laneItem[li] as T;
      this.laneHead++;
      if (this.laneHead === this.laneAt.length) {
        this.laneAt.length = 0;
        this.laneSeq.length = 0;
        this.laneItem.length = 0;
        this.laneHead = 0;
      } else if (this.laneHead >= 1024 && this.laneHead * 2 >= this.laneAt.length) {
        this.laneAt = this.laneAt.slice(this.laneHead);
        this.laneSeq = this.laneSeq.slice(this.laneHead);
        this.laneItem = this.laneItem.slice(this.laneHead);
        this.laneHead = 0;
      }
      this.poppedAt = lAt;
      return item;
    }
    if (top === undefined || top.at > now) return undefined;
    const h = this.heap;
    const last = h.pop();
    if (last !== undefined && h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(l, m)) m = l;
        if (r < h.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    this.poppedAt = top.at;
    return top.item;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    const t = h[a];
    const u = h[b];
    if (t === undefined || u === undefined) return;
    h[a] = u;
    h[b] = t;
  }
}

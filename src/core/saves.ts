import { coreAssert } from './assert';

/**
 * What the core knows of its config saves. Every flush it emits is numbered;
 * the shell reports each write it completes with the number of the last
 * flush that write covered (a write renders the whole state, so it covers
 * every flush before it too) and whether the disk took it. The shell writes
 * in order and reports in order, so "saved" and "refused" are each a prefix
 * of the flushes, and the newest report tells whether saves work right now.
 */
export class SaveLedger {
  /** the number of the last flush emitted */
  private emitted = 0;
  /** every flush up to this one is on disk (0: only what was loaded) */
  private savedThrough = 0;
  /** the newest write the disk refused covered the flushes up to this one */
  private refusedThrough = 0;
  /** when a save may be tried again while saves fail (see probeDue) */
  private probeAt = 0;

  /** Numbers a new flush. */
  next(): number {
    return ++this.emitted;
  }

  get last(): number {
    return this.emitted;
  }

  /** The write of the state as of flush `seq` ended; `ok` false: the disk refused it. */
  record(seq: number, ok: boolean): void {
    coreAssert(seq >= 1 && seq <= this.emitted, 'a save reported for a flush never emitted', `${seq} of ${this.emitted}`);
    if (ok) this.savedThrough = Math.max(this.savedThrough, seq);
    else this.refusedThrough = Math.max(this.refusedThrough, seq);
  }

  /** Flush `seq` is on disk (0 is the file the core was loaded from). */
  saved(seq: number): boolean {
    return seq <= this.savedThrough;
  }

  /** Flush `seq` was refused by the disk and no later write has saved it. */
  refused(seq: number): boolean {
    return !this.saved(seq) && seq <= this.refusedThrough;
  }

  /** The newest write reported was refused: saves fail right now. */
  get failing(): boolean {
    return this.refusedThrough > this.savedThrough;
  }

  /** While saves fail: true (and the next try set `periodMs` later) when it is time to try one again. */
  probeDue(now: number, periodMs: number): boolean {
    if (now < this.probeAt) return false;
    this.probeAt = now + periodMs;
    return true;
  }
}

import * as fs from 'node:fs';
import type { LogLevel } from '../core/output';
import { toBytes } from '../core/bytes';
import { writeFileAtomic } from './atomic-write';

/** How long a non-durable flush may wait for the ones that follow it. */
export const DEFERRED_FLUSH_MS = 100;
/** Non-durable flushes rendered one by one within that while; past these, one rendering covers the rest. */
export const EXACT_FLUSHES_PER_WINDOW = 3;

/**
 * The daemon's config file writes.
 *
 * Every flush is rendered on top of the previous rendering, so that the file
 * goes through the states redis-sentinel's goes through (a rewrite's layout
 * depends on the one before it); what waits is the disk write, done once for
 * all the flushes of a while. A sentinel failing over fifty masters flushes a
 * hundred times in a few seconds, and writing and fsyncing each one held its
 * event loop long enough to delay votes and split elections.
 *
 * - Durable flushes (votes, epochs, addresses) are written at the end of the
 *   current event-loop turn, and `durableWrite()` gives the promise of that
 *   write: a vote's reply waits for it, so no peer hears of a vote that a
 *   crash could undo.
 * - Non-durable ones (discovered replicas and peers, found again after a
 *   restart anyway) are written within DEFERRED_FLUSH_MS. Past
 *   EXACT_FLUSHES_PER_WINDOW in that while their rendering waits too and one
 *   covers them all: discovering a hundred masters' replicas and peers is
 *   three hundred flushes in a row, and rendering each (a whole file) kept
 *   the event loop busy for seconds, long enough for TILT. Only the blank
 *   lines between appended lines can differ from redis-sentinel's file then,
 *   in a burst whose order depends on timing in redis-sentinel too.
 * - `flushNow()` renders and writes before it returns (client commands that
 *   reply after saving, shutdown).
 */
export class ConfigWriter {
  private pending: string | null = null;
  /** flushes that came after the last rendering, inside the window */
  private unrendered = false;
  private inWindow = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: { handle: NodeJS.Immediate; done: Promise<boolean>; resolve: (ok: boolean) => void } | null = null;
  /** a durable write failed and no write has succeeded since: votes and epochs in memory are not on disk */
  private durableLost = false;

  constructor(
    private readonly path: string,
    private readonly render: (old: string) => string,
    private readonly log: (level: LogLevel, msg: string) => void,
  ) {}

  flush(durable: boolean): void {
    if (durable) {
      this.renderPending();
      if (this.immediate === null) {
        let resolve: (ok: boolean) => void = () => undefined;
        const done = new Promise<boolean>((r) => (resolve = r));
        this.immediate = { handle: setImmediate(() => this.writePending()), done, resolve };
      }
      return;
    }
    if (this.timer === null) {
      this.inWindow = 0;
      this.timer = setTimeout(() => this.writePending(), DEFERRED_FLUSH_MS);
    }
    this.inWindow++;
    if (this.inWindow <= EXACT_FLUSHES_PER_WINDOW) this.renderPending();
    else this.unrendered = true;
  }

  /** Resolves once the durable flushes asked for so far are written (true) or failed (false, logged); null if none is waiting. */
  durableWrite(): Promise<boolean> | null {
    return this.immediate?.done ?? null;
  }

  /** True when a durable write failed and nothing was saved since (see durableLost). */
  durableUnsaved(): boolean {
    return this.durableLost;
  }

  /** Renders and writes at once, with anything pending; false when the file could not be saved. */
  flushNow(): boolean {
    this.renderPending();
    return this.writePending();
  }

  /** Writes whatever is pending now (end of a window or turn, shutdown, a crash). */
  writePending(): boolean {
    if (this.unrendered) this.renderPending();
    const text = this.pending;
    const waiting = this.immediate;
    if (this.timer !== null) clearTimeout(this.timer);
    if (waiting !== null) clearImmediate(waiting.handle);
    this.timer = null;
    this.immediate = null;
    this.pending = null;
    this.unrendered = false;
    const ok = text === null ? true : this.write(text);
    // Every write renders the whole state: one that succeeds saves what an earlier failure lost.
    if (text !== null) this.durableLost = ok ? false : this.durableLost || waiting !== null;
    waiting?.resolve(ok && !this.durableLost);
    return ok;
  }

  /** The current state rendered on top of the last rendering (or of the file). */
  private renderPending(): void {
    this.pending = this.render(this.pending ?? this.readCurrent());
    this.unrendered = false;
  }

  private readCurrent(): string {
    try {
      return fs.readFileSync(toBytes(this.path), 'latin1');
    } catch {
      return '';
    }
  }

  private write(text: string): boolean {
    const res = writeFileAtomic(this.path, text);
    if (res.ok) {
      this.log('notice', 'Sentinel new configuration saved on disk');
      return true;
    }
    this.log('warning', res.error);
    this.log('warning', `WARNING: Sentinel was not able to save the new configuration on disk!!!: ${res.strerror}`);
    return false;
  }
}

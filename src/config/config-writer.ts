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
 * A durable flush is rendered and written before it returns, with anything
 * pending. A non-durable one (discovered replicas and peers: found again
 * after a restart anyway) is rendered at once, on top of the previous
 * rendering, so that the file goes through the states redis-sentinel's goes
 * through (a rewrite's layout depends on the one before it); its disk write
 * waits up to DEFERRED_FLUSH_MS and is done once for all the flushes of that
 * while. Past EXACT_FLUSHES_PER_WINDOW flushes in the window, the rendering
 * waits too and one covers them all: a sentinel discovering the replicas and
 * peers of a hundred masters flushes three hundred times in a row, and
 * rendering (a whole file each time) and writing each of them held its event
 * loop for seconds, long enough for TILT. Only the blank lines between
 * appended lines can differ from redis-sentinel's file then, in a burst whose
 * order depends on timing in redis-sentinel too.
 */
export class ConfigWriter {
  private pending: string | null = null;
  /** flushes that came after the last rendering, inside the window */
  private unrendered = false;
  private inWindow = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly render: (old: string) => string,
    private readonly log: (level: LogLevel, msg: string) => void,
  ) {}

  flush(durable: boolean): boolean {
    if (durable) {
      const text = this.render(this.pending ?? this.readCurrent());
      this.cancelPending();
      return this.write(text);
    }
    if (this.timer === null) {
      this.inWindow = 0;
      this.timer = setTimeout(() => this.writePending(), DEFERRED_FLUSH_MS);
    }
    this.inWindow++;
    if (this.inWindow <= EXACT_FLUSHES_PER_WINDOW) this.pending = this.render(this.pending ?? this.readCurrent());
    else this.unrendered = true;
    return true;
  }

  /** Writes a deferred flush now, if there is one (at the end of the window, at shutdown). */
  writePending(): boolean {
    let text = this.pending;
    if (this.unrendered) text = this.render(text ?? this.readCurrent());
    this.cancelPending();
    return text === null ? true : this.write(text);
  }

  private cancelPending(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
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

import type { Output } from '../../src/core/output';
import type { PersistentState } from '../../src/core/persistent-state';

/**
 * The simulation's stand-ins for the shell's I/O, each behind a small
 * interface, so that the real shell adapters can replace world.ts's own
 * output handling later (issue 7 part 6) without touching the faults:
 * the config writer (SimConfigStore, in place of src/config/config-writer.ts)
 * and the clock (World.localNow, in place of src/clock.ts). Links and the
 * far ends stay in world.ts for now.
 */

/** How a sentinel's next saves end: written at once, failing (disk full, EACCES), or written `slowMs` later. */
export type SaveMode = 'ok' | 'fail' | { slowMs: number };

export interface SaveResult {
  ok: boolean;
  /** the last flush of the core the write covered (the save-result input's seq) */
  seq: number;
  /** what is now on disk (null when the write failed) */
  state: PersistentState | null;
}

/**
 * One sentinel's config file. A save asked for while a slow one is being
 * written waits for it and then writes the newest state only, as the
 * shell's ConfigWriter coalesces the flushes of a while; a failed write
 * leaves the file as it was (the shell logs it and carries on); a crash
 * loses whatever was not written yet.
 */
export class SimConfigStore {
  mode: SaveMode = 'ok';
  private inFlight: { until: number; state: PersistentState; seq: number } | null = null;
  private next: { state: PersistentState; seq: number } | null = null;
  /** a durable save failed and none succeeded since (the shell's ConfigWriter.durableUnsaved) */
  unsaved = false;
  /** saves that failed / were slow, for the reports */
  failed = 0;
  slow = 0;

  /** true while a write is under way: the shell's durable replies wait for it */
  get writing(): boolean {
    return this.inFlight !== null;
  }

  /** Asks to save `state` (as of the core's flush `seq`) at `t`; the result when the write ended at once, null when it is still under way. */
  save(state: PersistentState, seq: number, t: number, durable: boolean): SaveResult | null {
    if (this.inFlight !== null) {
      this.next = { state, seq };
      this.nextDurable ||= durable;
      return null;
    }
    return this.start(state, seq, t, durable);
  }

  private nextDurable = false;

  /** The write that ended by `t`, if any (the next queued one starts then). */
  complete(t: number): SaveResult | null {
    const w = this.inFlight;
    if (w === null || w.until > t) return null;
    this.inFlight = null;
    const queued = this.next;
    const durable = this.nextDurable;
    this.next = null;
    this.nextDurable = false;
    this.unsaved = false;
    if (queued !== null) {
      // The queued state is newer than the one just written: it replaces it
      // (when it ends at once) or follows it.
      const r = this.start(queued.state, queued.seq, t, durable);
      if (r !== null) return r.ok ? r : { ok: true, state: w.state, seq: w.seq };
    }
    return { ok: true, state: w.state, seq: w.seq };
  }

  crash(): void {
    this.inFlight = null;
    this.next = null;
    this.nextDurable = false;
    this.unsaved = false;
  }

  private start(state: PersistentState, seq: number, t: number, durable: boolean): SaveResult | null {
    const m = this.mode;
    if (m === 'ok') {
      this.unsaved = false;
      return { ok: true, state, seq };
    }
    if (m === 'fail') {
      this.failed++;
      this.unsaved ||= durable;
      return { ok: false, state: null, seq };
    }
    this.slow++;
    this.inFlight = { until: t + m.slowMs, state, seq };
    return null;
  }
}

/**
 * A running hash (two 32-bit FNV-1a lanes and a count) of everything a run
 * did: each sentinel input and output and each command a far end executed,
 * in order. Two runs of one seed must end with the same digest; any
 * difference is nondeterminism (a Map order, Date.now, Math.random).
 */
export class OutputHash {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;
  private n = 0;

  add(s: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a ^ 0x0a;
    this.b = b ^ 0x0a;
    this.n++;
  }

  output(sentinel: number, t: number, o: Output): void {
    switch (o.type) {
      case 'connect':
        return this.add(`${sentinel} ${t} connect ${o.id} ${o.link} ${o.host}:${o.port}`);
      case 'close':
        return this.add(`${sentinel} ${t} close ${o.id} ${o.link}`);
      case 'send':
        return this.add(`${sentinel} ${t} send ${o.id} ${o.link} ${o.tag} ${o.cmd.join(' ')}`);
      case 'event':
        return this.add(`${sentinel} ${t} event ${o.level} ${o.channel} ${o.payload}`);
      case 'log':
        return this.add(`${sentinel} ${t} log ${o.level} ${o.message}`);
      case 'flush':
        return this.add(`${sentinel} ${t} flush ${o.durable}`);
      case 'client-reconfig-script':
        return this.add(`${sentinel} ${t} script ${o.path} ${o.args.join(' ')}`);
      case 'crash':
        return this.add(`${sentinel} ${t} crash ${o.message}`);
      case 'resolve':
        return this.add(`${sentinel} ${t} resolve ${o.host}`);
    }
  }

  get digest(): string {
    return `${(this.a >>> 0).toString(16).padStart(8, '0')}${(this.b >>> 0).toString(16).padStart(8, '0')}/${this.n}`;
  }
}

import type { PersistentState } from '../../src/core/persistent-state';

/**
 * The simulation's stand-ins for the shell's I/O: the shell's own
 * OutputHandler, ShellNode and command runner run over them (world.ts builds
 * the ShellIo and the SentinelHost of each sentinel). Here: the config writer
 * (SimConfigStore, in place of src/config/config-writer.ts) and the thenable
 * its writes are waited on with (SimFuture).
 */

/**
 * A PromiseLike settled by the world at a simulated time, whose callbacks
 * run synchronously, there and then, in the order they were registered.
 *
 * Why not a Promise: the world is synchronous (a step runs every delivery
 * and timer of 100 ms in one call), and a Promise's callbacks only run in
 * microtasks, after the whole run. The shell code waits on durable writes
 * with `.then` only (OutputHandler's hold, the command runner's vote
 * reply), so a thenable settled from the world's clock runs that very code
 * at the simulated completion time, deterministically. The order matches the
 * daemon's: there the write ends after the turn (setImmediate) and the
 * callbacks run in registration order; here the world ends the turn
 * (World.endTurn) after the input and its command runner returned.
 * Rejection is never used (a failed write resolves false).
 */
export class SimFuture<T> implements PromiseLike<T> {
  private value: { v: T } | null = null;
  private waiters: Array<(v: T) => void> = [];

  get settled(): boolean {
    return this.value !== null;
  }

  settle(v: T): void {
    if (this.value !== null) throw new Error('SimFuture settled twice');
    this.value = { v };
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f(v);
  }

  then<R1 = T, R2 = never>(onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null, onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    if (onFulfilled === null || onFulfilled === undefined) throw new Error('SimFuture.then without a callback');
    void onRejected;
    const next = new SimFuture<R1 | R2>();
    const run = (v: T): void => {
      const r = onFulfilled(v);
      if (isPromiseLike(r)) r.then((x) => next.settle(x));
      else next.settle(r);
    };
    if (this.value !== null) run(this.value.v);
    else this.waiters.push(run);
    return next;
  }
}

export function settledFuture<T>(v: T): SimFuture<T> {
  const f = new SimFuture<T>();
  f.settle(v);
  return f;
}

export function isPromiseLike<X>(r: X | PromiseLike<X>): r is PromiseLike<X> {
  return typeof r === 'object' && r !== null && typeof (r as { then?: unknown }).then === 'function';
}

/** How a sentinel's next saves end: written at once, failing (disk full, EACCES), or written `slowMs` later. */
export type SaveMode = 'ok' | 'fail' | { slowMs: number };

export interface SaveResult {
  ok: boolean;
  /** what is now on disk (null when the write failed) */
  state: PersistentState | null;
}

/** The flushes asked for since the last write started: written together, the newest state. */
interface Batch {
  state: PersistentState | null;
  durable: boolean;
  /** settled when the write of this batch ended (true: saved); null unless durable */
  done: SimFuture<boolean> | null;
}

/**
 * One sentinel's config file, as the shell's ConfigWriter: flushes are
 * collected during a turn (an input and what the shell does for it) and
 * written once at its end (World.endTurn), the newest state; durable ones
 * can be waited on (durableWrite). A write asked for while a slow one is
 * under way waits for it, then writes the newest state; a failed write
 * leaves the file as it was (the shell logs it and carries on) and, when
 * durable, leaves the state unsaved until a write succeeds; a crash loses
 * whatever was not written yet, and the writes waited on never end.
 */
export class SimConfigStore {
  mode: SaveMode = 'ok';
  private inFlight: { until: number; state: PersistentState; done: SimFuture<boolean> | null; durable: boolean } | null = null;
  private batch: Batch | null = null;
  /** a durable save failed and none succeeded since (the shell's ConfigWriter.durableUnsaved) */
  unsaved = false;
  /** saves that failed / were slow, for the reports */
  failed = 0;
  slow = 0;

  /** every write that ended, as it ends (before what waited on it goes on) */
  constructor(private readonly written: (r: SaveResult) => void) {}

  /** ConfigIo.flush: one flush output of the current turn. */
  flush(durable: boolean): void {
    const b = (this.batch ??= { state: null, durable: false, done: null });
    if (durable) {
      b.durable = true;
      b.done ??= new SimFuture<boolean>();
    }
  }

  /** ConfigIo/SentinelHost.durableWrite: the write of the durable flushes asked for so far, null if none is waiting. */
  durableWrite(): SimFuture<boolean> | null {
    return this.batch?.done ?? this.inFlight?.done ?? null;
  }

  /** The end of a turn: what was flushed in it is written now (or after the write under way), as `state`. */
  endTurn(state: () => PersistentState, t: number): void {
    const b = this.batch;
    if (b === null) return;
    b.state = state();
    if (this.inFlight === null) this.start(t);
  }

  /** The write that ends by `t`, if any, lands; the batch that waited for it starts then. */
  complete(t: number): void {
    const w = this.inFlight;
    if (w === null || w.until > t) return;
    this.inFlight = null;
    this.unsaved = false;
    this.written({ ok: true, state: w.state });
    w.done?.settle(true);
    if (this.batch !== null && this.batch.state !== null) this.start(t);
  }

  /**
   * ConfigWriter.flushNow / writePending: `state` written at once with
   * whatever is pending (a slow disk blocks the process: the write is done
   * when this returns), ending the writes waited on with its result.
   * `exiting` (the crash output): the process exits right after, so what
   * waited never runs, as a Promise's callbacks never run after the
   * daemon's exit (the messages OutputHandler held for the write are lost).
   */
  writeNow(state: PersistentState, exiting = false): boolean {
    const waiting = exiting ? [] : [this.inFlight?.done ?? null, this.batch?.done ?? null];
    const durable = this.inFlight?.durable === true || this.batch?.durable === true;
    this.inFlight = null;
    this.batch = null;
    const ok = this.mode !== 'fail';
    this.account(ok, durable);
    this.written({ ok, state: ok ? state : null });
    for (const f of waiting) f?.settle(ok && !this.unsaved);
    return ok;
  }

  crash(): void {
    this.inFlight = null;
    this.batch = null;
    this.unsaved = false;
  }

  private start(t: number): void {
    const b = this.batch;
    if (b === null || b.state === null) return;
    this.batch = null;
    const m = this.mode;
    if (m === 'ok' || m === 'fail') {
      const ok = m === 'ok';
      this.account(ok, b.durable);
      this.written({ ok, state: ok ? b.state : null });
      b.done?.settle(ok && !this.unsaved);
      return;
    }
    this.slow++;
    this.inFlight = { until: t + m.slowMs, state: b.state, done: b.done, durable: b.durable };
  }

  private account(ok: boolean, durable: boolean): void {
    if (ok) this.unsaved = false;
    else {
      this.failed++;
      this.unsaved ||= durable;
    }
  }
}

/**
 * A running hash (two 32-bit FNV-1a lanes and a count) of everything a run
 * did: each sentinel input and each output as the shell performed it (held
 * link outputs at the time they went out), each command a far end executed,
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

  get digest(): string {
    return `${(this.a >>> 0).toString(16).padStart(8, '0')}${(this.b >>> 0).toString(16).padStart(8, '0')}/${this.n}`;
  }
}

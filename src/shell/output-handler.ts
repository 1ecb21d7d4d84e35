import type { LinkKind, LogLevel, Output, ReplyTag } from '../core/output';

/**
 * The shell's side of the core contract: every output kind handled, with the
 * I/O injected, so that the daemon runs it with sockets, files and processes
 * and a simulation can run the very same code with simulated ones.
 */

export interface LinkIo {
  connect(id: number, link: LinkKind, host: string, port: number): void;
  close(id: number, link: LinkKind): void;
  send(id: number, link: LinkKind, cmd: string[], tag: ReplyTag): void;
}

export interface ConfigIo {
  /** one rendering per flush (see ConfigWriter) */
  flush(durable: boolean): void;
  /**
   * The write of the durable flushes asked for so far, resolving false if it
   * failed; null if none is waiting. The held link outputs go out either way,
   * as redis-sentinel sends after a failed save: what must not go out unsaved
   * (a vote) is withheld by its command, which sees the result. The core
   * hears of the result too (a `save-result` input): it does not count its
   * own vote before it is saved.
   *
   * A PromiseLike, not a Promise: the daemon gives ConfigWriter's Promise, the
   * simulation a thenable it settles at a simulated time, whose callbacks run
   * there and then (a Promise's run in microtasks, which a synchronous
   * simulation cannot place in its time): test/sim/sim-io.ts SimFuture.
   */
  durableWrite(): PromiseLike<boolean> | null;
  /** writes what is pending at once (a crash) */
  writePending(): boolean;
}

export interface EventIo {
  /** an event: logged, counted, and published to clients unless `debug` */
  event(level: LogLevel, channel: string, payload: string): void;
  log(level: LogLevel, message: string): void;
}

export interface ScriptIo {
  schedule(argv: string[]): void;
}

export interface ResolverIo {
  /** starts a resolution; the answer comes back as a `dns-answer` input */
  resolve(host: string): void;
}

export interface ShellIo {
  links: LinkIo;
  config: ConfigIo;
  events: EventIo;
  scripts: ScriptIo;
  resolver: ResolverIo;
  /** ends the process (simulate-failure's crash) */
  exit(code: number): void;
}

type LinkOutput = Extract<Output, { type: 'connect' | 'close' | 'send' }>;

/**
 * Performs the core's outputs in order, keeping the save/send contract of
 * output.ts: after a durable flush, nothing goes out on the links (sends,
 * and connects and closes with them, which must stay in order with the
 * sends) until the config write it asked for is done. What was announced
 * (a vote, an epoch in a hello, a new master address) is then on disk, and
 * a restart cannot announce something else. Logs, events and scripts are
 * not held: they tell operators, not peers.
 */
export class OutputHandler {
  /** link outputs waiting for the durable write `awaited` */
  private held: LinkOutput[] | null = null;
  private awaited: PromiseLike<boolean> | null = null;
  private stopped = false;
  /** the write the core will hear about, and the last flush it covers so far */
  private reported: { write: PromiseLike<boolean>; seq: number } | null = null;

  constructor(
    private readonly io: ShellIo,
    /** feeds the core a `save-result` input (through the ShellNode), in a later turn than the flush */
    private readonly saved: (seq: number, ok: boolean) => void,
  ) {}

  handle(outputs: readonly Output[]): void {
    // Most steps (every read of the state) output nothing: no iterator for them.
    if (outputs.length === 0) return;
    for (const o of outputs) {
      switch (o.type) {
        case 'connect':
        case 'close':
        case 'send':
          this.link(o);
          break;
        case 'event':
          this.io.events.event(o.level, o.channel, o.payload);
          if (o.script !== null) this.io.scripts.schedule([o.script, o.channel, o.payload]);
          break;
        case 'log':
          this.io.events.log(o.level, o.message);
          break;
        case 'flush':
          // One rendering per request, as redis-sentinel does: the file layout
          // (blank lines between appended blocks) depends on it.
          this.io.config.flush(o.durable);
          if (o.durable) this.holdLinksFor(this.io.config.durableWrite(), o.seq);
          break;
        case 'client-reconfig-script':
          this.io.scripts.schedule([o.path, ...o.args]);
          break;
        case 'resolve':
          // The core asked and carries on; the answer is a later input.
          this.io.resolver.resolve(o.host);
          break;
        case 'crash':
          this.io.events.log('warning', o.message);
          // What redis-sentinel had flushed by then is on disk: so is ours.
          // Messages held for that write never go out, as in redis-sentinel
          // where the process is gone before its next send.
          this.io.config.writePending();
          this.stop();
          this.io.exit(99);
          return;
        default:
          unhandled(o);
      }
    }
  }

  /** Shutting down: whatever is still held is dropped with the links. */
  stop(): void {
    this.stopped = true;
    this.held = null;
  }

  private link(o: LinkOutput): void {
    if (this.stopped) return;
    if (this.held !== null) this.held.push(o);
    else this.perform(o);
  }

  private perform(o: LinkOutput): void {
    const l = this.io.links;
    if (o.type === 'connect') l.connect(o.id, o.link, o.host, o.port);
    else if (o.type === 'close') l.close(o.id, o.link);
    else l.send(o.id, o.link, o.cmd, o.tag);
  }

  private holdLinksFor(write: PromiseLike<boolean> | null, seq: number): void {
    if (write === null) return;
    this.awaited = write;
    if (this.held === null) this.held = [];
    // The durable flushes of a turn share one write: the core hears of it
    // once, for the last of them (a write saves every flush before it too).
    if (this.reported?.write === write) {
      this.reported.seq = seq;
      return;
    }
    const r = { write, seq };
    this.reported = r;
    void write.then((ok) => {
      this.release(write);
      if (this.reported === r) this.reported = null;
      // After the release: what the core does on it queues behind what was held.
      if (!this.stopped) this.saved(r.seq, ok);
    });
  }

  private release(write: PromiseLike<boolean>): void {
    // A later durable flush came meanwhile: its write is awaited too.
    if (this.awaited !== write) return;
    this.awaited = null;
    const q = this.held;
    this.held = null;
    if (q === null) return;
    for (const o of q) this.perform(o);
  }
}

function unhandled(o: never): never {
  throw new Error(`output not handled: ${JSON.stringify(o)}`);
}

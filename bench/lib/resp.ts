/**
 * A minimal RESP2 client for the benches: one persistent connection, replies
 * matched to requests in order, and a subscriber mode that timestamps every
 * pub/sub message on receipt. Small on purpose, so a bench's own overhead
 * (polling every 10 ms, hundreds of calls per check) stays low and visible.
 */
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';

export class ReplyError extends Error {}

export type Reply = string | number | null | ReplyError | Reply[];

const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: Reply; end: number } | typeof INCOMPLETE;

/** One reply starting at `at`, or INCOMPLETE if `buf` does not hold all of it yet. */
function parseAt(buf: Buffer, at: number): Parsed {
  const nl = buf.indexOf('\r\n', at, 'latin1');
  if (nl < 0) return INCOMPLETE;
  const type = String.fromCharCode(buf[at] as number);
  const line = buf.toString('utf8', at + 1, nl);
  const next = nl + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new ReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return INCOMPLETE;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const item = parseAt(buf, pos);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

export function encode(args: ReadonlyArray<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

/** Called with the channel, the payload and performance.now() when its bytes arrived. */
export type MessageHandler = (channel: string, message: string, receivedAt: number) => void;

export class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private onMessage: MessageHandler | null = null;
  private subscribeAcks = 0;
  private subscribeDone: (() => void) | null = null;
  private closedError: Error | null = null;

  private constructor(
    private readonly sock: net.Socket,
    readonly port: number,
    private readonly callTimeoutMs: number,
  ) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.onData(d, performance.now()));
    sock.on('error', (e) => this.fail(e));
    sock.on('close', () => this.fail(new Error(`connection to ${port} closed`)));
  }

  /** Connects to 127.0.0.1:`port`, failing after `timeoutMs`. */
  static open(port: number, timeoutMs = 2000, callTimeoutMs = 5000): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(port, '127.0.0.1');
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to 127.0.0.1:${port}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        resolve(new Conn(sock, port, callTimeoutMs));
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  get inFlight(): number {
    return this.pending.length;
  }

  /**
   * Sends one command; resolves with its reply (a ReplyError for `-ERR …`).
   * No reply within the call timeout closes the connection, so replies can
   * never be matched to the wrong request.
   */
  call(...args: Array<string | number>): Promise<Reply> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`${String(args[0])} on ${this.port}: no reply in ${this.callTimeoutMs} ms`));
      }, this.callTimeoutMs);
      this.pending.push({
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.sock.write(encode(args));
    });
  }

  /** Enters subscriber mode; resolves once every channel is acknowledged. */
  subscribe(channels: string[], handler: MessageHandler, timeoutMs = 5000): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending.length > 0) return Promise.reject(new Error('subscribe with calls in flight'));
    this.onMessage = handler;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`SUBSCRIBE on ${this.port}: ${this.subscribeAcks}/${channels.length} acknowledged in ${timeoutMs} ms`));
        reject(this.closedError as Error);
      }, timeoutMs);
      this.subscribeDone = () => {
        if (this.subscribeAcks < channels.length) return;
        clearTimeout(timer);
        this.subscribeDone = null;
        resolve();
      };
      this.sock.write(encode(['SUBSCRIBE', ...channels]));
    });
  }

  close(): void {
    this.fail(new Error(`connection to ${this.port} closed by the bench`));
    this.sock.destroy();
  }

  private onData(chunk: Buffer, at: number): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    for (;;) {
      let parsed: Parsed;
      try {
        parsed = parseAt(this.buf, pos);
      } catch (e) {
        this.fail(e as Error);
        this.sock.destroy();
        return;
      }
      if (parsed === INCOMPLETE) break;
      pos = parsed.end;
      this.dispatch(parsed.value, at);
    }
    this.buf = pos === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
  }

  private dispatch(r: Reply, at: number): void {
    if (this.onMessage !== null && Array.isArray(r)) {
      if (r[0] === 'message') this.onMessage(String(r[1]), String(r[2]), at);
      else if (r[0] === 'subscribe') {
        this.subscribeAcks++;
        this.subscribeDone?.();
      }
      return;
    }
    const p = this.pending.shift();
    if (p) p.resolve(r);
  }

  private fail(e: Error): void {
    if (this.closedError) return;
    this.closedError = e;
    for (const p of this.pending.splice(0)) p.reject(e);
    this.sock.destroy();
  }
}

/** One command on a fresh connection, bounded by `timeoutMs` overall. */
export async function call(port: number, args: Array<string | number>, timeoutMs = 5000): Promise<Reply> {
  const c = await Conn.open(port, timeoutMs, timeoutMs);
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

/** The reply as a flat list of strings (SENTINEL REPLICAS entries are field/value lists). */
export function asList(r: Reply): Reply[] {
  if (r instanceof ReplyError) throw r;
  if (!Array.isArray(r)) throw new Error(`expected an array reply, got ${JSON.stringify(r)}`);
  return r;
}

/** A field of a SENTINEL MASTERS/REPLICAS/SENTINELS entry (a flat field/value list). */
export function field(entry: Reply, name: string): string | undefined {
  const kv = asList(entry);
  for (let i = 0; i + 1 < kv.length; i += 2) if (kv[i] === name) return String(kv[i + 1]);
  return undefined;
}

/** The exact bytes of the reply to one command on a fresh connection, bounded by `timeoutMs`. */
export function rawCall(port: number, args: ReadonlyArray<string | number>, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const done = (e: Error | null, r?: Buffer): void => {
      clearTimeout(timer);
      sock.destroy();
      if (e !== null) reject(e);
      else resolve(r as Buffer);
    };
    const timer = setTimeout(() => done(new Error(`no whole reply to ${args.join(' ')} on port ${port} within ${timeoutMs} ms`)), timeoutMs);
    sock.on('error', (e) => done(e));
    sock.on('connect', () => sock.write(encode(args)));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        const p = parseAt(buf, 0);
        if (p !== INCOMPLETE) done(null, buf.subarray(0, p.end));
      } catch (e) {
        done(e as Error);
      }
    });
  });
}

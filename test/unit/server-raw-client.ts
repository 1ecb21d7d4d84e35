import * as net from 'node:net';

/** A plain TCP client for checking the exact bytes a server sends. */
export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; have ${JSON.stringify(this.buf.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for `n` bytes (or the connection closing) and takes them. */
  async read(n: number, timeoutMs = 3000): Promise<string> {
    await this.waitFor(() => this.buf.length >= n || this.closed, timeoutMs, `${n} bytes`);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out.toString('latin1');
  }

  /** Reads exactly as many bytes as `expected` has, for an equality assertion. */
  readLike(expected: string, timeoutMs = 3000): Promise<string> {
    return this.read(Buffer.byteLength(expected, 'latin1'), timeoutMs);
  }

  /** Reads one complete RESP2/RESP3 reply and returns its raw text. */
  async readReply(timeoutMs = 3000): Promise<string> {
    let end = -1;
    await this.waitFor(() => (end = replyEnd(this.buf, 0)) >= 0 || this.closed, timeoutMs, 'a complete reply');
    if (end < 0) end = this.buf.length;
    const out = this.buf.subarray(0, end);
    this.buf = this.buf.subarray(end);
    return out.toString('latin1');
  }

  /** Resolves true once the server closed the connection, false after the timeout. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    try {
      await this.waitFor(() => this.closed, timeoutMs, 'close');
      return true;
    } catch {
      return false;
    }
  }

  /** Whatever arrives within `ms` (to check that nothing was sent). */
  async drain(ms: number): Promise<string> {
    await new Promise((r) => setTimeout(r, ms));
    const out = this.buf.toString('latin1');
    this.buf = Buffer.alloc(0);
    return out;
  }
}

/** Offset just past the reply starting at `pos`, or -1 when incomplete. */
function replyEnd(b: Buffer, pos: number): number {
  const cr = b.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const type = String.fromCharCode(b[pos] as number);
  const head = b.toString('latin1', pos + 1, cr);
  let p = cr + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
      return p;
    case '$':
    case '=': {
      const n = Number(head);
      if (n < 0) return p;
      return b.length >= p + n + 2 ? p + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const n = Number(head) * (type === '%' ? 2 : 1);
      for (let i = 0; i < n; i++) {
        p = replyEnd(b, p);
        if (p < 0) return -1;
      }
      return p;
    }
    default:
      throw new Error(`bad reply type ${type}`);
  }
}

/** RESP multibulk encoding of a request. */
export function cmd(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

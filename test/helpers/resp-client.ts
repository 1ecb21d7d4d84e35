import * as net from 'node:net';

/**
 * A raw-socket RESP2/RESP3 client for byte-level comparisons. Every reply is
 * returned twice: the exact bytes received (`raw`) and a typed parse (`value`)
 * that keeps the RESP type of every element (bulk vs integer vs status...).
 */

export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; value: string | null }
  | { type: 'array'; value: RespValue[] | null }
  | { type: 'map'; value: Array<[RespValue, RespValue]> }
  | { type: 'set'; value: RespValue[] }
  | { type: 'push'; value: RespValue[] }
  | { type: 'null'; value: null }
  | { type: 'boolean'; value: boolean }
  | { type: 'double'; value: string }
  | { type: 'bignum'; value: string }
  | { type: 'verbatim'; value: string; format: string }
  | { type: 'bloberror'; value: string };

export interface Reply {
  raw: Buffer;
  value: RespValue;
}

export class RespProtocolError extends Error {}

const CRLF = Buffer.from('\r\n');

function readLine(buf: Buffer, pos: number): { line: string; next: number } | null {
  const i = buf.indexOf(CRLF, pos);
  if (i < 0) return null;
  return { line: buf.toString('latin1', pos, i), next: i + 2 };
}

function toInt(s: string, what: string): number {
  if (!/^-?\d+$/.test(s)) throw new RespProtocolError(`bad ${what}: ${JSON.stringify(s)}`);
  return Number(s);
}

/**
 * Parses one reply starting at `pos`. Returns null when the buffer does not
 * hold a complete reply yet; throws RespProtocolError on malformed input.
 * Blob payloads are decoded with `encoding` (default utf8); pass 'latin1' to
 * get one character per byte (binary-safe: Buffer.from(s, 'latin1') gives the
 * bytes back).
 */
export function parseReply(buf: Buffer, pos = 0, encoding: BufferEncoding = 'utf8'): { value: RespValue; end: number } | null {
  if (pos >= buf.length) return null;
  const t = String.fromCharCode(buf[pos]!);
  const l = readLine(buf, pos + 1);
  if (!l) return null;
  const { line, next } = l;
  const aggregate = (count: number, mk: (items: RespValue[]) => RespValue): { value: RespValue; end: number } | null => {
    const items: RespValue[] = [];
    let p = next;
    for (let i = 0; i < count; i++) {
      const r = parseReply(buf, p, encoding);
      if (!r) return null;
      items.push(r.value);
      p = r.end;
    }
    return { value: mk(items), end: p };
  };
  const blob = (mk: (s: string) => RespValue): { value: RespValue; end: number } | null => {
    const n = toInt(line, 'blob length');
    if (n < 0) return { value: mk(null as unknown as string), end: next };
    if (buf.length < next + n + 2) return null;
    const s = buf.toString(encoding, next, next + n);
    if (buf[next + n] !== 13 || buf[next + n + 1] !== 10) throw new RespProtocolError('blob not followed by CRLF');
    return { value: mk(s), end: next + n + 2 };
  };
  switch (t) {
    case '+':
      return { value: { type: 'simple', value: line }, end: next };
    case '-':
      return { value: { type: 'error', value: line }, end: next };
    case ':':
      return { value: { type: 'integer', value: toInt(line, 'integer') }, end: next };
    case '_':
      return { value: { type: 'null', value: null }, end: next };
    case '#':
      return { value: { type: 'boolean', value: line === 't' }, end: next };
    case ',':
      return { value: { type: 'double', value: line }, end: next };
    case '(':
      return { value: { type: 'bignum', value: line }, end: next };
    case '$':
      return blob((s) => ({ type: 'bulk', value: s }));
    case '!':
      return blob((s) => ({ type: 'bloberror', value: s }));
    case '=':
      return blob((s) => ({ type: 'verbatim', format: s.slice(0, 3), value: s.slice(4) }));
    case '*': {
      const n = toInt(line, 'array length');
      if (n < 0) return { value: { type: 'array', value: null }, end: next };
      return aggregate(n, (items) => ({ type: 'array', value: items }));
    }
    case '~':
      return aggregate(toInt(line, 'set length'), (items) => ({ type: 'set', value: items }));
    case '>':
      return aggregate(toInt(line, 'push length'), (items) => ({ type: 'push', value: items }));
    case '%': {
      const n = toInt(line, 'map length');
      return aggregate(2 * n, (items) => {
        const pairs: Array<[RespValue, RespValue]> = [];
        for (let i = 0; i < items.length; i += 2) pairs.push([items[i]!, items[i + 1]!]);
        return { type: 'map', value: pairs };
      });
    }
    case '|': {
      // Attribute: skip it and return the reply that follows.
      const attr = aggregate(2 * toInt(line, 'attribute length'), () => ({ type: 'null', value: null }));
      if (!attr) return null;
      return parseReply(buf, attr.end, encoding);
    }
    default:
      throw new RespProtocolError(`unknown RESP type byte ${JSON.stringify(t)} at offset ${pos}`);
  }
}

/** Encodes a command as a RESP multibulk request. */
export function encodeCommand(args: Array<string | Buffer | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF);
  }
  return Buffer.concat(parts);
}

/** Converts a typed reply to plain JS (maps become arrays of [k, v] pairs, errors become Error objects). */
export function plain(v: RespValue): unknown {
  switch (v.type) {
    case 'array':
      return v.value === null ? null : v.value.map(plain);
    case 'set':
    case 'push':
      return v.value.map(plain);
    case 'map':
      return v.value.map(([k, val]) => [plain(k), plain(val)]);
    case 'error':
    case 'bloberror':
      return new Error(v.value);
    default:
      return v.value;
  }
}

/**
 * A flat key/value reply (RESP2 `*2N` array or RESP3 `%N` map) as an ordered
 * list of [key, typed value] pairs.
 */
export function pairsOf(v: RespValue): Array<[string, RespValue]> {
  if (v.type === 'map') {
    return v.value.map(([k, val]) => [String(k.value), val]);
  }
  if (v.type === 'array' && v.value) {
    const out: Array<[string, RespValue]> = [];
    for (let i = 0; i + 1 < v.value.length; i += 2) out.push([String(v.value[i]!.value), v.value[i + 1]!]);
    return out;
  }
  throw new Error(`not a map/flat array: ${JSON.stringify(v)}`);
}

/** A flat key/value reply as a Record of string values (bulk/simple/integer rendered as strings). */
export function recordOf(v: RespValue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of pairsOf(v)) out[k] = val.value === null ? '' : String(val.value);
  return out;
}

/** Shows bytes readably: CR/LF escaped, non-printables as \xHH. */
export function showBytes(b: Buffer | string, max = 4000): string {
  const buf = typeof b === 'string' ? Buffer.from(b) : b;
  let s = '';
  for (const c of buf.subarray(0, max)) {
    if (c === 13) s += '\\r';
    else if (c === 10) s += '\\n';
    else if (c === 92) s += '\\\\';
    else if (c < 32 || c > 126) s += `\\x${c.toString(16).padStart(2, '0')}`;
    else s += String.fromCharCode(c);
  }
  if (buf.length > max) s += `... (${buf.length} bytes)`;
  return s;
}

export class RespClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private _closed = false;
  private _error: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('error', (e) => {
      this._error = e;
      this.wake();
    });
    socket.on('close', () => {
      this._closed = true;
      this.wake();
    });
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`RespClient: connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespClient(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`RespClient: connect to ${host}:${port} failed: ${e.message}`));
      });
    });
  }

  get closed(): boolean {
    return this._closed;
  }

  /** Bytes received and not consumed by readReply yet. */
  get pending(): Buffer {
    return this.buf;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitForData(deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      const left = deadline - Date.now();
      if (left <= 0) return resolve(false);
      const timer = setTimeout(() => resolve(false), left);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  sendRaw(data: Buffer | string): void {
    this.socket.write(data);
  }

  send(args: Array<string | Buffer | number>): void {
    this.socket.write(encodeCommand(args));
  }

  /** Reads exactly one reply. */
  async readReply(timeoutMs = 5000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = parseReply(this.buf, 0);
      if (r) {
        const raw = Buffer.from(this.buf.subarray(0, r.end));
        this.buf = this.buf.subarray(r.end);
        return { raw, value: r.value };
      }
      if (this._closed || this._error) {
        throw new Error(
          `RespClient: connection ${this._error ? `error (${this._error.message})` : 'closed'} before a complete reply; got ${JSON.stringify(showBytes(this.buf))}`,
        );
      }
      if (!(await this.waitForData(deadline))) {
        throw new Error(`RespClient: no complete reply within ${timeoutMs} ms; got ${JSON.stringify(showBytes(this.buf))}`);
      }
    }
  }

  /** Sends a command and reads one reply. */
  async call(args: Array<string | Buffer | number>, timeoutMs = 5000): Promise<Reply> {
    this.send(args);
    return this.readReply(timeoutMs);
  }

  /** Reads `n` replies. */
  async readReplies(n: number, timeoutMs = 5000): Promise<Reply[]> {
    const out: Reply[] = [];
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < n; i++) out.push(await this.readReply(Math.max(1, deadline - Date.now())));
    return out;
  }

  /** Waits until the peer closes the connection (or timeout); returns all unread bytes. */
  async readUntilClose(timeoutMs = 5000): Promise<{ data: Buffer; closed: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (!this._closed) {
      if (!(await this.waitForData(deadline))) break;
    }
    const data = this.buf;
    this.buf = Buffer.alloc(0);
    return { data, closed: this._closed };
  }

  /** Waits up to `ms` and returns whatever arrived (unconsumed). */
  async drain(ms: number): Promise<Buffer> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !this._closed) await this.waitForData(deadline);
    const data = this.buf;
    this.buf = Buffer.alloc(0);
    return data;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Connects, sends one command, returns its reply, disconnects. */
export async function command(port: number, args: Array<string | Buffer | number>, timeoutMs = 5000): Promise<Reply> {
  const c = await RespClient.connect(port, '127.0.0.1', timeoutMs);
  try {
    return await c.call(args, timeoutMs);
  } finally {
    c.close();
  }
}

/** Like `command` but returns the reply as plain JS; throws if the reply is an error. */
export async function commandValue(port: number, args: Array<string | Buffer | number>, timeoutMs = 5000): Promise<unknown> {
  const r = await command(port, args, timeoutMs);
  if (r.value.type === 'error') throw new Error(`${args.join(' ')} -> -${r.value.value}`);
  return plain(r.value);
}

/** Parses an INFO text into {section: {field: value}} keeping order. */
export function parseInfo(text: string): Map<string, Array<[string, string]>> {
  const out = new Map<string, Array<[string, string]>>();
  let cur: Array<[string, string]> | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = [];
      out.set(line.slice(2), cur);
    } else if (line.length > 0 && cur) {
      const i = line.indexOf(':');
      cur.push(i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)]);
    }
  }
  return out;
}

/** INFO fields of all sections flattened into one record. */
export function infoFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const fields of parseInfo(text).values()) for (const [k, v] of fields) out[k] = v;
  return out;
}

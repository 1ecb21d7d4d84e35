/**
 * The Node floor of the client port: a Node process that does only the I/O
 * a sentinel's client port does, with none of the sentinel's work, so that
 * bench/client-port.ts can show what the runtime alone costs per request
 * beside redis-sentinel and ours, measured in the same run.
 *
 *   node dist/bench/lib/floor-server.js PORT REPLIES.json
 *
 * REPLIES.json: [{ "request": …, "reply": … }, …], byte strings (latin1) of
 * one request as redis-benchmark sends it and of redis-sentinel's answer to
 * it, captured by the bench. The floor answers every request of a
 * connection with those same bytes, so it writes what redis-sentinel writes.
 *
 * It reads and writes the way ours does at its fastest (the shared read
 * buffer of src/server/borrowed-reads.ts, writes straight to the socket's
 * handle, src/server/handle-write.ts, at the end of the loop turn through
 * src/server/flush-queue.ts), and does nothing else: no parsing beyond
 * counting request lengths, no commands, no stats. A connection's first
 * bytes tell which of the known requests it sends; redis-benchmark sends one
 * command per test. Any other request (redis-benchmark's CONFIG GET at its
 * start) is answered with an error, as a sentinel answers CONFIG.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { borrowReads } from '../../src/server/borrowed-reads';
import { type DeferredFlush, queueFlush } from '../../src/server/flush-queue';
import { writeToHandle } from '../../src/server/handle-write';

interface Known {
  request: string;
  reply: string;
  /** The reply repeated n times, flat, made once per n: no joining per request. */
  times?: Map<number, string>;
}

function repeated(k: Known, n: number): string {
  const times = (k.times ??= new Map());
  let s = times.get(n);
  if (s === undefined) times.set(n, (s = k.reply.repeat(n)));
  return s;
}

const UNKNOWN = '-ERR unknown command\r\n';

/** Ends of the whole RESP arrays of bulk strings at the start of `s`: [requests, bytes used]. */
function countRequests(s: string): [number, number] {
  let at = 0;
  let n = 0;
  for (;;) {
    const start = at;
    if (s[at] !== '*') return [n, start];
    let nl = s.indexOf('\r\n', at);
    if (nl < 0) return [n, start];
    let args = Number(s.slice(at + 1, nl));
    at = nl + 2;
    let whole = true;
    while (args-- > 0) {
      nl = s.indexOf('\r\n', at);
      if (nl < 0 || s[at] !== '$') {
        whole = false;
        break;
      }
      at = nl + 2 + Number(s.slice(at + 1, nl)) + 2;
      if (at > s.length) {
        whole = false;
        break;
      }
    }
    if (!whole) return [n, start];
    n++;
  }
}

class Client implements DeferredFlush {
  /** The request this connection sends, once its first bytes are in. */
  private known: Known | null = null;
  private unknownText = '';
  /** Bytes of a request not whole yet. */
  private partial = 0;
  out = '';
  queued = false;

  constructor(
    readonly socket: net.Socket,
    private readonly table: readonly Known[],
  ) {}

  /** A read: `b[0, length)`. */
  onBytes(b: Buffer, length: number): void {
    if (this.known === null && this.unknownText === '') {
      const head = b.toString('latin1', 0, Math.min(length, 256));
      this.known = this.table.find((k) => head.startsWith(k.request.slice(0, head.length))) ?? null;
    }
    const k = this.known;
    if (k !== null) {
      const total = this.partial + length;
      const whole = Math.floor(total / k.request.length);
      this.partial = total % k.request.length;
      if (whole > 0) this.out = this.out === '' ? repeated(k, whole) : this.out + repeated(k, whole);
    } else {
      this.unknownText += b.toString('latin1', 0, length);
      const [n, used] = countRequests(this.unknownText);
      this.unknownText = this.unknownText.slice(used);
      for (let i = 0; i < n; i++) this.out += UNKNOWN;
      // Known requests may follow an unknown one on the same connection.
      if (this.unknownText === '') this.known = null;
    }
    if (this.out !== '' && !this.queued) {
      this.queued = true;
      queueFlush(this);
    }
  }

  flushDeferred(): void {
    this.queued = false;
    const data = this.out;
    this.out = '';
    if (data === '' || this.socket.destroyed) return;
    if (!writeToHandle(this.socket, data)) this.socket.write(data, 'latin1');
  }
}

function main(): void {
  const [portText, file] = process.argv.slice(2);
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || file === undefined) throw new Error('usage: floor-server PORT REPLIES.json');
  const table = JSON.parse(fs.readFileSync(file, 'latin1')) as Known[];
  if (!Array.isArray(table) || table.some((k) => typeof k.request !== 'string' || typeof k.reply !== 'string' || k.request === '')) {
    throw new Error(`${file}: expected [{ request, reply }] byte strings`);
  }
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    const c = new Client(socket, table);
    if (!borrowReads(socket, (b, n) => c.onBytes(b, n))) socket.on('data', (b: Buffer) => c.onBytes(b, b.length));
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

main();

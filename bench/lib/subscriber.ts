/**
 * A bare subscriber for timing one pub/sub delivery to many connections: it
 * SUBSCRIBEs to some channels and then, round after round, waits for exactly
 * one message known in advance byte for byte, and stamps the moment its last
 * byte arrived with process.hrtime.bigint(). No RESP parser and no stream
 * machinery on the hot path: bytes are read with net's `onread` (into one
 * reused buffer, no 'data' events, no per-read Buffer), appended and compared
 * by length, so that with hundreds of sockets readable at once the bench adds
 * as little as it can between two stamps (about half the time of a 'data'
 * listener, measured with redis-server PUBLISH to 1,000 subscribers).
 */
import * as net from 'node:net';
import { encode } from './resp';

/** Shared by every subscriber: each read is copied out (as a string) before the next can happen. */
const READ_BUFFER = Buffer.alloc(64 * 1024);

/** The acknowledgements of SUBSCRIBE `channels`: ["subscribe", channel, count so far] each. */
function acks(channels: readonly string[]): string {
  return channels.map((ch, i) => `*3${encode(['subscribe', ch]).slice(2)}:${i + 1}\r\n`).join('');
}

export class Subscriber {
  private buf = '';
  private acked = false;
  /** When the whole expected message of this round was in; null until then. */
  at: bigint | null = null;
  private expected = '';
  private onDelivered: () => void = () => undefined;
  private onAck: () => void = () => undefined;
  private readonly sock: net.Socket;

  private constructor(
    port: number,
    private readonly ack: string,
  ) {
    this.sock = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n) => {
          this.onData(READ_BUFFER.toString('latin1', 0, n));
          return true;
        },
      },
    });
    this.sock.on('error', () => undefined);
  }

  /** Connects to 127.0.0.1:`port` and subscribes to `channels`; bounded by `timeoutMs`. */
  static open(port: number, channels: readonly string[], timeoutMs = 5000): Promise<Subscriber> {
    return new Promise((resolve, reject) => {
      const s = new Subscriber(port, acks(channels));
      const sock = s.sock;
      const what = `SUBSCRIBE ${channels.join(' ')} on ${port}`;
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`${what}: not acknowledged in ${timeoutMs} ms`));
      }, timeoutMs);
      s.onAck = () => {
        clearTimeout(timer);
        resolve(s);
      };
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`${what}: connection closed`));
      });
      sock.write(encode(['SUBSCRIBE', ...channels]));
    });
  }

  /**
   * Starts a round: forgets what came before and waits for `message` (its
   * exact RESP bytes); `onDelivered` runs right after its stamp.
   */
  expect(message: string, onDelivered: () => void = () => undefined): void {
    this.buf = '';
    this.at = null;
    this.expected = message;
    this.onDelivered = onDelivered;
  }

  /** Bytes received in this round (for a check once the timing is over). */
  get received(): string {
    return this.buf;
  }

  close(): void {
    this.sock.destroy();
  }

  private onData(d: string): void {
    this.buf += d;
    if (!this.acked) {
      if (this.buf.length < this.ack.length) return;
      if (!this.buf.startsWith(this.ack)) {
        this.sock.destroy(new Error(`unexpected reply to SUBSCRIBE: ${JSON.stringify(this.buf.slice(0, 200))}`));
        return;
      }
      this.acked = true;
      this.buf = this.buf.slice(this.ack.length);
      this.onAck();
    }
    if (this.at === null && this.expected !== '' && this.buf.length >= this.expected.length) {
      this.at = process.hrtime.bigint();
      this.onDelivered();
    }
  }
}

/**
 * A bare subscriber for timing one pub/sub delivery to many connections: it
 * SUBSCRIBEs to one channel and then waits for exactly one message, known in
 * advance byte for byte, and stamps the moment its last byte arrived with
 * process.hrtime.bigint(). No RESP parser and no stream machinery on the hot
 * path: bytes are read with net's `onread` (into one reused buffer, no 'data'
 * events, no per-read Buffer), appended and compared by length, so that with
 * hundreds of sockets readable at once the bench adds as little as it can
 * between two stamps (about half the time of a 'data' listener, measured with
 * redis-server PUBLISH to 1,000 subscribers).
 */
import * as net from 'node:net';
import { encode } from './resp';

/** Shared by every subscriber: each read is copied out (as a string) before the next can happen. */
const READ_BUFFER = Buffer.alloc(64 * 1024);

export class Subscriber {
  private buf = '';
  private acked = false;
  /** When the whole expected message was in; null until then. */
  at: bigint | null = null;
  private expected = '';

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

  /** Connects to 127.0.0.1:`port` and subscribes to `channel`; bounded by `timeoutMs`. */
  static open(port: number, channel: string, timeoutMs = 5000): Promise<Subscriber> {
    return new Promise((resolve, reject) => {
      // The acknowledgement: ["subscribe", channel, 1], an array of 3 with an integer last.
      const s = new Subscriber(port, `*3${encode(['subscribe', channel]).slice(2)}:1\r\n`);
      const sock = s.sock;
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`SUBSCRIBE ${channel} on ${port}: not acknowledged in ${timeoutMs} ms`));
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
        reject(new Error(`SUBSCRIBE ${channel} on ${port}: connection closed`));
      });
      sock.write(encode(['SUBSCRIBE', channel]));
    });
  }

  private onAck: () => void = () => undefined;

  /** The one message to wait for (its exact RESP bytes); `onDelivered` runs right after its stamp. */
  expect(message: string, onDelivered: () => void = () => undefined): void {
    this.expected = message;
    this.onDelivered = onDelivered;
  }

  private onDelivered: () => void = () => undefined;

  /** Bytes received after the acknowledgement (for a check once the timing is over). */
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

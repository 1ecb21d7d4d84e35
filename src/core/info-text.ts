import { fromBytes, writeBytes } from './bytes';

/**
 * An instance's last INFO text, kept for SENTINEL INFO-CACHE. Every instance
 * is asked for INFO every ten seconds, and each text (~5 KB) must be kept
 * until the next one: kept as a string, each lived long enough to reach V8's
 * old generation and then lay there as garbage until a full collection, about
 * 14 KB of resident memory per master at 200 masters (--trace-gc). The bytes
 * are rewritten in place instead, in a buffer the instance keeps; the reply's
 * own string dies young.
 */
export class InfoText {
  private bytes: Uint8Array;
  private used = 0;

  constructor(text: string) {
    this.bytes = new Uint8Array(capacityFor(text.length));
    this.set(text);
  }

  /** `text` is a byte string (one char per byte), as replies are. */
  set(text: string): void {
    const n = text.length;
    // Room for the text's usual growth (counters gaining a digit); a text
    // that shrank a lot gives its room back.
    if (n > this.bytes.length || n + 4 * SLACK < this.bytes.length) this.bytes = new Uint8Array(capacityFor(n));
    this.used = writeBytes(text, this.bytes);
  }

  text(): string {
    return fromBytes(this.bytes, 0, this.used);
  }
}

/**
 * Between two INFOs of one instance the text moves by a few bytes (uptime,
 * counters, offsets), now and then by a replica line: a fixed slack covers
 * that. A quarter of the text, as before, was ~1.2 KB per instance that
 * redis-sentinel, which keeps the exact reply, does not spend.
 */
const SLACK = 256;

function capacityFor(n: number): number {
  return n + SLACK;
}

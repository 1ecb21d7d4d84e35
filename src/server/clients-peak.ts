/**
 * INFO's client_recent_max_input_buffer and client_recent_max_output_buffer:
 * the largest query and output buffers seen over the last 8 seconds, one
 * slot per second, as Redis keeps them (its clientsCron visits each client
 * about once a second and raises the slot of the current second). INFO then
 * reads 8 numbers instead of asking every client, which with many clients
 * was a walk over all of them for each INFO.
 */

/** Redis's CLIENTS_PEAK_MEM_USAGE_SLOTS. */
const SLOTS = 8;

/** What a client shows of its buffers. */
export interface BufferedClient {
  queryBufferLength(): number;
  outputLength(): number;
}

export class ClientsPeak {
  private readonly input: number[] = new Array<number>(SLOTS).fill(0);
  private readonly output: number[] = new Array<number>(SLOTS).fill(0);
  private lastSecond = -1;

  /** At the daemon's tick: once per second, every client is looked at. */
  sample(nowMs: number, clients: Iterable<BufferedClient>): void {
    const second = Math.floor(nowMs / 1000);
    if (second === this.lastSecond) return;
    // Slots of the seconds skipped since the last visit hold older peaks: cleared.
    const gap = this.lastSecond < 0 ? SLOTS : Math.min(SLOTS, second - this.lastSecond);
    for (let k = 0; k < gap; k++) {
      const i = (second - k) % SLOTS;
      this.input[i] = 0;
      this.output[i] = 0;
    }
    this.lastSecond = second;
    const slot = second % SLOTS;
    let inMax = 0;
    let outMax = 0;
    for (const c of clients) {
      inMax = Math.max(inMax, c.queryBufferLength());
      outMax = Math.max(outMax, c.outputLength());
    }
    this.input[slot] = inMax;
    this.output[slot] = outMax;
  }

  maxInput(): number {
    return Math.max(...this.input);
  }

  maxOutput(): number {
    return Math.max(...this.output);
  }
}

/** Counters behind INFO's Stats section. */
export class ServerStats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  errorReplies = 0;
  readsProcessed = 0;
  writesProcessed = 0;

  readonly ops = new RateMeter();
  readonly input = new RateMeter();
  readonly output = new RateMeter();

  /**
   * Called at every tick of the daemon's timer (10-19 Hz), as Redis samples
   * its instantaneous metrics in each cron loop at those rates; no timer of
   * its own, so an idle sentinel wakes up no more often than its tick.
   */
  sample(nowMs: number): void {
    this.ops.sample(nowMs, this.commandsProcessed);
    this.input.sample(nowMs, this.netInputBytes);
    this.output.sample(nowMs, this.netOutputBytes);
  }
}

const SAMPLES = 16;

/**
 * Average per-second rate of a growing counter over the last 16 samples.
 * The samples sit in a ring: sampling runs at every tick of an idle daemon,
 * and an array's shift() there was a tenth of the tick's own time
 * (`--cpu-prof`, 10 masters, 2026-12-04).
 */
export class RateMeter {
  private readonly rates = new Float64Array(SAMPLES);
  /** samples held, up to SAMPLES */
  private count = 0;
  /** where the next sample goes; the oldest is there too once the ring is full */
  private next = 0;
  private lastTime = -1;
  private lastValue = 0;

  sample(nowMs: number, value: number): void {
    if (this.lastTime >= 0 && nowMs > this.lastTime) {
      this.rates[this.next] = ((value - this.lastValue) * 1000) / (nowMs - this.lastTime);
      this.next = (this.next + 1) % SAMPLES;
      if (this.count < SAMPLES) this.count++;
    }
    this.lastTime = nowMs;
    this.lastValue = value;
  }

  perSecond(): number {
    if (this.count === 0) return 0;
    // Summed oldest first, as the samples came: the same rounding every time.
    const oldest = this.count < SAMPLES ? 0 : this.next;
    let sum = 0;
    for (let k = 0; k < this.count; k++) sum += this.rates[(oldest + k) % SAMPLES] ?? 0;
    return sum / this.count;
  }
}

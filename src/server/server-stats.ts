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

/** Average per-second rate of a growing counter over the last 16 samples. */
export class RateMeter {
  private readonly rates: number[] = [];
  private lastTime = -1;
  private lastValue = 0;

  sample(nowMs: number, value: number): void {
    if (this.lastTime >= 0 && nowMs > this.lastTime) {
      this.rates.push(((value - this.lastValue) * 1000) / (nowMs - this.lastTime));
      if (this.rates.length > SAMPLES) this.rates.shift();
    }
    this.lastTime = nowMs;
    this.lastValue = value;
  }

  perSecond(): number {
    if (this.rates.length === 0) return 0;
    return this.rates.reduce((a, b) => a + b, 0) / this.rates.length;
  }
}

/**
 * Event-loop lag: how late a 100 ms timer fires. A blocked loop is what
 * would stall the monitor and the client port alike, so liveness is judged
 * on it. The timer is unref'd: it never keeps the process alive.
 */
const INTERVAL_MS = 100;

export class EventLoopLag {
  /** lag of the last tick, ms */
  lastMs = 0;
  /** worst lag since start, ms */
  maxMs = 0;
  private expected = 0;
  private timer: NodeJS.Timeout | null = null;

  start(now: () => number): void {
    this.expected = now() + INTERVAL_MS;
    this.timer = setInterval(() => {
      const t = now();
      this.lastMs = Math.max(0, t - this.expected);
      if (this.lastMs > this.maxMs) this.maxMs = this.lastMs;
      this.expected = t + INTERVAL_MS;
    }, INTERVAL_MS);
    this.timer.unref();
  }

  /** Lag as seen now: a loop blocked right now shows up even before its timer runs. */
  currentMs(now: number): number {
    return Math.max(this.lastMs, now - this.expected);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

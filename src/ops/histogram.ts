/** A cumulative Prometheus histogram with fixed buckets (seconds). */
export const FAILOVER_BUCKETS_S: readonly number[] = [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300];

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(v: number): void {
    this.sum += v;
    this.count++;
    // Cumulative buckets: every bound at or above the value counts it.
    for (const [i, bound] of this.bounds.entries()) if (v <= bound) this.counts[i] = (this.counts[i] ?? 0) + 1;
  }
}

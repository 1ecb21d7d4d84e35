/**
 * Counters the core does not keep, fed from the daemon's single 'event'
 * output hook: events by type, votes given, and failover durations
 * (+odown or +try-failover, whichever came first, until +switch-master,
 * across aborted attempts).
 * Pure bookkeeping, no I/O, so it stays cheap on the monitor loop.
 */
import { Histogram, FAILOVER_BUCKETS_S } from './histogram';

/** Event types are a fixed vocabulary in Redis; the cap keeps a bug from growing the map without bound. */
const MAX_EVENT_TYPES = 256;

export class OpsCounters {
  readonly eventsByType = new Map<string, number>();
  votesGiven = 0;
  readonly failoverDurations = new Histogram(FAILOVER_BUCKETS_S);
  /** master name -> when its current failover attempt started (ms) */
  private readonly failoverStart = new Map<string, number>();

  /** `channel` is the event type (`+sdown`), `payload` as published. */
  onEvent(channel: string, payload: string, nowMs: number): void {
    if (this.eventsByType.has(channel) || this.eventsByType.size < MAX_EVENT_TYPES) {
      this.eventsByType.set(channel, (this.eventsByType.get(channel) ?? 0) + 1);
    }
    if (channel === '+vote-for-leader') this.votesGiven++;
    const name = masterNameOf(channel, payload);
    if (name === null) return;
    if (channel === '+odown' || channel === '+try-failover') {
      if (!this.failoverStart.has(name)) this.failoverStart.set(name, nowMs);
    } else if (channel === '+switch-master') {
      const t0 = this.failoverStart.get(name);
      if (t0 !== undefined) this.failoverDurations.observe((nowMs - t0) / 1000);
      this.failoverStart.delete(name);
    } else if (channel === '-odown') {
      // The master came back by itself. Aborted attempts do not reset the
      // clock: the duration is the outage as this sentinel saw it.
      this.failoverStart.delete(name);
    }
  }
}

/**
 * The master's name in an event payload: `master <name> <ip> <port> ...` for
 * +odown/+try-failover, `<name> <oldip> <oldport> ...` for +switch-master.
 */
export function masterNameOf(channel: string, payload: string): string | null {
  const words = payload.split(' ');
  if (channel === '+switch-master') return words[0] ?? null;
  if (words[0] === 'master' && words[1] !== undefined) return words[1];
  return null;
}

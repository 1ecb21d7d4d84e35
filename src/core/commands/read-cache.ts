import type { CommandOutcome } from './outcome';
import { commandKey } from './table';

/**
 * The subcommands that only read the state: their answer is a function of
 * the state, the clock (the "milliseconds since" fields) and their
 * arguments, and nothing else (they take no facts).
 */
const READS: ReadonlySet<string> = new Set([
  'sentinel masters',
  'sentinel primaries',
  'sentinel master',
  'sentinel primary',
  'sentinel replicas',
  'sentinel slaves',
  'sentinel sentinels',
  'sentinel get-master-addr-by-name',
  'sentinel get-primary-addr-by-name',
]);

/** Names a client may ask about between two changes before answers stop being kept. */
const MAX_KEPT = 64;

/**
 * Answers of the reading commands, kept while nothing can have changed: the
 * same step count and the same millisecond. Clients poll SENTINEL MASTERS or
 * GET-MASTER-ADDR-BY-NAME by the thousand per second, while the state only
 * moves at the core's inputs (ticks, link events, other commands), so most
 * polls find their answer already built. The same outcome object comes back,
 * which also lets the shell reuse its encoding.
 */
export class ReadCache {
  private changes = 0;
  private stampChanges = -1;
  private stampNow = Number.NaN;
  private readonly kept = new Map<string, CommandOutcome>();

  /** An input that may change the state was taken (every input but a reading command). */
  changed(): void {
    this.changes++;
  }

  /** The key of a reading command; null for every other command. */
  static keyOf(args: readonly string[]): string | null {
    if (args.length > 3) return null;
    const k = commandKey(args);
    if (!READS.has(k)) return null;
    return args.length === 3 ? `${k}\n${args[2] as string}` : k;
  }

  answer(key: string, now: number, compute: () => CommandOutcome): CommandOutcome {
    if (this.stampChanges !== this.changes || this.stampNow !== now) {
      this.kept.clear();
      this.stampChanges = this.changes;
      this.stampNow = now;
    }
    const hit = this.kept.get(key);
    if (hit !== undefined) return hit;
    const o = compute();
    if (this.kept.size < MAX_KEPT) this.kept.set(key, o);
    return o;
  }
}

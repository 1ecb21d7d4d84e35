import type { CommandOutcome } from './outcome';
import { asciiLower } from '../bytes';

/**
 * The SENTINEL subcommands that only read the state: their answer is a
 * function of the state, the clock (the "milliseconds since" fields) and
 * their arguments, and nothing else (they take no facts).
 */
const READS: ReadonlySet<string> = new Set([
  'masters',
  'primaries',
  'master',
  'primary',
  'replicas',
  'slaves',
  'sentinels',
  'get-master-addr-by-name',
  'get-primary-addr-by-name',
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
  private size = 0;
  /** subcommand → its argument ('' for none) → answer */
  private readonly kept = new Map<string, Map<string, CommandOutcome>>();

  /** An input that may change the state was taken (every input but a reading command). */
  changed(): void {
    this.changes++;
  }

  /** The lower-cased subcommand of a reading command; null for every other command. */
  static readingSubcommand(args: readonly string[]): string | null {
    if (args.length < 2 || args.length > 3 || asciiLower(args[0] as string) !== 'sentinel') return null;
    const sub = asciiLower(args[1] as string);
    return READS.has(sub) ? sub : null;
  }

  answer(sub: string, args: readonly string[], now: number, compute: () => CommandOutcome): CommandOutcome {
    if (this.stampChanges !== this.changes || this.stampNow !== now) {
      this.kept.clear();
      this.size = 0;
      this.stampChanges = this.changes;
      this.stampNow = now;
    }
    // A missing argument is read as '', as the rules themselves read it.
    const arg = args[2] ?? '';
    let bySub = this.kept.get(sub);
    const hit = bySub?.get(arg);
    if (hit !== undefined) return hit;
    const o = compute();
    if (this.size < MAX_KEPT) {
      if (bySub === undefined) this.kept.set(sub, (bySub = new Map()));
      bySub.set(arg, o);
      this.size++;
    }
    return o;
  }
}

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
  private lastName = '';
  private lastWord = '';
  private lastSub: string | null = null;
  /** subcommand → its argument ('' for none) → answer */
  private readonly byArg = new Map<string, Map<string, CommandOutcome>>();

  /** An input that may change the state was taken (every input but a reading command). */
  changed(): void {
    this.changes++;
  }

  /**
   * The lower-cased subcommand of a reading command; null for every other
   * command. A client repeats itself, and the request decoder hands the same
   * strings again for the same leading arguments, so the last answer is kept
   * for the same two words: no lower-casing scan and no set lookup per poll.
   */
  readingSubcommand(args: readonly string[]): string | null {
    if (args.length < 2 || args.length > 3) return null;
    const name = args[0] as string;
    const word = args[1] as string;
    if (name === this.lastName && word === this.lastWord) return this.lastSub;
    const sub = asciiLower(name) === 'sentinel' ? asciiLower(word) : null;
    this.lastName = name;
    this.lastWord = word;
    this.lastSub = sub !== null && READS.has(sub) ? sub : null;
    return this.lastSub;
  }

  /** The answer kept for this command at `now`, if any. */
  kept(sub: string, args: readonly string[], now: number): CommandOutcome | undefined {
    if (this.stampChanges !== this.changes || this.stampNow !== now) {
      this.byArg.clear();
      this.size = 0;
      this.stampChanges = this.changes;
      this.stampNow = now;
      return undefined;
    }
    return this.byArg.get(sub)?.get(argOf(args));
  }

  /** Keeps the answer just computed for this command, at the moment kept() was asked about. */
  keep(sub: string, args: readonly string[], o: CommandOutcome): void {
    if (this.size >= MAX_KEPT) return;
    let bySub = this.byArg.get(sub);
    if (bySub === undefined) this.byArg.set(sub, (bySub = new Map()));
    bySub.set(argOf(args), o);
    this.size++;
  }
}

/** A missing argument is read as '', as the rules themselves read it. */
function argOf(args: readonly string[]): string {
  return args[2] ?? '';
}

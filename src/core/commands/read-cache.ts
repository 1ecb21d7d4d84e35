import type { CommandFacts, CommandOutcome } from './outcome';
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

/**
 * INFO's `# Sentinel` section, which the shell asks for at every INFO: the
 * same kind of read, whose answer also depends on the script counts it is
 * given (its facts). Spelt as the core's command table names it.
 */
const INFO_SENTINEL = 'info sentinel';

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
  /** subcommand → its argument ('' for none; the script counts for INFO_SENTINEL) → answer */
  private readonly byArg = new Map<string, Map<string, CommandOutcome>>();

  /** An input that may change the state was taken (every input but a reading command). */
  changed(): void {
    this.changes++;
  }

  /**
   * What a reading command's answer is kept under: its lower-cased SENTINEL
   * subcommand, or INFO_SENTINEL; null for every other command. A client
   * repeats itself, and the request decoder hands the same strings again for
   * the same leading arguments, so the last answer is kept for the same two
   * words: no lower-casing scan and no set lookup per poll.
   */
  readingSubcommand(args: readonly string[]): string | null {
    if (args.length < 2 || args.length > 3) return null;
    const name = args[0] as string;
    const word = args[1] as string;
    if (name !== this.lastName || word !== this.lastWord) {
      this.lastName = name;
      this.lastWord = word;
      this.lastSub = readingKey(name, word);
    }
    // INFO with more sections than this one is another text.
    return this.lastSub === INFO_SENTINEL && args.length !== 2 ? null : this.lastSub;
  }

  /** The answer kept for this command at `now`, if any. */
  kept(sub: string, args: readonly string[], facts: CommandFacts, now: number): CommandOutcome | undefined {
    if (this.stampChanges !== this.changes || this.stampNow !== now) {
      this.byArg.clear();
      this.size = 0;
      this.stampChanges = this.changes;
      this.stampNow = now;
      return undefined;
    }
    return this.byArg.get(sub)?.get(argOf(sub, args, facts));
  }

  /** Keeps the answer just computed for this command, at the moment kept() was asked about. */
  keep(sub: string, args: readonly string[], facts: CommandFacts, o: CommandOutcome): void {
    if (this.size >= MAX_KEPT) return;
    let bySub = this.byArg.get(sub);
    if (bySub === undefined) this.byArg.set(sub, (bySub = new Map()));
    bySub.set(argOf(sub, args, facts), o);
    this.size++;
  }
}

function readingKey(name: string, word: string): string | null {
  const cmd = asciiLower(name);
  if (cmd === 'sentinel') {
    const sub = asciiLower(word);
    return READS.has(sub) ? sub : null;
  }
  return cmd === 'info' && asciiLower(word) === 'sentinel' ? INFO_SENTINEL : null;
}

/**
 * Which answer of `sub` this is: its argument, a missing one read as '' as
 * the rules themselves read it; for INFO_SENTINEL, the script counts.
 */
function argOf(sub: string, args: readonly string[], facts: CommandFacts): string {
  if (sub !== INFO_SENTINEL) return args[2] ?? '';
  const s = facts.scripts;
  return s === undefined ? '' : `${s.running} ${s.queued}`;
}

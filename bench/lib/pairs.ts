/**
 * Side-by-side runs of the two daemons: interleaved pairs (pair i runs
 * redis-sentinel then ours when i is even, ours then redis-sentinel when it
 * is odd: A B B A …, so neither daemon always runs on a warmer or busier
 * machine), medians of every figure, the ratio ours/redis-sentinel of the
 * medians and the spread (min–max) of the per-pair ratios, printed as a
 * markdown table.
 */

export type Kind = 'ours' | 'redis';
export const KINDS: readonly Kind[] = ['redis', 'ours'];
export const LABEL: Record<Kind, string> = { ours: 'redis-sentinel-ts', redis: 'redis-sentinel' };

/** Median; the mean of the two middle values for an even count; NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Order of the daemons in pair `i` (0-based): A B, then B A, … */
export function pairOrder<K>(i: number, kinds: readonly K[]): K[] {
  return i % 2 === 0 ? [...kinds] : [...kinds].reverse();
}

/**
 * Runs `pairs` interleaved pairs; result arrays are indexed by pair, so
 * `res.ours[i]` and `res.redis[i]` ran next to each other.
 */
export async function runPairs<R>(
  pairs: number,
  kinds: readonly Kind[],
  run: (kind: Kind, pair: number) => Promise<R>,
): Promise<Record<Kind, R[]>> {
  const res: Record<Kind, R[]> = { ours: [], redis: [] };
  for (let i = 0; i < pairs; i++) {
    for (const k of pairOrder(i, kinds)) res[k][i] = await run(k, i);
  }
  return res;
}

export interface RatioSummary {
  /** median(ours) / median(redis). */
  ofMedians: number;
  /** Smallest and largest ours/redis over the pairs where both figures exist. */
  min: number;
  max: number;
  pairs: number;
}

/** The figures that exist (not null, finite). */
export const present = (xs: ReadonlyArray<number | null>): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));

/** The pairs (a[i], b[i]) where both figures exist. */
function bothPresent(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) out.push([x, y]);
  }
  return out;
}

/** Ratio of the medians and spread of the pair ratios; missing figures (null) are left out. */
export function ratios(ours: ReadonlyArray<number | null>, redis: ReadonlyArray<number | null>): RatioSummary {
  const per = bothPresent(ours, redis).flatMap(([o, r]) => (r !== 0 ? [o / r] : []));
  return {
    ofMedians: median(present(ours)) / median(present(redis)),
    min: per.length ? Math.min(...per) : NaN,
    max: per.length ? Math.max(...per) : NaN,
    pairs: per.length,
  };
}

/** `x` with `digits` decimals; an en dash for NaN or a missing value. */
export const num = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** "1.02" and "0.95–1.10" (en dash for a missing value). */
export function fmtRatio(r: RatioSummary): { ofMedians: string; spread: string } {
  return {
    ofMedians: num(r.ofMedians, 2),
    spread: r.pairs ? `${num(r.min, 2)}–${num(r.max, 2)}` : '–',
  };
}

export interface DiffSummary {
  /** Median of the per-pair differences a − b. */
  median: number;
  min: number;
  max: number;
  pairs: number;
}

/**
 * Per-pair differences a[i] − b[i] (e.g. a daemon minus a floor measured in
 * the same pair): their median and range; pairs missing either are left out.
 */
export function differences(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): DiffSummary {
  const d = bothPresent(a, b).map(([x, y]) => x - y);
  return { median: median(d), min: d.length ? Math.min(...d) : NaN, max: d.length ? Math.max(...d) : NaN, pairs: d.length };
}

export function markdownTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((x, c) => x.padEnd(widths[c] as number)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export interface Figure<R> {
  label: string;
  /** The figure of one run; null when the run has none (e.g. a failover that did not finish). */
  get: (r: R) => number | null;
  digits?: number;
  /** Show the spread of the pair ratios (default true). */
  spread?: boolean;
}

/**
 * Markdown table: one row per figure, the median for each daemon (with
 * "(k of n runs)" when some runs have no value), the ratio ours/redis of the
 * medians and the spread of the per-pair ratios.
 */
export function figureTable<R>(figures: ReadonlyArray<Figure<R>>, res: Record<Kind, R[]>, kinds: readonly Kind[]): string {
  const both = kinds.length === 2;
  const head = ['figure', ...kinds.map((k) => `${LABEL[k]} (median)`)];
  if (both) head.push('ratio ours/redis', 'pair ratios (min–max)');
  const rows = figures.map((f) => {
    const cells = [f.label];
    const vals: Record<Kind, Array<number | null>> = { ours: res.ours.map(f.get), redis: res.redis.map(f.get) };
    for (const k of kinds) {
      const have = present(vals[k]);
      const m = num(median(have), f.digits ?? 0);
      cells.push(have.length === vals[k].length ? m : `${m} (${have.length} of ${vals[k].length} runs)`);
    }
    if (both) {
      const r = fmtRatio(ratios(vals.ours, vals.redis));
      cells.push(r.ofMedians, f.spread === false ? '' : r.spread);
    }
    return cells;
  });
  return markdownTable(head, rows);
}

/** Which daemons to run: both, or one named on the command line ("ours" / "redis"). */
export function kindsFrom(only: string | undefined): Kind[] {
  if (only === undefined || only === '') return [...KINDS];
  if (only !== 'ours' && only !== 'redis') throw new Error(`--only takes ours or redis, not ${JSON.stringify(only)}`);
  return [only];
}

/** A positive integer argument (pairs, counts), with a clear error. */
export function positiveInt(name: string, text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return n;
}

/** Runs a bench's main() when the file is the entry point: exit 0, or the stack and exit 1. */
export function runMain(mod: NodeJS.Module, main: () => Promise<void>): void {
  if (require.main !== mod) return;
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}

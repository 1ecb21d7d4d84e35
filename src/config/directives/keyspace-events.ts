/**
 * `notify-keyspace-events` class letters. Meaningless for a sentinel, but the
 * value is validated and written back in Redis's canonical letter order.
 */
const K = 1 << 0;
const E = 1 << 1;
const M = 1 << 11;
const CLASSES: ReadonlyArray<[string, number]> = [
  ['g', 1 << 2],
  ['$', 1 << 3],
  ['l', 1 << 4],
  ['s', 1 << 5],
  ['h', 1 << 6],
  ['z', 1 << 7],
  ['x', 1 << 8],
  ['e', 1 << 9],
  ['t', 1 << 10],
  ['d', 1 << 13],
  ['n', 1 << 14],
];
// 'A' stands for every class except key-miss and new-key events.
const ALL = CLASSES.filter(([c]) => c !== 'n').reduce((a, [, v]) => a | v, 0);

/** Flags for a class string, or null if it has a letter Redis does not know. */
export function keyspaceEventsFromString(s: string): number | null {
  let flags = 0;
  for (const c of s) {
    if (c === 'A') flags |= ALL;
    else if (c === 'K') flags |= K;
    else if (c === 'E') flags |= E;
    else if (c === 'm') flags |= M;
    else {
      const found = CLASSES.find(([l]) => l === c);
      if (!found) return null;
      flags |= found[1];
    }
  }
  return flags;
}

export function keyspaceEventsToString(flags: number): string {
  let out = '';
  if ((flags & ALL) === ALL) out += 'A';
  else for (const [c, v] of CLASSES) if (flags & v) out += c;
  if (flags & K) out += 'K';
  if (flags & E) out += 'E';
  if (flags & M) out += 'm';
  return out;
}

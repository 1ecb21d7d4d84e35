/**
 * Redis 7.0's ACL command categories, in its order. The order matters: ACL CAT
 * lists them this way and the user renderer tries them this way, so ties in
 * its best-fit search are broken the same as in Redis. Most are empty on a
 * sentinel, but all exist and may be named in rules.
 */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** The canonical (lower-case) category for a name given in any case, or null. */
export function categoryByName(name: string): string | null {
  const n = name.toLowerCase();
  return ACL_CATEGORIES.includes(n) ? n : null;
}

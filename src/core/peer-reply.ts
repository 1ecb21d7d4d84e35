/**
 * A reply from a Redis instance or another sentinel, as the links layer hands
 * it to the core: strings for status and bulk replies, numbers for integers,
 * null for nil, `{ error }` for error replies, arrays nested.
 */
export type PeerReply = string | number | bigint | null | { error: string } | PeerReply[];

export function isErrorReply(r: PeerReply): r is { error: string } {
  return typeof r === 'object' && r !== null && !Array.isArray(r) && 'error' in r;
}

/**
 * Redis's strict integer parsing (string2ll), used for protocol lengths,
 * command arguments and config values alike: no blanks, no '+', no leading
 * zeros, and the whole signed 64-bit range, which a JS number cannot hold
 * exactly, hence the bigint.
 */
export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

export function string2ll(s: string): bigint | null {
  if (s.length === 0 || s.length >= 21) return null;
  if (s === '0') return 0n;
  if (!/^-?[1-9][0-9]*$/.test(s)) return null;
  const v = BigInt(s);
  if (v > LLONG_MAX || v < LLONG_MIN) return null;
  return v;
}

/**
 * string2ll as a number, for lengths, ids, timeouts and counts: the values
 * they are compared with are far below 2^53, where a number is exact; beyond
 * it only the nearest double is kept.
 */
export function string2llNumber(s: string): number | null {
  const v = string2ll(s);
  return v === null ? null : Number(v);
}

/**
 * An integer as C's %lld prints it. Above 2^53 a number only holds the
 * nearest double, and String() would print that with trailing zeros
 * (4611686018427388000 for 2^62): the exact decimal of the double is wanted.
 */
export function ll2string(n: number | bigint): string {
  if (typeof n === 'bigint' || Number.isSafeInteger(n) || !Number.isInteger(n)) return String(n);
  return BigInt(n).toString();
}

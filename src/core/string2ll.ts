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

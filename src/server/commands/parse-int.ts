/** Redis's strict integer parsing for command arguments (string2ll): no spaces, no leading zeros, no "+". */
export function strictInt(s: string): number | null {
  if (!/^(0|-?[1-9]\d*)$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isSafeInteger(v)) {
    const b = BigInt(s);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  }
  return v;
}

export function strictBigInt(s: string): bigint | null {
  if (!/^(0|-?[1-9]\d*)$/.test(s)) return null;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  return b;
}

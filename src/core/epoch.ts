/**
 * Epochs are unsigned 64-bit numbers on the wire and in the config file.
 * Parsing follows strtoull: leading digits count, garbage after them is
 * ignored, and a leading minus wraps around (Redis behaves this way and
 * peers we interoperate with may send such values).
 */
const U64 = 1n << 64n;

export function parseEpoch(s: string): bigint {
  const m = /^\s*([+-]?)(\d*)/.exec(s);
  if (!m || m[2] === '') return 0n;
  let v = BigInt(m[2]);
  if (v >= U64) v = U64 - 1n;
  if (m[1] === '-' && v !== 0n) v = U64 - v;
  return v;
}

/** Strict signed 64-bit parse for command arguments; null when invalid. */
export function parseStrictI64(s: string): bigint | null {
  if (!/^-?\d+$/.test(s) || s === '-0' || (s.length > 1 && /^-?0\d/.test(s))) {
    if (s === '0') return 0n;
    return null;
  }
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return v;
}

export function toUnsigned(v: bigint): bigint {
  return ((v % U64) + U64) % U64;
}

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

export function toUnsigned(v: bigint): bigint {
  return ((v % U64) + U64) % U64;
}

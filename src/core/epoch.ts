/**
 * Epochs are unsigned 64-bit numbers on the wire and in the config file
 * (parsed with strtoull10, core/c-numbers); a signed argument wraps.
 */
const U64 = 1n << 64n;

export function toUnsigned(v: bigint): bigint {
  return ((v % U64) + U64) % U64;
}

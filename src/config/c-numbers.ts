/**
 * The C number parsers Redis uses only on config values (atoi and strtoull,
 * which the core also applies to hellos and INFO, live in core/c-numbers).
 * They disagree with each other on purpose-less details (leading blanks,
 * signs, garbage after the digits, overflow), and those details decide
 * whether a file loads, so each one is reproduced separately instead of
 * using a single strict parser.
 */
import { isCSpace } from '../core/split-args';
import { scanCInteger, ULLONG_MAX } from '../core/c-numbers';
import { LLONG_MAX, LLONG_MIN } from '../core/string2ll';

/**
 * `strtoll(s, &end, base)` that must consume the whole string. A string with
 * no digits at all leaves `end` at the start, so only the empty string passes
 * that way (Redis accepts `""` as 0 in a few places because of this).
 */
export function strtollWhole(s: string, base: 8 | 10): bigint | null {
  const { negative, digits, end } = scanCInteger(s, base === 8 ? /[0-7]/ : /[0-9]/);
  if (digits === '') return s === '' ? 0n : null;
  if (end !== s.length) return null;
  let v = 0n;
  for (const d of digits) v = v * BigInt(base) + BigInt(d);
  if (negative) v = -v;
  if (v > LLONG_MAX || v < LLONG_MIN) return base === 8 ? null : negative ? LLONG_MIN : LLONG_MAX;
  return v;
}

const UNITS = new Map<string, bigint>([
  ['', 1n],
  ['b', 1n],
  ['k', 1000n],
  ['kb', 1024n],
  ['m', 1000n * 1000n],
  ['mb', 1024n * 1024n],
  ['g', 1000n * 1000n * 1000n],
  ['gb', 1024n * 1024n * 1024n],
]);

/** Redis `memtoull`: digits plus an optional unit; the product wraps at 64 bits like the C code. */
export function memtoull(s: string): bigint | null {
  if (s.startsWith('-')) return null;
  // Both groups match (possibly empty) whenever the pattern does, and it always does.
  const [, digits = '', unit = ''] = /^([0-9]*)(.*)$/s.exec(s) ?? [];
  const mul = UNITS.get(unit.toLowerCase());
  if (mul === undefined || digits.length >= 128) return null;
  const v = digits === '' ? 0n : BigInt(digits);
  return BigInt.asUintN(64, (v > ULLONG_MAX ? ULLONG_MAX : v) * mul);
}

/** The gb/mb/kb shorthand the rewriter uses for byte values. */
export function formatMemory(bytes: bigint): string {
  const kb = 1024n;
  const mb = kb * 1024n;
  const gb = mb * 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
  return `${bytes}`;
}

/** Redis `string2d`: strtod over the whole string, no leading blank, no NaN. */
export function string2d(s: string): number | null {
  if (s.length === 0 || isCSpace(s[0])) return null;
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/** `printf("%f")` followed by Redis's trimming of trailing zeros and dot. */
export function formatDoubleTrimmed(v: number): string {
  let s = v.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

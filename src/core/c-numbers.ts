/**
 * C's lenient integer parsers, as Redis calls them on hello fields, INFO
 * lines and config values: leading blanks (C isspace only), a sign, digits,
 * and whatever follows ignored. They differ from string2ll on purpose: a
 * peer or a file that Redis reads with atoi must read the same here, garbage
 * and overflow included.
 */
import { isCSpace } from './split-args';
import { LLONG_MAX, LLONG_MIN } from './string2ll';

export const ULLONG_MAX = 2n ** 64n - 1n;

/** Where the digits of a C integer are: after blanks and one sign. */
export interface Scanned {
  negative: boolean;
  digits: string;
  /** index just after the last digit (or the start, when there were none) */
  end: number;
}

export function scanCInteger(s: string, digitRe: RegExp): Scanned {
  let i = 0;
  while (i < s.length && isCSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < s.length && digitRe.test(s.charAt(i))) i++;
  const digits = s.slice(start, i);
  return { negative, digits, end: digits.length === 0 ? 0 : i };
}

/** glibc `strtol` clamped to long, then truncated to int: what `atoi` really does. */
export function atoi(s: string): number {
  const { negative, digits } = scanCInteger(s, /[0-9]/);
  if (digits === '') return 0;
  let v = BigInt(digits);
  if (negative) v = -v;
  if (v > LLONG_MAX) v = LLONG_MAX;
  if (v < LLONG_MIN) v = LLONG_MIN;
  return Number(BigInt.asIntN(32, v));
}

/** `strtoull(s, NULL, 10)`: a minus sign wraps around, overflow saturates. */
export function strtoull10(s: string): bigint {
  const { negative, digits } = scanCInteger(s, /[0-9]/);
  if (digits === '') return 0n;
  const v = BigInt(digits);
  if (v > ULLONG_MAX) return ULLONG_MAX;
  return negative ? BigInt.asUintN(64, -v) : v;
}


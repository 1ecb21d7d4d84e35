import { string2ll } from '../../core/string2ll';

/**
 * Command arguments Redis reads with getLongLongFromObject. As a number: the
 * values a sentinel compares them with (ids, timeouts, counts) are far below
 * 2^53, where a number is exact; beyond it only the nearest double is kept.
 */
export function strictInt(s: string): number | null {
  const v = string2ll(s);
  return v === null ? null : Number(v);
}

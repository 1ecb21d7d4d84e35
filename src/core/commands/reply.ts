import { ll2string } from '../string2ll';

/**
 * A command's answer as a value, in the shapes Redis sends: the shell only
 * encodes it (RESP2 or RESP3, src/protocol/reply-encoder.ts). It is a subset
 * of the shell's Reply, so encoding needs no translation.
 */
export type CoreReply =
  | { t: 'status'; s: string }
  /** the whole text, code first ("ERR ...", "NOGOODSLAVE ..."), without the leading '-' */
  | { t: 'error'; s: string }
  | { t: 'int'; n: number | bigint }
  | { t: 'bulk'; s: string }
  /** a null bulk */
  | { t: 'null' }
  /** a null array (GET-MASTER-ADDR-BY-NAME of an unknown master) */
  | { t: 'nullarray' }
  | { t: 'array'; items: CoreReply[] }
  /** pairs: a flat array of 2N in RESP2, a map in RESP3 */
  | { t: 'map'; entries: Array<[CoreReply, CoreReply]> };

export const ok: CoreReply = { t: 'status', s: 'OK' };
export const status = (s: string): CoreReply => ({ t: 'status', s });
export const int = (n: number | bigint): CoreReply => ({ t: 'int', n });
export const bulk = (s: string): CoreReply => ({ t: 'bulk', s });
export const nullBulk: CoreReply = { t: 'null' };
export const nullArray: CoreReply = { t: 'nullarray' };
export const array = (items: CoreReply[]): CoreReply => ({ t: 'array', items });

/** Sentinel's field maps: keys and values are bulks, numbers in decimal. */
export function bulkMap(pairs: ReadonlyArray<readonly [string, string | number | bigint]>): CoreReply {
  return { t: 'map', entries: pairs.map(([k, v]) => [bulk(k), bulk(typeof v === 'string' ? v : ll2string(v))]) };
}

/**
 * Every error reply is built here, so that each one carries its code: the
 * text after the code is the one redis-sentinel 7.0.15 sends.
 */
export function errorReply(text: string, code: 'ERR' | 'INPROG' | 'NOGOODSLAVE' | 'NOQUORUM' = 'ERR'): CoreReply {
  return { t: 'error', s: `${code} ${text}` };
}

export const NO_SUCH_MASTER = errorReply('No such master with that name');
export const SAVE_FAILED = errorReply('Failed to save config file. Check server logs.');

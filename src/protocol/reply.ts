/**
 * A reply as a value. Commands build these; the session encodes them for the
 * client's protocol version (RESP2 or RESP3) at the edge, so command code never
 * needs to know which protocol the client speaks. A reply is never changed
 * once built, so one can be shared, and its encoding reused.
 */
import { ll2string } from '../core/string2ll';
import type { ByteWriter } from './byte-writer';

export type Reply =
  | { t: 'status'; s: string }
  | { t: 'error'; s: string } // full text including the code, e.g. "ERR no such ..." (no leading '-')
  | { t: 'int'; n: number | bigint }
  | { t: 'bulk'; s: string | Buffer }
  // A bulk whose bytes `render` appends when the reply is written, which is
  // at once after the command ran (INFO: see byte-writer.ts for why).
  | { t: 'renderedBulk'; render: (w: ByteWriter) => void }
  | { t: 'null' } // null bulk: RESP2 $-1, RESP3 _
  | { t: 'nullarray' } // null array: RESP2 *-1, RESP3 _
  | { t: 'array'; items: Reply[] }
  | { t: 'map'; entries: Array<[Reply, Reply]> } // RESP2: flat array of 2N
  | { t: 'push'; items: Reply[] } // RESP2: plain array (pub/sub messages)
  | { t: 'set'; items: Reply[] } // RESP2: plain array, RESP3 ~ (COMMAND INFO flags, ACL GETUSER flags)
  | { t: 'verbatim'; s: string; format: string } // RESP2: bulk, RESP3 = with a 3-letter format (CLIENT LIST/INFO)
  | { t: 'none' }; // nothing is written (e.g. CLIENT REPLY OFF, SHUTDOWN)

export const status = (s: string): Reply => ({ t: 'status', s });
export const error = (s: string): Reply => ({ t: 'error', s });
export const int = (n: number | bigint): Reply => ({ t: 'int', n });
export const bulk = (s: string | Buffer): Reply => ({ t: 'bulk', s });

export const nullBulk: Reply = { t: 'null' };
export const nullArray: Reply = { t: 'nullarray' };
export const array = (items: Reply[]): Reply => ({ t: 'array', items });
export const setReply = (items: Reply[]): Reply => ({ t: 'set', items });
export const push = (items: Reply[]): Reply => ({ t: 'push', items });
export const verbatim = (s: string, format = 'txt'): Reply => ({ t: 'verbatim', s, format });
export const OK: Reply = { t: 'status', s: 'OK' };
export const noReply: Reply = { t: 'none' };

/** A map whose keys and values are bulk strings, numbers rendered as decimal bulks (Sentinel style). */
export function bulkMap(pairs: Array<[string, string | number | bigint]>): Reply {
  return { t: 'map', entries: pairs.map(([k, v]) => [bulk(k), bulk(typeof v === 'string' ? v : ll2string(v))]) };
}

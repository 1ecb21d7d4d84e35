import { fromBytes } from '../core/bytes';
import type { PeerReply } from '../core/peer-reply';

/** redis-parser's JS values (bulks as Buffers) → the core's PeerReply of byte strings (errors become `{ error }` values). */
export function toPeerReply(v: unknown): PeerReply {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return v;
  if (Buffer.isBuffer(v)) return fromBytes(v);
  if (Array.isArray(v)) return v.map(toPeerReply);
  if (v instanceof Error) return { error: v.message };
  return String(v);
}

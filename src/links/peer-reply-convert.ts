import type { PeerReply } from '../core/peer-reply';

/** redis-parser's JS values → the core's PeerReply (errors become `{ error }` values). */
export function toPeerReply(v: unknown): PeerReply {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return v;
  if (Buffer.isBuffer(v)) return v.toString();
  if (Array.isArray(v)) return v.map(toPeerReply);
  if (v instanceof Error) return { error: v.message };
  return String(v);
}

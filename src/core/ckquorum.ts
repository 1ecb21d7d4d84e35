import type { Master } from './master';

/**
 * Can a failover of this master be authorized right now? It takes the
 * quorum to reach odown and a majority of all known sentinels (this one
 * included) to elect a leader; peers that look down cannot help with either.
 */
export interface QuorumCheck {
  usable: number;
  quorumReachable: boolean;
  majorityReachable: boolean;
}

export function checkQuorum(m: Master): QuorumCheck {
  let usable = 1;
  for (const s of m.sentinels.values()) if (!s.flags.sDown && !s.flags.oDown) usable++;
  const voters = m.sentinels.size + 1;
  return {
    usable,
    quorumReachable: usable >= m.quorum,
    majorityReachable: usable >= Math.floor(voters / 2) + 1,
  };
}

/** SENTINEL CKQUORUM's answer text (an OK status or a NOQUORUM error), shared with the HTTP endpoint. */
export function ckquorumText(m: Master): { ok: boolean; text: string } {
  const q = checkQuorum(m);
  const reasons: string[] = [];
  if (!q.quorumReachable) reasons.push('Not enough available Sentinels to reach the specified quorum for this master');
  if (!q.majorityReachable) reasons.push('Not enough available Sentinels to reach the majority and authorize a failover');
  if (reasons.length === 0) return { ok: true, text: `OK ${q.usable} usable Sentinels. Quorum and failover authorization can be reached` };
  return { ok: false, text: `NOQUORUM ${q.usable} usable Sentinels. ${reasons.join('. ')}` };
}

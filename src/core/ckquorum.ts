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

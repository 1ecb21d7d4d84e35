import type { Master } from './master';
import { CANDIDACY_STEP_MS } from './timing';
import { asciiLower, compareBytes } from './bytes';

/**
 * Who stands first for a master's failover.
 *
 * When every decision is taken as the answers arrive, sentinels that see a
 * master die together reach odown within a round trip of each other, and
 * candidates that start in the same round trip split the vote. Two are
 * settled by a third voter; three or more leave nobody elected, and the
 * failover waits out the election timeout and then twice the failover
 * timeout before the next attempt. redis-sentinel escapes most of this by
 * accident: its one-second ask rounds and 100 ms ticks spread the sentinels
 * out in time.
 *
 * Here a sentinel in odown stands after a delay given by its rank in an order
 * that every sentinel computes alike: the sentinels it can reach, sorted by a
 * hash of (master name, run id). The first stands at once, each next one
 * CANDIDACY_STEP_MS later; by then the first one's vote request has usually
 * arrived, and a sentinel that voted for another does not start a failover of
 * its own. If the first is gone the next stands a step later, so the order
 * only ever costs a step per sentinel that could not stand. A different order
 * per master spreads the leaders of a mass failover over all the sentinels.
 * Nothing here is a vote or a protocol message: safety rests on the votes,
 * this only keeps candidates from colliding.
 */
export function candidacyDelay(master: Master, myid: string): number {
  return candidacyRank(master, myid) * CANDIDACY_STEP_MS;
}

/** This sentinel's place in the order for `master`, 0 first. */
export function candidacyRank(master: Master, myid: string): number {
  const mine = rankKey(master.name, myid);
  let rank = 0;
  for (const s of master.sentinels.values()) {
    // A peer we cannot reach cannot ask for votes either: waiting for it would only delay us.
    if (s.flags.sDown || s.link.disconnected) continue;
    if (compareKeys(rankKey(master.name, s.runid ?? s.name), mine) < 0) rank++;
  }
  return rank;
}

interface RankKey {
  hash: number;
  runid: string;
}

function rankKey(name: string, runid: string): RankKey {
  const id = asciiLower(runid);
  return { hash: fnv1a(`${name}\u0000${id}`), runid: id };
}

function compareKeys(a: RankKey, b: RankKey): number {
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  return compareBytes(a.runid, b.runid);
}

/** 32-bit FNV-1a over byte strings (one char per byte): small, and the same on every sentinel. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

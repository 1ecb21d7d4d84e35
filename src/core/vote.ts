import type { CoreContext } from './context';
import type { Master } from './master';
import { MAX_DESYNC_MS } from './timing';
import { asciiLower } from './bytes';
import { coreAssert } from './assert';

/**
 * Casts (or repeats) this sentinel's vote for the leader of `master` in
 * `reqEpoch`. One vote per master per epoch: the first request in a newer
 * epoch wins it, later ones get the same answer. Returns the recorded vote.
 */
export function voteLeader(
  ctx: CoreContext,
  master: Master,
  reqEpoch: bigint,
  reqRunid: string,
): { leader: string | null; leaderEpoch: bigint } {
  if (reqEpoch > ctx.currentEpoch) {
    ctx.currentEpoch = reqEpoch;
    ctx.flushConfig();
    ctx.event('warning', '+new-epoch', null, master, reqEpoch.toString());
  }
  if (master.leaderEpoch < reqEpoch && ctx.currentEpoch <= reqEpoch) {
    // One vote per epoch: the epoch of the last vote only moves forward.
    coreAssert(ctx.currentEpoch > master.leaderEpoch, 'a second vote in one epoch', `${master.name} epoch ${ctx.currentEpoch}`);
    master.leader = reqRunid;
    master.leaderEpoch = ctx.currentEpoch;
    master.leaderFlush = ctx.flushConfig();
    ctx.event('warning', '+vote-for-leader', null, master, `${reqRunid} ${master.leaderEpoch}`);
    // Having voted for someone else, stay out of the way for a while so the
    // elected leader can finish: this is what keeps epochs from racing.
    if (asciiLower(reqRunid) !== asciiLower(ctx.myid)) {
      master.failoverStartTime = ctx.now + Math.floor(ctx.random() * MAX_DESYNC_MS);
      master.splitVoteRetryTime = 0;
    }
  }
  return { leader: master.leader, leaderEpoch: master.leaderEpoch };
}

/**
 * Our own vote (master.leader in master.leaderEpoch) counts in our own
 * election only once the save that recorded it is on disk. A candidate that
 * counts a vote the disk refused can be elected on it, crash, come back from
 * the older file without it and vote in that same epoch for another
 * candidate, who is then elected too: two promotions in one epoch
 * (redis-sentinel 7.0.15 has this window; found by the simulation, seeds 965
 * and 1208 with --gap 1000). The peers see nothing of this: a vote we do not
 * count only makes us wait for a save, or for one more peer's vote.
 */
export function ownVoteSaved(ctx: CoreContext, master: Master): boolean {
  return ctx.saves.saved(master.leaderFlush);
}

/** The save of our own vote is known refused: a restart could forget that vote (see ownVoteSaved). */
export function ownVoteRefused(ctx: CoreContext, master: Master): boolean {
  return ctx.saves.refused(master.leaderFlush);
}

/**
 * Counts the votes reported by peers for `epoch` (the failover's), adds our
 * own (for the front runner if there is one, else for ourselves) and returns
 * the winner only if it has both a majority of all known sentinels and the
 * quorum.
 *
 * redis-sentinel counts the peers' votes of its *current* epoch here: a
 * sentinel still waiting in an older failover's epoch, once a peer's request
 * moved its current epoch on, adds votes cast in the newer epoch to its own
 * vote of the older one and can be elected in an epoch another sentinel
 * already won: two promotions, two addresses under one config epoch (found
 * by the simulation, seed 170). Votes only count in the epoch they were cast.
 */
export function getLeader(ctx: CoreContext, master: Master, epoch: bigint): string | null {
  const counters = new Map<string, number>();
  const voters = master.sentinels.size + 1;
  for (const s of master.sentinels.values()) {
    if (s.leader !== null && s.leaderEpoch === epoch) {
      counters.set(s.leader, (counters.get(s.leader) ?? 0) + 1);
    }
  }
  let winner: string | null = null;
  let maxVotes = 0;
  for (const [runid, votes] of counters) {
    if (votes > maxVotes) {
      maxVotes = votes;
      winner = runid;
    }
  }
  const mine = voteLeader(ctx, master, epoch, winner ?? ctx.myid);
  if (mine.leader !== null && mine.leaderEpoch === epoch && ownVoteSaved(ctx, master)) {
    const votes = (counters.get(mine.leader) ?? 0) + 1;
    counters.set(mine.leader, votes);
    if (votes > maxVotes) {
      maxVotes = votes;
      winner = mine.leader;
    }
  }
  const votersQuorum = Math.floor(voters / 2) + 1;
  if (winner !== null && (maxVotes < votersQuorum || maxVotes < master.quorum)) winner = null;
  return winner;
}

/**
 * Nobody can win `epoch` any more: the votes known (ours and those the peers
 * reported for this epoch), even with every vote still unknown going to the
 * front runner, stay below the majority or the quorum. Each sentinel votes
 * once per epoch, so this cannot change; waiting out the election timeout
 * would only delay the next attempt. Our own vote is unknown until it is on
 * disk (see ownVoteSaved): a restart could cast it again.
 */
export function electionUndecidable(ctx: CoreContext, master: Master, epoch: bigint): boolean {
  const counters = new Map<string, number>();
  let unknown = 0;
  const count = (leader: string | null, leaderEpoch: bigint): void => {
    if (leader === null || leaderEpoch !== epoch) unknown++;
    else counters.set(asciiLower(leader), (counters.get(asciiLower(leader)) ?? 0) + 1);
  };
  if (ownVoteSaved(ctx, master)) count(master.leader, master.leaderEpoch);
  else unknown++;
  for (const s of master.sentinels.values()) count(s.leader, s.leaderEpoch);
  const voters = master.sentinels.size + 1;
  const needed = Math.max(Math.floor(voters / 2) + 1, master.quorum);
  let best = 0;
  for (const v of counters.values()) best = Math.max(best, v);
  return best + unknown < needed;
}

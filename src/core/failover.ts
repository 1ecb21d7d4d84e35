import type { CoreContext } from './context';
import type { Master } from './master';
import { enterFailoverState } from './failover-state';
import { electionUndecidable, getLeader, ownVoteRefused } from './vote';
import { selectSlave } from './select-slave';
import { sendSlaveOf } from './info-refresh';
import { sendInfo } from './periodic';
import { MAX_DESYNC_MS, SAVE_RETRY_MS, SELECT_SLAVE_INFO_WAIT_MS, SPLIT_RETRY_STEP_MS } from './timing';
import { ctimeString } from './event-format';
import { asciiLower } from './bytes';
import { candidacyDelay, candidacyRank } from './candidacy';

/**
 * The failover state machine: wait-start (election) → select-slave →
 * send-slaveof-noone → wait-promotion → reconf-slaves → update-config.
 * The promotion itself is observed in INFO (info-refresh.ts) and the final
 * switch is done by the caller once per tick (switchToPromotedSlave).
 */

export function startFailover(ctx: CoreContext, master: Master): void {
  enterFailoverState(ctx, master, 'wait_start');
  master.flags.failoverInProgress = true;
  master.failoverEpoch = failoverEpochFor(ctx, master);
  ctx.event('warning', '+try-failover', master, master);
  master.failoverStartTime = ctx.now + Math.floor(ctx.random() * MAX_DESYNC_MS);
  // select-slave ranks replicas by what INFO says of their replication
  // offsets: ask now, while the election runs, so the figures are from after
  // the master died rather than from the last periodic poll.
  for (const s of master.slaves.values()) sendInfo(ctx, s, master);
}

/** An INFO asked of a reachable replica is still on its way. */
function infoInFlight(master: Master): boolean {
  for (const s of master.slaves.values()) {
    if (!s.link.disconnected && !s.flags.sDown && s.infoSentTime > s.infoRefresh) return true;
  }
  return false;
}

/**
 * The epoch a new failover of `master` runs in. Votes and config epochs are
 * per master: what makes a leader unique is that each sentinel votes once per
 * (master, epoch). So the current epoch can serve a failover of this master
 * as long as this master has never used it: no vote of ours in it, no
 * failover of ours in it, and a config epoch below it. redis-sentinel always
 * takes a new epoch; when many masters fail at once, every start then moves
 * every sentinel's current epoch on while the others' vote requests for
 * older epochs are still on the wire, and a vote is refused to a request
 * older than the voter's current epoch: elections fail for tens of minutes
 * (redis/redis#6807). Sharing the epoch, they all succeed. With one master
 * nothing changes: after its own failover, its config epoch is the current
 * epoch, so a new one is taken every time, with its +new-epoch event.
 */
function failoverEpochFor(ctx: CoreContext, master: Master): bigint {
  const e = ctx.currentEpoch;
  if (e > master.configEpoch && e > master.leaderEpoch && e > master.failoverEpoch) return e;
  ctx.currentEpoch += 1n;
  // The vote requests that follow carry it: saved before they go out (see
  // output.ts). redis-sentinel saves it only with its own vote, a moment
  // later; the write is the same one (durable flushes of a turn share it).
  ctx.flushConfig();
  ctx.event('warning', '+new-epoch', null, master, ctx.currentEpoch.toString());
  return ctx.currentEpoch;
}

/** Returns true when a failover was started (the caller then asks peers for votes at once). */
export function startFailoverIfNeeded(ctx: CoreContext, master: Master, tzOffsetMinutes: number): boolean {
  if (!master.flags.oDown) {
    // A retry belongs to the outage whose vote split.
    master.splitVoteRetryTime = 0;
    return false;
  }
  if (master.flags.failoverInProgress) return false;
  // Two failover timeouts between attempts: one for our previous attempt
  // (or the one we voted for) to finish, one as margin.
  const splitRetry = master.splitVoteRetryTime !== 0;
  if (splitRetry && ctx.now < master.splitVoteRetryTime) return false;
  if (!splitRetry && ctx.now - master.failoverStartTime < master.failoverTimeoutMs * 2) {
    if (master.failoverDelayLogged !== master.failoverStartTime) {
      const when = master.failoverStartTime + master.failoverTimeoutMs * 2;
      ctx.log(
        'warning',
        `Next failover delay: I will not start a failover before ${ctimeString(Math.floor(when / 1000) * 1000, tzOffsetMinutes)}`,
      );
      master.failoverDelayLogged = master.failoverStartTime;
    }
    return false;
  }
  if (!splitRetry && ctx.now < candidacyTime(ctx, master)) return false;
  if (ctx.saves.failing) {
    // The disk refused our last save: a candidacy now would take the peers'
    // votes (and keep them out of the way for two failover timeouts) for an
    // election we could not win on our own vote (vote.ts ownVoteSaved).
    // Stand once a save succeeds again; try one now and then to find out.
    if (ctx.saves.probeDue(ctx.now, SAVE_RETRY_MS)) ctx.flushConfig();
    return false;
  }
  master.splitVoteRetryTime = 0;
  startFailover(ctx, master);
  return true;
}

/** When this sentinel's turn to stand comes, for a master in odown (see candidacy.ts). */
export function candidacyTime(ctx: CoreContext, master: Master): number {
  return master.oDownSinceTime + candidacyDelay(master, ctx.myid);
}

export function abortFailover(ctx: CoreContext, master: Master): void {
  master.flags.failoverInProgress = false;
  master.flags.forceFailover = false;
  enterFailoverState(ctx, master, 'none');
  if (master.promotedSlave) {
    master.promotedSlave.flags.promoted = false;
    master.promotedSlave = null;
  }
}

function waitStart(ctx: CoreContext, master: Master): void {
  const leader = getLeader(ctx, master, master.failoverEpoch);
  if (!master.flags.forceFailover && master.leaderEpoch === master.failoverEpoch && ownVoteRefused(ctx, master)) {
    // The save of our vote in this epoch failed: we cannot count it, and a
    // restart could give it to another candidate. Lost, as an election
    // nobody won; startFailoverIfNeeded stands again only after a save works.
    ctx.event('warning', '-failover-abort-not-elected', master, master);
    abortFailover(ctx, master);
    return;
  }
  const isLeader = leader !== null && asciiLower(leader) === asciiLower(ctx.myid);
  if (!isLeader && !master.flags.forceFailover) {
    const electionTimeout = Math.min(ctx.timing.electionTimeout, master.failoverTimeoutMs);
    if (electionUndecidable(ctx, master, master.failoverEpoch)) {
      // A split vote: candidates that stood together each hold a share no
      // one can add to. redis-sentinel waits out the election timeout and then
      // twice the failover timeout (18 s with failover-timeout 6000); here the
      // candidates stand again at once, one after the other in the candidacy
      // order, in a new epoch (always safe: votes are per epoch).
      ctx.event('warning', '-failover-abort-not-elected', master, master);
      abortFailover(ctx, master);
      master.splitVoteRetryTime = ctx.now + candidacyRank(master, ctx.myid) * SPLIT_RETRY_STEP_MS;
      return;
    }
    if (ctx.now - master.failoverStartTime > electionTimeout) {
      ctx.event('warning', '-failover-abort-not-elected', master, master);
      abortFailover(ctx, master);
    }
    return;
  }
  ctx.event('warning', '+elected-leader', master, master);
  if (ctx.simulateFailure.crashAfterElection) {
    ctx.emit({ type: 'crash', message: 'Sentinel CRASH because of SENTINEL simulate-failure' });
    return;
  }
  enterFailoverState(ctx, master, 'select_slave');
  ctx.event('warning', '+failover-state-select-slave', master, master);
}

function selectSlaveState(ctx: CoreContext, master: Master): void {
  // Choosing before the replies are in could pass over the most up to date
  // replica, or find none with fresh INFO; each reply runs this again.
  if (infoInFlight(master) && ctx.now - master.failoverStateChangeTime < SELECT_SLAVE_INFO_WAIT_MS) return;
  const slave = selectSlave(master, ctx.now, ctx.timing);
  if (slave === null) {
    ctx.event('warning', '-failover-abort-no-good-slave', master, master);
    abortFailover(ctx, master);
    return;
  }
  ctx.event('warning', '+selected-slave', slave, master);
  slave.flags.promoted = true;
  master.promotedSlave = slave;
  enterFailoverState(ctx, master, 'send_slaveof_noone');
  ctx.event('notice', '+failover-state-send-slaveof-noone', slave, master);
}

function sendSlaveOfNoOne(ctx: CoreContext, master: Master): void {
  const slave = master.promotedSlave;
  if (slave === null) return;
  // Retry until the link comes back, but not beyond the failover timeout.
  if (slave.link.disconnected) {
    if (ctx.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
      ctx.event('warning', '-failover-abort-slave-timeout', master, master);
      abortFailover(ctx, master);
    }
    return;
  }
  if (!sendSlaveOf(ctx, slave, master, null)) return;
  // Behind the transaction on the same connection, so the reply shows the
  // role the replica has once it ran: the promotion is seen one round trip
  // after it happens instead of at the next INFO poll.
  sendInfo(ctx, slave, master);
  ctx.event('notice', '+failover-state-wait-promotion', slave, master);
  enterFailoverState(ctx, master, 'wait_promotion');
}

function waitPromotion(ctx: CoreContext, master: Master): void {
  if (ctx.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
    ctx.event('warning', '-failover-abort-slave-timeout', master, master);
    abortFailover(ctx, master);
  }
}

function detectEnd(ctx: CoreContext, master: Master): void {
  const promoted = master.promotedSlave;
  if (promoted === null || promoted.flags.sDown) return;
  let notReconfigured = 0;
  for (const s of master.slaves.values()) {
    if (s.flags.promoted || s.flags.reconfDone) continue;
    if (s.flags.sDown) continue;
    notReconfigured++;
  }
  let timeout = false;
  if (ctx.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
    notReconfigured = 0;
    timeout = true;
    ctx.event('warning', '+failover-end-for-timeout', master, master);
  }
  if (notReconfigured === 0) {
    ctx.event('warning', '+failover-end', master, master);
    enterFailoverState(ctx, master, 'update_config');
  }
  if (timeout) {
    // Best effort: replicas we never got to are told once, without waiting.
    for (const s of master.slaves.values()) {
      if (s.flags.promoted || s.flags.reconfDone || s.flags.reconfSent) continue;
      if (s.link.disconnected) continue;
      if (sendSlaveOf(ctx, s, master, promoted)) {
        ctx.event('notice', '+slave-reconf-sent-be', s, master);
      }
    }
  }
}

function reconfNextSlave(ctx: CoreContext, master: Master): void {
  const promoted = master.promotedSlave;
  if (promoted === null) return;
  let inProgress = 0;
  for (const s of master.slaves.values()) if (s.flags.reconfSent || s.flags.reconfInprog) inProgress++;
  for (const s of master.slaves.values()) {
    if (inProgress >= master.parallelSyncs) break;
    if (s.flags.promoted || s.flags.reconfDone) continue;
    if (s.flags.reconfSent && ctx.now - s.slaveReconfSentTime > ctx.timing.slaveReconfTimeout) {
      ctx.event('notice', '-slave-reconf-sent-timeout', s, master);
      s.flags.reconfSent = false;
      s.flags.reconfDone = true;
      continue;
    }
    if (s.flags.reconfSent || s.flags.reconfInprog) continue;
    if (s.link.disconnected) continue;
    if (sendSlaveOf(ctx, s, master, promoted)) {
      s.flags.reconfSent = true;
      s.slaveReconfSentTime = ctx.now;
      ctx.event('notice', '+slave-reconf-sent', s, master);
      // As for the promotion: the reply shows the new master_host at once.
      sendInfo(ctx, s, master);
      inProgress++;
    }
  }
  detectEnd(ctx, master);
}

/**
 * Runs the state machine until it waits for something: an answer, an INFO,
 * a timeout. redis-sentinel takes one state per timer tick, so a failover
 * that has everything it needs still spends a tick in each of wait-start,
 * select-slave and send-slaveof-noone; each state's own conditions are
 * unchanged, only the idle wait between them goes.
 */
export function runFailoverStateMachine(ctx: CoreContext, master: Master): void {
  // Each pass either changes state or stops; no path visits a state twice
  // without new input, so the bound is the number of states.
  for (let i = 0; i < FAILOVER_STATES; i++) {
    const before = master.failoverState;
    failoverStateMachine(ctx, master);
    if (master.failoverState === before || !master.flags.failoverInProgress) return;
  }
}

const FAILOVER_STATES = 7;

function failoverStateMachine(ctx: CoreContext, master: Master): void {
  if (!master.flags.failoverInProgress) return;
  switch (master.failoverState) {
    case 'wait_start':
      waitStart(ctx, master);
      break;
    case 'select_slave':
      selectSlaveState(ctx, master);
      break;
    case 'send_slaveof_noone':
      sendSlaveOfNoOne(ctx, master);
      break;
    case 'wait_promotion':
      waitPromotion(ctx, master);
      break;
    case 'reconf_slaves':
      reconfNextSlave(ctx, master);
      break;
    default:
      break;
  }
}

import type { CoreContext } from './context';
import type { Instance } from './instance';
import type { Master } from './master';
import { ASK_VALIDITY_PERIODS } from './timing';

/**
 * Peers' answers to is-master-down-by-addr: whether they think the master is
 * down (what odown counts) and whom they voted for. An answer is about the
 * address the master had when the question was asked, so it must never
 * outlive that address: counted towards the new master after a switch, an
 * old "down" lets a single missed ping become odown and a second failover.
 */

/**
 * The record's ask counters, reset when they were counted on an earlier
 * command connection of its link: the replies to those asks will never
 * come. Reset here, lazily, because the connection a shared link makes
 * again is made by one record and the counters belong to all of them.
 */
function asks(s: Instance): Instance {
  if (s.asksSerial !== s.link.ccSerial) {
    s.asksSerial = s.link.ccSerial;
    s.pendingMasterDownAsks = 0;
    s.staleMasterDownAsks = 0;
  }
  return s;
}

/** The peer has no opinion and no known vote until it answers again. */
function forgetAnswer(s: Instance): void {
  s.flags.masterDown = false;
  s.leader = null;
}

/** A peer that stopped answering has no current opinion either. */
export function expireMasterDownAnswer(ctx: CoreContext, s: Instance): void {
  if (ctx.now - s.lastMasterDownReplyTime > ctx.timing.askPeriod * ASK_VALIDITY_PERIODS) forgetAnswer(s);
}

/**
 * The master was reset (a switch, SENTINEL RESET): every answer about the
 * old address is dropped, including those still on their way.
 */
export function forgetMasterDownAnswers(master: Master): void {
  for (const s of master.sentinels.values()) {
    forgetAnswer(s);
    const a = asks(s);
    a.staleMasterDownAsks = a.pendingMasterDownAsks;
  }
}

/** Asks of this record on its link's current command connection still unanswered. */
export function masterDownAsksPending(s: Instance): number {
  return asks(s).pendingMasterDownAsks;
}

export function masterDownAskSent(s: Instance): void {
  asks(s).pendingMasterDownAsks++;
}

/** Accounts for an answer; false when it answers a question about an address the master has left. */
export function masterDownAnswerIsCurrent(s: Instance): boolean {
  const a = asks(s);
  if (a.pendingMasterDownAsks > 0) a.pendingMasterDownAsks--;
  if (a.staleMasterDownAsks > 0) {
    a.staleMasterDownAsks--;
    return false;
  }
  return true;
}

/**
 * Some connected peer has not answered our last question yet. odown is
 * decided on a complete round, so that +odown's "#quorum n/q" counts every
 * answer of the round, as redis-sentinel's tick (long after the answers came
 * in) does; an answer that never comes leaves the decision to the tick.
 */
export function masterDownRoundPending(master: Master): boolean {
  for (const s of master.sentinels.values()) {
    if (!s.link.disconnected && masterDownAsksPending(s) > 0) return true;
  }
  return false;
}

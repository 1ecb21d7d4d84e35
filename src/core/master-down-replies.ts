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
    s.link.staleMasterDownAsks = s.link.pendingMasterDownAsks;
  }
}

export function masterDownAskSent(s: Instance): void {
  s.link.pendingMasterDownAsks++;
}

/** Accounts for an answer; false when it answers a question about an address the master has left. */
export function masterDownAnswerIsCurrent(s: Instance): boolean {
  const link = s.link;
  if (link.pendingMasterDownAsks > 0) link.pendingMasterDownAsks--;
  if (link.staleMasterDownAsks > 0) {
    link.staleMasterDownAsks--;
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
    if (!s.link.disconnected && s.link.pendingMasterDownAsks > 0) return true;
  }
  return false;
}

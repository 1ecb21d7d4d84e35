import type { CoreContext } from './context';
import type { Instance } from './instance';
import type { Master } from './master';
import { closeConnection } from './link';

/**
 * Subjective down: this sentinel alone thinks the instance is unreachable.
 * Also where stale connections are recycled, since both decisions read the
 * same link clocks.
 */
/** Since when the instance has been silent, as the sdown rule counts it (0: it is not). */
function silentSince(link: Instance['link']): number {
  if (link.actPingTime) return link.actPingTime;
  if (link.disconnected) return link.lastAvailTime;
  return 0;
}

/**
 * The first moment the silence alone makes the instance sdown, or null.
 * Checked only at timer ticks, +sdown would come up to a tick after
 * down-after-milliseconds; the shell wakes the core at this moment instead,
 * so the operator's setting is the delay, no more and never less.
 */
export function sdownDeadline(m: Master): number | null {
  if (m.flags.sDown) return null;
  const since = silentSince(m.link);
  return since === 0 ? null : since + m.downAfterMs + 1;
}

export function checkSubjectivelyDown(ctx: CoreContext, inst: Instance, master: Master): void {
  const now = ctx.now;
  const link = inst.link;
  // Replicas and peers are judged with their master's down-after.
  const downAfterMs = master.downAfterMs;
  const since = silentSince(link);
  const elapsed = since === 0 ? 0 : now - since;

  // A connection that answers nothing for half the down period may be
  // wedged (e.g. a half-open TCP connection); reconnecting is cheap and
  // tells a dead instance from a dead connection before sdown is declared.
  if (
    link.cc &&
    now - link.ccConnTime > ctx.timing.minLinkReconnectPeriod &&
    link.actPingTime !== 0 &&
    now - link.actPingTime > downAfterMs / 2 &&
    now - link.lastPongTime > downAfterMs / 2
  ) {
    closeConnection(ctx, inst, 'cmd', 'us');
  }
  // The hello channel must carry our own hellos every publish period; if it
  // is silent for three periods the subscription is presumed lost.
  if (
    link.pc &&
    now - link.pcConnTime > ctx.timing.minLinkReconnectPeriod &&
    now - link.pcLastActivity > ctx.timing.publishPeriod * 3
  ) {
    closeConnection(ctx, inst, 'pubsub', 'us');
  }

  const claimsSlaveTooLong =
    inst.kind === 'master' &&
    inst.roleReported === 'slave' &&
    now - inst.roleReportedTime > downAfterMs + ctx.timing.infoPeriod * 2;
  const rebootWindow =
    inst.kind === 'master' &&
    inst.flags.masterReboot &&
    now - inst.masterRebootSinceTime > master.masterRebootDownAfterPeriodMs;

  if (elapsed > downAfterMs || claimsSlaveTooLong || rebootWindow) {
    if (!inst.flags.sDown) {
      ctx.event('warning', '+sdown', inst, inst.kind === 'master' ? null : master);
      inst.sDownSinceTime = now;
      inst.flags.sDown = true;
    }
  } else if (inst.flags.sDown) {
    ctx.event('warning', '-sdown', inst, inst.kind === 'master' ? null : master);
    inst.flags.sDown = false;
    inst.flags.scriptKillSent = false;
  }
}

/**
 * Objective down: enough sentinels (this one included) agree the master is
 * down. Peers' opinions come from is-master-down-by-addr replies and expire
 * on their own (see askMasterStateToOtherSentinels).
 */
export function checkObjectivelyDown(ctx: CoreContext, master: Master): void {
  let quorum = 0;
  let odown = false;
  if (master.flags.sDown) {
    quorum = 1;
    for (const s of master.sentinels.values()) if (s.flags.masterDown) quorum++;
    if (quorum >= master.quorum) odown = true;
  }
  if (odown) {
    if (!master.flags.oDown) {
      ctx.event('warning', '+odown', master, null, `#quorum ${quorum}/${master.quorum}`);
      master.flags.oDown = true;
      master.oDownSinceTime = ctx.now;
    }
  } else if (master.flags.oDown) {
    ctx.event('warning', '-odown', master, null);
    master.flags.oDown = false;
  }
}

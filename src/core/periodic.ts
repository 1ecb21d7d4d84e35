import type { CoreContext } from './context';
import type { Instance } from './instance';
import type { Master } from './master';
import { announcedHost } from './address';
// Credentials: the master's for its replicas too; sentinel-pass (or requirepass) towards peers.
import { FAST_ASK_PERIOD_MS, FAST_INFO_PERIOD_MS, MAX_PENDING_COMMANDS } from './timing';
import { expireMasterDownAnswer, masterDownAskSent, masterDownAsksPending } from './master-down-replies';

/**
 * Connection management and the periodic traffic every instance gets:
 * PING (liveness), INFO (roles and replicas), hello (peer discovery and
 * configuration spreading).
 */

export function reconnectInstance(ctx: CoreContext, inst: Instance, master: Master, myid: string): void {
  const link = inst.link;
  if (!link.disconnected) return;
  if (inst.port === 0) return;
  if (ctx.now - link.lastReconnTime < ctx.timing.pingPeriod) return;
  link.lastReconnTime = ctx.now;
  const shortId = myid.slice(0, 8);
  // Connect to the resolved IP; a name not resolved yet is left to the
  // socket layer. Each new command link also re-resolves the name, so an
  // instance that changed IP is found again (see address.ts).
  const target = inst.ip !== '' ? inst.ip : inst.host;
  if (!link.cc) {
    ctx.requestResolve(inst.host);
    ctx.emit({ type: 'connect', id: link.id, link: 'cmd', host: target, port: inst.port });
    link.cc = true;
    link.pendingCommands = 0;
    link.ccSerial++;
    link.ccConnTime = ctx.now;
    sendAuth(ctx, inst, master, 'cmd');
    ctx.send(inst, master, 'cmd', ['CLIENT', 'SETNAME', `sentinel-${shortId}-cmd`], 'ignore');
    // Ping at once so the link's liveness is known without waiting a period.
    sendPing(ctx, inst, master);
  }
  if (inst.kind !== 'sentinel' && !link.pc) {
    ctx.emit({ type: 'connect', id: link.id, link: 'pubsub', host: target, port: inst.port });
    link.pc = true;
    link.pcConnTime = ctx.now;
    link.pcLastActivity = ctx.now;
    sendAuth(ctx, inst, master, 'pubsub');
    ctx.send(inst, master, 'pubsub', ['CLIENT', 'SETNAME', `sentinel-${shortId}-pubsub`], 'pubsub');
    ctx.send(inst, master, 'pubsub', ['SUBSCRIBE', '__sentinel__:hello'], 'subscribe');
  }
  if (link.cc && (inst.kind === 'sentinel' || link.pc)) link.disconnected = false;
}

function sendAuth(ctx: CoreContext, inst: Instance, master: Master, link: 'cmd' | 'pubsub'): void {
  const peerAuth = ctx.peerAuth;
  let user: string | null;
  let pass: string | null;
  if (inst.kind === 'sentinel') {
    if (peerAuth.sentinelPass !== null) {
      user = peerAuth.sentinelUser;
      pass = peerAuth.sentinelPass;
    } else {
      user = null;
      pass = peerAuth.requirePass;
    }
  } else {
    user = master.authUser;
    pass = master.authPass;
  }
  if (pass === null) return;
  ctx.send(inst, master, link, user !== null ? ['AUTH', user, pass] : ['AUTH', pass], link === 'cmd' ? 'ignore' : 'pubsub');
}

export function sendPing(ctx: CoreContext, inst: Instance, master: Master): boolean {
  if (!ctx.send(inst, master, 'cmd', ['PING'], 'ping')) return false;
  inst.link.lastPingTime = ctx.now;
  if (inst.link.actPingTime === 0) inst.link.actPingTime = ctx.now;
  return true;
}

export function sendInfo(ctx: CoreContext, inst: Instance, master: Master): boolean {
  if (!ctx.send(inst, master, 'cmd', ['INFO'], 'info')) return false;
  inst.infoSentTime = ctx.now;
  return true;
}

/**
 * A replica whose next INFO is what the failover waits for: the promoted one
 * until INFO shows it a master, the others while their reconfiguration is
 * under way. redis-sentinel polls them once a second, which is most of its
 * failover time; roles change within a round trip of our SLAVEOF.
 */
function failoverAwaitsInfo(inst: Instance, master: Master): boolean {
  if (inst.kind !== 'slave' || !master.flags.failoverInProgress) return false;
  if (inst.flags.promoted) return master.failoverState === 'wait_promotion';
  return master.failoverState === 'reconf_slaves' && (inst.flags.reconfSent || inst.flags.reconfInprog);
}

export function sendPeriodicCommands(
  ctx: CoreContext,
  inst: Instance,
  master: Master,
  sendHello: (inst: Instance, master: Master) => void,
): void {
  const link = inst.link;
  if (link.disconnected) return;
  // A link with this many unanswered commands is wedged; piling more on it
  // would only grow its buffers. A shared link carries the traffic of each
  // of its records.
  if (link.pendingCommands >= MAX_PENDING_COMMANDS * link.refcount) return;

  let infoPeriod = ctx.timing.infoPeriod;
  if (inst.kind === 'slave' && (master.flags.oDown || master.flags.failoverInProgress || inst.masterLinkDownTime !== 0)) {
    // During a failover replica roles change quickly; look more often.
    infoPeriod = 1000;
  }
  const pingPeriod = Math.min(master.downAfterMs, ctx.timing.pingPeriod);

  if (inst.kind !== 'sentinel') {
    if (failoverAwaitsInfo(inst, master)) {
      if (ctx.now - inst.infoRefresh > FAST_INFO_PERIOD_MS && ctx.now - inst.infoSentTime >= FAST_INFO_PERIOD_MS) {
        sendInfo(ctx, inst, master);
      }
    } else if (inst.infoRefresh === 0 || ctx.now - inst.infoRefresh > infoPeriod) {
      sendInfo(ctx, inst, master);
    }
  }
  if (ctx.now - link.lastPongTime > pingPeriod && ctx.now - link.lastPingTime > pingPeriod / 2) {
    sendPing(ctx, inst, master);
  }
  if (ctx.now - inst.lastPubTime > ctx.timing.publishPeriod) {
    sendHello(inst, master);
  }
}

/**
 * While the master is sdown, ask every peer whether it agrees, and (once
 * our failover started) for its vote. Answers older than a few ask periods
 * no longer count.
 */
export function askMasterStateToOtherSentinels(ctx: CoreContext, master: Master, forced: boolean): void {
  for (const s of master.sentinels.values()) {
    expireMasterDownAnswer(ctx, s);
    if (!master.flags.sDown) continue;
    if (s.link.disconnected) continue;
    if (!forced && !askDue(ctx, master, s)) continue;
    // A vote is asked for in the current epoch, which is only ours while no
    // newer one began: votes gathered in a newer epoch could not elect us
    // (see getLeader) and would only be kept from the sentinel that started it.
    const runid = master.failoverState !== 'none' && ctx.currentEpoch === master.failoverEpoch ? ctx.myid : '*';
    const sent = ctx.send(
      s,
      master,
      'cmd',
      ['SENTINEL', 'is-master-down-by-addr', announcedHost(master, ctx.announceHostnames), String(master.port), ctx.currentEpoch.toString(), runid],
      'is-master-down',
    );
    if (sent) masterDownAskSent(s);
  }
}

/**
 * Until the quorum agrees, a peer that said "not down" may say "down" a few
 * milliseconds later (each sentinel's down-after clock started on its own
 * link): asking again once a second would make odown wait for the next
 * round. So while our sdown lacks the quorum, a peer is asked again as soon
 * as its last answer is in and FAST_ASK_PERIOD_MS old; once odown, the
 * usual pace keeps the opinions fresh.
 */
function askDue(ctx: CoreContext, master: Master, s: Instance): boolean {
  const sinceReply = ctx.now - s.lastMasterDownReplyTime;
  if (!master.flags.oDown && masterDownAsksPending(s) === 0) return sinceReply >= FAST_ASK_PERIOD_MS;
  return sinceReply >= ctx.timing.askPeriod;
}

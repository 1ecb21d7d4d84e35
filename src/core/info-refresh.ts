import type { CoreContext } from './context';
import type { Instance } from './instance';
import { newInstance, replicaName } from './instance';
import type { Master } from './master';
import { enterFailoverState } from './failover-state';
import { addressMatchesHost, announcedHost } from './address';
import { atoi, strtoull10 } from './c-numbers';
import { detached } from './bytes';
import { InfoText } from './info-text';

/** Fields of an INFO reply the sentinel acts on (the strings detached from the reply: they may be stored). */
export interface ParsedInfo {
  runid: string | null;
  role: 'master' | 'slave' | null;
  replicas: Array<{ host: string; port: number }>;
  masterLinkDownSinceSeconds: number | null;
  masterHost: string | null;
  masterPort: number | null;
  masterLinkUp: boolean | null;
  slavePriority: number | null;
  slaveReplOffset: bigint | null;
  replicaAnnounced: boolean | null;
}

const CR = 0x0d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Reads the lines of `text` in place (every ten seconds for every instance,
 * and for all of them at start): a line the sentinel does not act on, most
 * of the hundred or so, is skipped without a string made for it.
 */
export function parseInfo(text: string): ParsedInfo {
  const out: ParsedInfo = {
    runid: null,
    role: null,
    replicas: [],
    masterLinkDownSinceSeconds: null,
    masterHost: null,
    masterPort: null,
    masterLinkUp: null,
    slavePriority: null,
    slaveReplOffset: null,
    replicaAnnounced: null,
  };
  const length = text.length;
  let pos = 0;
  // Not `<=`: the empty line after a final '\n' holds no field, and reading
  // its first character out of bounds made V8 throw away parseInfo's
  // optimised code at every start (--trace-deopt: "out of bounds") and
  // compile it a second time.
  while (pos < length) {
    let next = text.indexOf('\n', pos);
    if (next < 0) next = length;
    // A line is the text up to '\n', without one '\r' before it.
    const end = next > pos && text.charCodeAt(next - 1) === CR ? next - 1 : next;
    const at = pos;
    pos = next + 1;
    const first = text.charCodeAt(at);
    // Every field below starts with 'm', 'r' or 's'.
    if (first !== 0x6d && first !== 0x72 && first !== 0x73) continue;
    if (end - at >= 47 && text.startsWith('run_id:', at)) out.runid = detached(text.slice(at + 7, at + 47));
    else if (text.startsWith('slave', at) && isDigit(text.charCodeAt(at + 5)) && at + 5 < end) {
      const colon = text.indexOf(':', at);
      if (colon < 0 || colon >= end) continue;
      const replica = replicaLine(text.slice(colon + 1, end));
      if (replica !== null) out.replicas.push(replica);
    } else if (text.startsWith('master_link_down_since_seconds:', at)) {
      out.masterLinkDownSinceSeconds = atoi(text.slice(at + 31, end));
    } else if (end - at === 11 && text.startsWith('role:master', at)) out.role = 'master';
    else if (end - at === 10 && text.startsWith('role:slave', at)) out.role = 'slave';
    else if (text.startsWith('master_host:', at)) out.masterHost = detached(text.slice(at + 12, end));
    else if (text.startsWith('master_port:', at)) out.masterPort = atoi(text.slice(at + 12, end));
    else if (text.startsWith('master_link_status:', at)) out.masterLinkUp = text.slice(at + 19, end).toLowerCase() === 'up';
    else if (text.startsWith('slave_priority:', at)) out.slavePriority = atoi(text.slice(at + 15, end));
    else if (text.startsWith('slave_repl_offset:', at)) out.slaveReplOffset = strtoull10(text.slice(at + 18, end));
    else if (text.startsWith('replica_announced:', at)) out.replicaAnnounced = atoi(text.slice(at + 18, end)) !== 0;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** The address in the body of a slaveN line, or null when it lacks the ip or the port. */
function replicaLine(body: string): { host: string; port: number } | null {
  let host: string | undefined;
  let port: string | undefined;
  if (body.includes('=')) {
    // slaveN:ip=...,port=...,state=...
    for (const kv of body.split(',')) {
      const eq = kv.indexOf('=');
      if (eq < 0) continue;
      const k = kv.slice(0, eq);
      if (k === 'ip') host = kv.slice(eq + 1);
      else if (k === 'port') port = kv.slice(eq + 1);
    }
  } else {
    // the pre-2.8 form slaveN:<ip>,<port>,<state>
    const parts = body.split(',');
    host = parts[0];
    port = parts[1];
  }
  return host !== undefined && port !== undefined ? { host: detached(host), port: atoi(port) } : null;
}

/** Is the master acting as a healthy master, so that it is safe to point replicas at it? */
export function masterLooksSane(m: Master, now: number, infoPeriod: number): boolean {
  return (
    m.roleReported === 'master' &&
    !m.flags.sDown &&
    !m.flags.oDown &&
    now - m.infoRefresh < infoPeriod * 2
  );
}

/** No sdown/odown began in the last `ms` (the since-times are kept after recovery on purpose). */
function noDownFor(inst: Instance, ms: number, now: number): boolean {
  const most = Math.max(inst.sDownSinceTime, inst.oDownSinceTime);
  return most === 0 || now - most > ms;
}

/** Does a host reported by an instance (master_host) denote this instance? */
function denotes(ctx: CoreContext, inst: Instance, host: string): boolean {
  return addressMatchesHost(inst, host, ctx.lookupHost(host), ctx.resolveHostnames);
}

/**
 * Adds the replicas a master's INFO lists that are not known yet. A replica
 * listed by a name (replica-announce-ip) is keyed by its announced form,
 * which needs the name resolved: until the shell answers, it is remembered
 * and retried when the answer arrives, so that it is not keyed twice.
 */
export function discoverReplicas(ctx: CoreContext, master: Master, replicas: ReadonlyArray<{ host: string; port: number }>): void {
  const unresolved: Array<{ host: string; port: number }> = [];
  for (const r of replicas) {
    const ip = ctx.lookupHost(r.host, true);
    if (ip === null) {
      if (ctx.resolveHostnames) unresolved.push(r);
      continue;
    }
    const name = replicaName(announcedHost({ host: r.host, ip }, ctx.announceHostnames), r.port);
    if (master.slaves.has(name)) continue;
    const slave = newInstance(ctx.newInstanceId(), 'slave', name, r.host, r.port, ctx.now);
    slave.ip = ip;
    master.slaves.set(name, slave);
    ctx.indexInstance(slave, master);
    ctx.event('notice', '+slave', slave, master);
    // A replica missing from the file is found again in the master's INFO.
    ctx.flushConfig(false);
  }
  master.unresolvedReplicas = unresolved;
}

/**
 * Everything an INFO reply can change: discovered replicas, roles, replica
 * links, reboots, and the failover transitions that are observed rather than
 * commanded (promotion, replica reconfiguration progress).
 */
export function refreshInstanceInfo(ctx: CoreContext, inst: Instance, master: Master, text: string): void {
  const now = ctx.now;
  const info = parseInfo(text);
  if (inst.info === null) inst.info = new InfoText(text);
  else inst.info.set(text);
  inst.infoRefresh = now;
  // Only present while the replica link is down, so it must reset each time.
  inst.masterLinkDownTime = 0;

  if (info.runid !== null) {
    if (inst.runid === null || inst.runid === '') inst.runid = info.runid;
    else if (inst.runid !== info.runid) {
      ctx.event('notice', '+reboot', inst, master);
      if (inst.kind === 'master' && master.masterRebootDownAfterPeriodMs !== 0) {
        inst.flags.masterReboot = true;
        inst.masterRebootSinceTime = now;
      }
      inst.runid = info.runid;
    }
  }

  if (inst.kind === 'master') discoverReplicas(ctx, master, info.replicas);

  if (info.masterLinkDownSinceSeconds !== null) inst.masterLinkDownTime = info.masterLinkDownSinceSeconds * 1000;
  const role = info.role;
  if (role === 'slave') {
    if (info.masterHost !== null && info.masterHost !== inst.slaveMasterHost) {
      inst.slaveMasterHost = info.masterHost;
      inst.slaveConfChangeTime = now;
    }
    if (info.masterPort !== null && info.masterPort !== inst.slaveMasterPort) {
      inst.slaveMasterPort = info.masterPort;
      inst.slaveConfChangeTime = now;
    }
    if (info.masterLinkUp !== null) inst.slaveMasterLinkUp = info.masterLinkUp;
    if (info.slavePriority !== null) inst.slavePriority = info.slavePriority;
    if (info.slaveReplOffset !== null) inst.slaveReplOffset = info.slaveReplOffset;
    if (info.replicaAnnounced !== null) inst.replicaAnnounced = info.replicaAnnounced;
  }

  if (role !== null && role !== inst.roleReported) {
    inst.roleReportedTime = now;
    inst.roleReported = role;
    if (role === 'slave') inst.slaveConfChangeTime = now;
    const matches = (inst.kind === 'master' && role === 'master') || (inst.kind === 'slave' && role === 'slave');
    ctx.event('verbose', matches ? '+role-change' : '-role-change', inst, master, `new reported role is ${role}`);
  }

  // In TILT the data is collected but nothing is acted upon: the timer was
  // not trustworthy, so neither are the timeouts these rules depend on.
  if (ctx.tilt || role === null) return;

  if (inst.kind === 'slave' && role === 'master') {
    if (inst.flags.promoted && master.flags.failoverInProgress && master.failoverState === 'wait_promotion') {
      // The promotion is confirmed: the master's configuration now belongs
      // to the failover epoch, which is what other sentinels will accept.
      master.configEpoch = master.failoverEpoch;
      enterFailoverState(ctx, master, 'reconf_slaves');
      ctx.flushConfig();
      ctx.event('warning', '+promoted-slave', inst, master);
      if (ctx.simulateFailure.crashAfterPromotion) {
        ctx.emit({ type: 'crash', message: 'Sentinel CRASH because of SENTINEL simulate-failure' });
        return;
      }
      ctx.event('warning', '+failover-state-reconf-slaves', master, master);
      if (master.clientReconfigScript) {
        ctx.emit({
          type: 'client-reconfig-script',
          path: master.clientReconfigScript,
          args: [
            master.name,
            'leader',
            'start',
            announcedHost(master, ctx.announceHostnames),
            String(master.port),
            announcedHost(inst, ctx.announceHostnames),
            String(inst.port),
          ],
        });
      }
      // Peers learn the new configuration from our next hello; send it now.
      forceHelloUpdate(master);
    } else {
      // A replica claims to be a master outside of our failover: turn it
      // back, but only after it has been stable for a while, since it may be
      // a legitimate promotion we have not heard about yet.
      const waitTime = ctx.timing.publishPeriod * 4;
      if (
        !inst.flags.promoted &&
        masterLooksSane(master, now, ctx.timing.infoPeriod) &&
        noDownFor(inst, waitTime, now) &&
        now - inst.roleReportedTime > waitTime
      ) {
        if (sendSlaveOf(ctx, inst, master, master)) {
          ctx.event('notice', '+convert-to-slave', inst, master);
        }
      }
    }
  }

  // A replica replicating from the wrong address is pointed at the master.
  if (
    inst.kind === 'slave' &&
    role === 'slave' &&
    (inst.slaveMasterPort !== master.port || inst.slaveMasterHost === null || !denotes(ctx, master, inst.slaveMasterHost))
  ) {
    const waitTime = master.failoverTimeoutMs;
    if (masterLooksSane(master, now, ctx.timing.infoPeriod) && noDownFor(inst, waitTime, now) && now - inst.slaveConfChangeTime > waitTime) {
      if (sendSlaveOf(ctx, inst, master, master)) {
        ctx.event('notice', '+fix-slave-config', inst, master);
      }
    }
  }

  if (inst.kind === 'slave' && role === 'slave' && (inst.flags.reconfSent || inst.flags.reconfInprog)) {
    const promoted = master.promotedSlave;
    if (
      inst.flags.reconfSent &&
      promoted &&
      inst.slaveMasterHost !== null &&
      denotes(ctx, promoted, inst.slaveMasterHost) &&
      inst.slaveMasterPort === promoted.port
    ) {
      inst.flags.reconfSent = false;
      inst.flags.reconfInprog = true;
      ctx.event('notice', '+slave-reconf-inprog', inst, master);
    }
    if (inst.flags.reconfInprog && inst.slaveMasterLinkUp) {
      inst.flags.reconfInprog = false;
      inst.flags.reconfDone = true;
      ctx.event('notice', '+slave-reconf-done', inst, master);
    }
  }
}

/** Makes the next periodic pass send hellos for this master, its replicas and its peers at once. */
export function forceHelloUpdate(master: Master): void {
  master.lastPubTime = 0;
  for (const s of master.slaves.values()) s.lastPubTime = 0;
  // Peers are told directly too: they may not reach the instances at all.
  for (const s of master.sentinels.values()) s.lastPubTime = 0;
}

/**
 * SLAVEOF wrapped in a transaction with CONFIG REWRITE and client kills, so
 * that the instance persists its new role and its clients reconnect and find
 * out about it. A null target means SLAVEOF NO ONE; a target is sent in its
 * announced form, so replicas follow a hostname when hostnames are announced.
 */
export function sendSlaveOf(
  ctx: CoreContext,
  inst: Instance,
  master: Master,
  to: Instance | null,
): boolean {
  if (inst.link.disconnected) return false;
  const host = to ? announcedHost(to, ctx.announceHostnames) : 'NO';
  const port = to ? String(to.port) : 'ONE';
  ctx.send(inst, master, 'cmd', ['MULTI'], 'ignore');
  ctx.send(inst, master, 'cmd', ['SLAVEOF', host, port], 'ignore');
  ctx.send(inst, master, 'cmd', ['CONFIG', 'REWRITE'], 'ignore');
  ctx.send(inst, master, 'cmd', ['CLIENT', 'KILL', 'TYPE', 'normal'], 'ignore');
  ctx.send(inst, master, 'cmd', ['CLIENT', 'KILL', 'TYPE', 'pubsub'], 'ignore');
  ctx.send(inst, master, 'cmd', ['EXEC'], 'ignore');
  return true;
}

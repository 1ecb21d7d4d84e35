/**
 * GET /metrics. One pass over the masters, their replicas and peers: the
 * cost is O(instances) and nothing waits on I/O, so a scrape can never hold
 * up the monitor loop for long.
 */
import type { Instance, FailoverState } from '../core/instance';
import type { Master } from '../core/master';
import { currentMasterAddress } from '../core/master';
import { announcedHost } from '../core/address';
import { replicaName } from '../core/instance';
import type { OpsSource } from './ops-source';
import { PromText } from './prom-text';
import { EXPORTER_METRICS as X, OWN_METRICS as O } from './metric-names';
import { ckquorumMessage, masterStatus, okInstances } from './master-view';

const FAILOVER_STATES: readonly FailoverState[] = [
  'none',
  'wait_start',
  'select_slave',
  'send_slaveof_noone',
  'wait_promotion',
  'reconf_slaves',
  'update_config',
];

/**
 * The last PING round trip. The link keeps only the last send and the last
 * reply, so a round trip is known when the reply is the newer of the two;
 * in between the previous one is kept here.
 */
const lastRtt = new WeakMap<Instance, number>();

function pingRtt(i: Instance): number | null {
  const l = i.link;
  if (l.lastPingTime > 0 && l.lastPongTime >= l.lastPingTime) lastRtt.set(i, (l.lastPongTime - l.lastPingTime) / 1000);
  return lastRtt.get(i) ?? null;
}

export function renderMetrics(src: OpsSource): string {
  const c = src.core;
  const now = src.now();
  const p = new PromText();
  const scripts = src.pendingScripts();
  const masters = [...c.masters.values()];

  p.gauge(X.masters, 'Number of masters this sentinel is watching', c.masters.size);
  p.gauge(X.tilt, 'Sentinel is in TILT mode', c.tilt ? 1 : 0);
  p.gauge(X.runningScripts, 'Number of scripts in execution right now', scripts.running);
  p.gauge(X.scriptsQueueLength, 'Queue of user scripts to execute', scripts.queued);
  const sim = (c.simulateFailure.crashAfterElection ? 1 : 0) | (c.simulateFailure.crashAfterPromotion ? 2 : 0);
  p.gauge(X.simulateFailureFlags, 'Failures simulations', sim);

  const addrOf = new Map<Master, string>();
  for (const m of masters) {
    const a = currentMasterAddress(m, c.announceHostnames);
    addrOf.set(m, `${a.host}:${a.port}`);
  }
  const ml = (m: Master): Record<string, string> => ({ master_name: m.name, master_address: addrOf.get(m) ?? '' });

  p.family(X.masterStatus, 'gauge', 'Master status on Sentinel (1 ok, 0 sdown or odown)');
  for (const m of masters) {
    const st = masterStatus(m);
    p.sample(X.masterStatus, st === 'ok' ? 1 : 0, { ...ml(m), master_status: st });
  }
  const perMaster = (name: string, help: string, f: (m: Master) => number): void => {
    p.family(name, 'gauge', help);
    for (const m of masters) p.sample(name, f(m), ml(m));
  };
  perMaster(X.masterSlaves, 'Number of slaves of the master', (m) => m.slaves.size);
  perMaster(X.masterOkSlaves, 'The number of okay slaves of the master', (m) => okInstances(m.slaves.values()));
  // Like INFO's sentinels=, this sentinel counts itself.
  perMaster(X.masterSentinels, 'The number of sentinels monitoring this master', (m) => m.sentinels.size + 1);
  perMaster(X.masterOkSentinels, 'The number of okay sentinels monitoring this master', (m) => okInstances(m.sentinels.values()) + 1);
  perMaster(X.masterConfigEpoch, 'Master config epoch', (m) => Number(m.configEpoch));
  p.family(X.masterCkquorumStatus, 'gauge', 'Master ckquorum status');
  for (const m of masters) {
    const q = ckquorumMessage(m);
    p.sample(X.masterCkquorumStatus, q.ok ? 1 : 0, { master_name: m.name, message: q.message });
  }

  p.gauge(O.currentEpoch, 'Current epoch of this sentinel', Number(c.currentEpoch));
  perMaster(O.masterOdown, 'The master is objectively down', (m) => (m.flags.oDown ? 1 : 0));
  perMaster(O.masterFailoverInProgress, 'A failover of this master is in progress', (m) => (m.flags.failoverInProgress ? 1 : 0));
  p.family(O.masterFailoverState, 'gauge', 'Failover state of the master (1 for the current state)');
  for (const m of masters) for (const s of FAILOVER_STATES) p.sample(O.masterFailoverState, m.failoverState === s ? 1 : 0, { master_name: m.name, state: s });

  renderInstances(p, masters, c.announceHostnames, now);
  renderCounters(p, src);
  return p.text();
}

function renderInstances(p: PromText, masters: readonly Master[], announceHostnames: boolean, now: number): void {
  const rows: Array<{ i: Instance; l: Record<string, string> }> = [];
  for (const m of masters) {
    rows.push({ i: m, l: { master_name: m.name, role: 'master', instance: replicaName(announcedHost(m, announceHostnames), m.port) } });
    for (const s of m.slaves.values()) rows.push({ i: s, l: { master_name: m.name, role: 'slave', instance: s.name } });
    for (const s of m.sentinels.values()) {
      rows.push({ i: s, l: { master_name: m.name, role: 'sentinel', instance: replicaName(s.ip || s.host, s.port), runid: s.runid ?? s.name } });
    }
  }
  p.family(O.instanceLinkUp, 'gauge', 'The command link to the instance is connected');
  for (const r of rows) p.sample(O.instanceLinkUp, r.i.link.disconnected ? 0 : 1, r.l);
  p.family(O.instanceSdown, 'gauge', 'The instance is subjectively down');
  for (const r of rows) p.sample(O.instanceSdown, r.i.flags.sDown ? 1 : 0, r.l);
  p.family(O.instancePingRtt, 'gauge', 'Round trip of the last answered PING');
  for (const r of rows) {
    const rtt = pingRtt(r.i);
    if (rtt !== null) p.sample(O.instancePingRtt, rtt, r.l);
  }
  p.family(O.instanceLastOkPingAge, 'gauge', 'Seconds since the last valid PING reply');
  for (const r of rows) if (r.i.link.lastAvailTime > 0) p.sample(O.instanceLastOkPingAge, (now - r.i.link.lastAvailTime) / 1000, r.l);
}

function renderCounters(p: PromText, src: OpsSource): void {
  const k = src.counters;
  const h = k.failoverDurations;
  p.family(O.failoverDuration, 'histogram', 'Failover durations seen by this sentinel, from +odown or +try-failover to +switch-master');
  for (const [i, le] of h.bounds.entries()) p.sample(`${O.failoverDuration}_bucket`, h.counts[i] ?? 0, { le: String(le) });
  p.sample(`${O.failoverDuration}_bucket`, h.count, { le: '+Inf' });
  p.sample(`${O.failoverDuration}_sum`, h.sum);
  p.sample(`${O.failoverDuration}_count`, h.count);
  p.family(O.events, 'counter', 'Sentinel events emitted, by type');
  for (const [type, n] of k.eventsByType) p.sample(O.events, n, { type });
  p.family(O.votesGiven, 'counter', 'Leader votes this sentinel gave (+vote-for-leader)');
  p.sample(O.votesGiven, k.votesGiven);
  const s = src.serverStats();
  if (s !== null) {
    p.gauge(O.clientsConnected, 'Clients connected to the sentinel port', s.clients);
    p.family(O.connectionsReceived, 'counter', 'Client connections accepted');
    p.sample(O.connectionsReceived, s.stats.connectionsReceived);
    p.family(O.commandsProcessed, 'counter', 'Client commands processed');
    p.sample(O.commandsProcessed, s.stats.commandsProcessed);
  }
  const now = src.now();
  p.gauge(O.eventLoopLag, 'Event-loop lag (how late a 100 ms timer fires)', src.lag.currentMs(now) / 1000);
  p.gauge(O.eventLoopLagMax, 'Worst event-loop lag since start', src.lag.maxMs / 1000);
}

import type { Instance } from '../instance';
import { flagsString } from '../instance';
import type { Master } from '../master';
import { announcedHost } from '../address';
import type { CoreReply } from './reply';
import { bulkMap } from './reply';
import type { MasterOption } from '../master-options';
import { MASTER_OPTIONS } from '../master-options';

type Fields = Array<[string, string | number | bigint]>;

/** An option's field, named after it; a text option only when set. */
function pushOption(f: Fields, o: MasterOption, m: Master): void {
  if (o.kind === 'number') f.push([o.name, m[o.field]]);
  else if (o.kind === 'text') {
    const v = m[o.field];
    if (v !== null && v !== '') f.push([o.name, v]);
  }
}

/**
 * The field maps of SENTINEL MASTER/REPLICAS/SENTINELS. Field names, order
 * and the "numbers as bulk strings" rule follow redis-sentinel 7.0.15, since
 * client libraries parse these replies by position as often as by name.
 */
export function instanceMap(inst: Instance, master: Master, now: number, linkRefcount: number, announceHostnames: boolean): CoreReply {
  const l = inst.link;
  const f: Fields = [
    ['name', inst.name],
    ['ip', announcedHost(inst, announceHostnames)],
    ['port', inst.port],
    ['runid', inst.runid ?? ''],
    ['flags', flagsString(inst)],
    ['link-pending-commands', l.pendingCommands],
    ['link-refcount', linkRefcount],
  ];
  if (inst.flags.failoverInProgress && inst.kind === 'master') f.push(['failover-state', (inst as Master).failoverState]);
  f.push(['last-ping-sent', l.actPingTime ? now - l.actPingTime : 0]);
  f.push(['last-ok-ping-reply', now - l.lastAvailTime]);
  f.push(['last-ping-reply', now - l.lastPongTime]);
  if (inst.flags.sDown) f.push(['s-down-time', now - inst.sDownSinceTime]);
  if (inst.flags.oDown) f.push(['o-down-time', now - inst.oDownSinceTime]);
  for (const o of MASTER_OPTIONS) if (o.reply === 'every-instance') pushOption(f, o, master);
  if (inst.kind === 'master' || inst.kind === 'slave') {
    f.push(['info-refresh', inst.infoRefresh ? now - inst.infoRefresh : 0]);
    f.push(['role-reported', inst.roleReported === 'master' ? 'master' : 'slave']);
    f.push(['role-reported-time', now - inst.roleReportedTime]);
  }
  if (inst.kind === 'master') {
    const m = inst as Master;
    f.push(['config-epoch', m.configEpoch]);
    f.push(['num-slaves', m.slaves.size]);
    f.push(['num-other-sentinels', m.sentinels.size]);
    for (const o of MASTER_OPTIONS) if (o.reply === 'master') pushOption(f, o, m);
  }
  if (inst.kind === 'slave') {
    f.push(['master-link-down-time', inst.masterLinkDownTime]);
    f.push(['master-link-status', inst.slaveMasterLinkUp ? 'ok' : 'err']);
    f.push(['master-host', inst.slaveMasterHost ?? '?']);
    f.push(['master-port', inst.slaveMasterPort]);
    f.push(['slave-priority', inst.slavePriority]);
    f.push(['slave-repl-offset', inst.slaveReplOffset]);
    f.push(['replica-announced', inst.replicaAnnounced ? 1 : 0]);
  }
  if (inst.kind === 'sentinel') {
    f.push(['last-hello-message', now - inst.lastHelloTime]);
    f.push(['voted-leader', inst.leader ?? '?']);
    f.push(['voted-leader-epoch', inst.leaderEpoch]);
  }
  return bulkMap(f);
}

import type { Instance } from './instance';
import type { Master } from './master';
import type { GlobalSettings, MasterSpec, PersistentState } from './persistent-state';
import { copyGlobalSettings, defaultGlobalSettings } from './persistent-state';
import { announcedHost } from './address';
import { settingsOf } from './master-options';

/** The sentinel state the config file carries, as the rewrite needs it. */
export interface SnapshotSource extends Readonly<GlobalSettings> {
  readonly masters: Map<string, Master>;
  readonly myid: string;
  readonly currentEpoch: bigint;
}

export function snapshotState(core: SnapshotSource): PersistentState {
  const masters: MasterSpec[] = [];
  for (const m of core.masters.values()) {
    const addr =
      m.flags.failoverInProgress && m.promotedSlave && (m.failoverState === 'reconf_slaves' || m.failoverState === 'update_config')
        ? m.promotedSlave
        : null;
    // The file gets the announced form: names only with announce-hostnames.
    const ann = (i: Instance): string => announcedHost(i, core.announceHostnames);
    const knownReplicas = [...m.slaves.values()].map((s) => {
      // While the promoted replica is written as the master, the old master
      // takes its place among the replicas, so nothing is lost on a crash.
      if (addr !== null && s === addr) return { host: ann(m), port: m.port };
      return { host: ann(s), port: s.port };
    });
    masters.push({
      name: m.name,
      host: addr ? ann(addr) : ann(m),
      port: addr ? addr.port : m.port,
      ...settingsOf(m),
      renamedCommands: [...m.renamedCommands.values()].map((r): [string, string] => [r.from, r.to]),
      configEpoch: m.configEpoch,
      leaderEpoch: m.leaderEpoch,
      knownReplicas,
      knownSentinels: [...m.sentinels.values()]
        .filter((s) => s.runid !== null && s.runid !== '')
        .map((s) => ({ host: ann(s), port: s.port, runid: s.runid as string })),
    });
  }
  const st: PersistentState = { ...defaultGlobalSettings(), myid: core.myid, currentEpoch: core.currentEpoch, masters };
  copyGlobalSettings(st, core);
  return st;
}

import { linkRefcount } from '../link';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { NO_SUCH_MASTER, array } from './reply';
import { instanceMap } from './instance-map';

/** SENTINEL MASTERS: every monitored master's field map. */
export function masters(core: CommandCore): CommandOutcome {
  return answer(array([...core.masters.values()].map((m) => instanceMap(m, m, core.now, linkRefcount(m), core.announceHostnames))));
}

/** SENTINEL MASTER <name> */
export function master(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  return answer(instanceMap(m, m, core.now, linkRefcount(m), core.announceHostnames));
}

/** SENTINEL REPLICAS|SLAVES <name>: replicas that announce themselves (replica-announced no hides one). */
export function replicas(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  const shown = [...m.slaves.values()].filter((s) => s.replicaAnnounced);
  return answer(array(shown.map((s) => instanceMap(s, m, core.now, linkRefcount(s), core.announceHostnames))));
}

/** SENTINEL SENTINELS <name> */
export function sentinels(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  const rows = [...m.sentinels.values()].map((s) => instanceMap(s, m, core.now, linkRefcount(s), core.announceHostnames));
  return answer(array(rows));
}

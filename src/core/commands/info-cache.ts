import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import type { CoreReply } from './reply';
import { array, bulk, int, nullBulk } from './reply';

/** SENTINEL INFO-CACHE <name> ...: each named master's last INFO and its replicas', with their age. */
export function infoCache(core: CommandCore, args: readonly string[]): CommandOutcome {
  const seen = new Set<string>();
  const items: CoreReply[] = [];
  for (const name of args.slice(2)) {
    if (seen.has(name)) continue;
    const m = core.masters.get(name);
    if (!m) continue;
    seen.add(name);
    const rows = [m, ...m.slaves.values()].map((inst) =>
      array([int(inst.infoRefresh ? core.now - inst.infoRefresh : 0), inst.info !== null ? bulk(inst.info.text()) : nullBulk]),
    );
    items.push(bulk(name), array(rows));
  }
  return answer(array(items));
}

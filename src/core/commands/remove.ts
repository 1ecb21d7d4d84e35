import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer, saved } from './outcome';
import { NO_SUCH_MASTER, SAVE_FAILED, ok } from './reply';

/** SENTINEL REMOVE <name> */
export function remove(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  core.event('warning', '-monitor', m, m);
  core.dropMaster(m);
  return saved(ok, SAVE_FAILED);
}

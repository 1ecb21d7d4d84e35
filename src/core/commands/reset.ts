import { globMatch } from '../glob';
import { resetMaster } from '../reset';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { int } from './reply';

/**
 * SENTINEL RESET <pattern>: the number of masters reset. Nothing is saved:
 * what was forgotten (replicas, peers) is found again and flushed as found.
 */
export function reset(core: CommandCore, args: readonly string[]): CommandOutcome {
  const pattern = args[2] ?? '';
  let n = 0;
  for (const m of core.masters.values()) {
    if (!globMatch(pattern, m.name, false)) continue;
    resetMaster(core, m, { sentinels: true, event: true }, (i) => core.closeLinks(i));
    n++;
  }
  return answer(int(n));
}

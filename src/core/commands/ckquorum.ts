import { ckquorumText } from '../ckquorum';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { NO_SUCH_MASTER, status } from './reply';

/** SENTINEL CKQUORUM <name> */
export function ckquorum(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  const q = ckquorumText(m);
  // The text carries its own code (NOQUORUM) when it is an error.
  return answer(q.ok ? status(q.text) : { t: 'error', s: q.text });
}

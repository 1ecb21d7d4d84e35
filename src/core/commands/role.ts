import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { array, bulk } from './reply';

/** ROLE in sentinel mode lists the monitored masters. */
export function role(core: CommandCore): CommandOutcome {
  return answer(array([bulk('sentinel'), array([...core.masters.keys()].map((n) => bulk(n)))]));
}

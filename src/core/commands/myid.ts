import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { bulk } from './reply';

/** SENTINEL MYID */
export function myid(core: CommandCore): CommandOutcome {
  return answer(bulk(core.myid));
}

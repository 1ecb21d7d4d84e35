import { currentMasterAddress } from '../master';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { array, bulk, nullArray } from './reply';

/** SENTINEL GET-MASTER-ADDR-BY-NAME: the address clients should use (the promoted replica's once promoted). */
export function getMasterAddrByName(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(nullArray);
  const addr = currentMasterAddress(m, core.announceHostnames);
  return answer(array([bulk(addr.host), bulk(String(addr.port))]));
}

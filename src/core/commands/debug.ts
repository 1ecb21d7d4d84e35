import { asciiLower } from '../bytes';
import { string2ll } from '../string2ll';
import { TIMING_NAMES } from '../timing';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { bulkMap, errorReply, ok } from './reply';

/**
 * SENTINEL DEBUG [<param> <value> ...]: the timing parameters, listed or set
 * left to right (the first bad pair stops the rest). Not persisted.
 */
export function debug(core: CommandCore, args: readonly string[]): CommandOutcome {
  if (args.length === 2) return answer(bulkMap(TIMING_NAMES.map(([k, f]) => [k, core.timing[f]])));
  for (let i = 2; i < args.length; i += 2) {
    const param = args[i] ?? '';
    const value = args[i + 1];
    const entry = TIMING_NAMES.find(([k]) => asciiLower(k) === asciiLower(param));
    if (value === undefined || !entry) return answer(errorReply(`Unknown option or number of arguments for SENTINEL DEBUG '${param}'`));
    const v = string2ll(value);
    if (v === null || v <= 0n) return answer(errorReply(`Invalid argument '${value}' for SENTINEL DEBUG '${param}'`));
    // Milliseconds (long long in Redis); beyond 2^53 the nearest double is kept.
    core.timing[entry[1]] = Number(v);
  }
  return answer(ok);
}

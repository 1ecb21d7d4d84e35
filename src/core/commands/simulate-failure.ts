import { asciiLower } from '../bytes';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { array, bulk, errorReply, ok } from './reply';

/**
 * SENTINEL SIMULATE-FAILURE <flag> ...: the flags are reset first, then set
 * left to right (an unknown one stops there, with the earlier ones set).
 */
export function simulateFailure(core: CommandCore, args: readonly string[]): CommandOutcome {
  const sf = core.simulateFailure;
  sf.crashAfterElection = false;
  sf.crashAfterPromotion = false;
  for (const a of args.slice(2)) {
    const l = asciiLower(a);
    if (l === 'crash-after-election') {
      sf.crashAfterElection = true;
      core.log('warning', 'Failure simulation: this Sentinel will crash after being successfully elected as failover leader');
    } else if (l === 'crash-after-promotion') {
      sf.crashAfterPromotion = true;
      core.log('warning', 'Failure simulation: this Sentinel will crash after promoting the selected replica to master');
    } else if (l === 'help') {
      return answer(array([bulk('crash-after-election'), bulk('crash-after-promotion')]));
    } else return answer(errorReply('Unknown failure simulation specified'));
  }
  return answer(ok);
}

/** The flags as INFO shows them. */
export function simulateFailureFlags(core: CommandCore): number {
  return (core.simulateFailure.crashAfterElection ? 1 : 0) | (core.simulateFailure.crashAfterPromotion ? 2 : 0);
}

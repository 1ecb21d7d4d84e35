import { startFailover } from '../failover';
import { promotionCandidates } from '../select-slave';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer } from './outcome';
import { NO_SUCH_MASTER, errorReply, ok } from './reply';

/** SENTINEL FAILOVER <name>: a failover without agreement, as if the quorum had been reached and this sentinel elected. */
export function failover(core: CommandCore, args: readonly string[]): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  if (m.flags.failoverInProgress) return answer(errorReply('Failover already in progress', 'INPROG'));
  if (promotionCandidates(m, core.now, core.timing).length === 0) {
    return answer(errorReply('No suitable replica to promote', 'NOGOODSLAVE'));
  }
  core.log('warning', `Executing user requested FAILOVER of '${m.name}'`);
  // The new epoch it takes is flushed by the failover itself.
  startFailover(core, m);
  m.flags.forceFailover = true;
  return answer(ok);
}

import type { CommandCore } from './host';
import type { CommandFacts, CommandOutcome } from './outcome';
import { answer } from './outcome';
import type { CoreReply } from './reply';
import { array, bulk } from './reply';

/** SENTINEL PENDING-SCRIPTS: the script queue (a fact: the shell runs the scripts). */
export function pendingScripts(core: CommandCore, _args: readonly string[], facts: CommandFacts): CommandOutcome {
  const jobs = facts.scripts?.jobs ?? [];
  return answer(
    array(
      jobs.map((j): CoreReply => ({
        t: 'map',
        entries: [
          [bulk('argv'), array(j.argv.map((a) => bulk(a)))],
          [bulk('flags'), bulk(j.running ? 'running' : 'scheduled')],
          [bulk('pid'), bulk(String(j.pid))],
          j.running
            ? [bulk('run-time'), bulk(String(core.now - j.startTime))]
            : [bulk('run-delay'), bulk(String(Math.max(0, j.notBefore - core.now)))],
          [bulk('retry-num'), bulk(String(j.retryNum))],
        ],
      })),
    ),
  );
}

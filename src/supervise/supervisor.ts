/**
 * Carries out a SupervisionPlan: the process side of `supervised` (signals,
 * the notify socket). The daemon only calls ready() and stopping().
 */
import type { LogLevel } from '../core/output';
import type { SupervisionPlan } from './supervision';
import { forgetNotifySocket, openNotifier } from './systemd-notify';
import type { Notifier } from './systemd-notify';

export interface Supervisor {
  /** true when supervised (then `daemonize yes` is ignored, as in redis) */
  readonly active: boolean;
  readonly mode: 'upstart' | 'systemd' | 'no';
  ready(): void;
  stopping(): void;
}

type Log = (level: LogLevel, msg: string) => void;

export function startSupervision(plan: SupervisionPlan, env: NodeJS.ProcessEnv, log: Log): Supervisor {
  for (const l of plan.logs) log(l.level, l.message);
  if (plan.kind === 'upstart') {
    // Upstart's "expect stop": the job is ready once we stop ourselves; it
    // sends SIGCONT. The variable is removed so our children do not stop too.
    process.kill(process.pid, 'SIGSTOP');
    delete env.UPSTART_JOB;
    forgetNotifySocket(env);
    return { active: true, mode: 'upstart', ready: () => undefined, stopping: () => undefined };
  }
  if (plan.kind === 'systemd') {
    const n = openNotifier(env);
    if (!n.ok) {
      log('warning', n.error);
      return inactive();
    }
    const notifier: Notifier = n.value;
    const send = (m: string): boolean => {
      const e = notifier.send(m);
      if (e !== null) log('warning', e);
      return e === null;
    };
    if (!send('STATUS=Redis is loading...\n')) return inactive();
    log('notice', 'Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec and TimeoutStopSec in your service unit.');
    return {
      active: true,
      mode: 'systemd',
      ready: () => {
        send('STATUS=Ready to accept connections\n');
        send('READY=1\n');
      },
      stopping: () => void send('STOPPING=1\n'),
    };
  }
  forgetNotifySocket(env);
  return inactive();
}

function inactive(): Supervisor {
  return { active: false, mode: 'no', ready: () => undefined, stopping: () => undefined };
}

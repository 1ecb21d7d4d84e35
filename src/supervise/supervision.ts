/**
 * `supervised upstart|systemd|auto|no`: which supervisor to talk to, decided
 * from the directive and the environment only, so it is a pure function the
 * start-up code (and unit tests) can call before anything is opened.
 */
import type { LogLevel } from '../core/output';

export type SupervisedMode = 'upstart' | 'systemd' | 'auto' | 'no';

export type SupervisionPlan =
  | { kind: 'none'; logs: { level: LogLevel; message: string }[] }
  | { kind: 'upstart'; logs: { level: LogLevel; message: string }[] }
  | { kind: 'systemd'; logs: { level: LogLevel; message: string }[] };

export function planSupervision(mode: string, env: NodeJS.ProcessEnv): SupervisionPlan {
  const logs: { level: LogLevel; message: string }[] = [];
  let m = mode;
  // Like redis: auto prefers upstart, and falls back to no supervision.
  if (m === 'auto') {
    if (env.UPSTART_JOB !== undefined) {
      logs.push({ level: 'verbose', message: 'Upstart supervision detected.' });
      m = 'upstart';
    } else if (env.NOTIFY_SOCKET !== undefined) {
      logs.push({ level: 'verbose', message: 'Systemd supervision detected.' });
      m = 'systemd';
    }
  }
  if (m === 'upstart') {
    if (env.UPSTART_JOB === undefined) {
      logs.push({ level: 'warning', message: 'upstart supervision requested, but UPSTART_JOB not found!' });
      return { kind: 'none', logs };
    }
    logs.push({ level: 'notice', message: 'supervised by upstart, will stop to signal readiness.' });
    return { kind: 'upstart', logs };
  }
  if (m === 'systemd') {
    if (env.NOTIFY_SOCKET === undefined || env.NOTIFY_SOCKET === '') {
      logs.push({ level: 'warning', message: 'systemd supervision error: NOTIFY_SOCKET not found!' });
      return { kind: 'none', logs };
    }
    return { kind: 'systemd', logs };
  }
  return { kind: 'none', logs };
}

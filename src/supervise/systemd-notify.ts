/**
 * sd_notify(3) messages to systemd, written on a datagram socket.
 *
 * Why an inherited descriptor: Node 20 has no AF_UNIX datagram sockets
 * (dgram is UDP only, net is stream only), and a helper process such as
 * systemd-notify sends from its own PID, which systemd's default
 * NotifyAccess=main drops. Without a native addon the only way to send from
 * our PID is a socket opened before node started in this same process:
 * bin/redis-sentinel-ts execs bin/notify-socket.pl, which connects the socket
 * named by $NOTIFY_SOCKET and execs node with it open
 * (REDIS_SENTINEL_TS_NOTIFY_FD). write(2) on a connected datagram socket
 * sends one datagram, and the kernel stamps it with the writer's PID.
 */
import * as fs from 'node:fs';
import type { Result } from '../config/result';
import { err, ok } from '../config/result';

export const NOTIFY_FD_ENV = 'REDIS_SENTINEL_TS_NOTIFY_FD';
/** set by the launcher when it could not connect the socket */
export const NOTIFY_ERROR_ENV = 'REDIS_SENTINEL_TS_NOTIFY_ERROR';

/** Our children (scripts, the daemonized copy) must not take the launcher's socket for theirs. */
export function forgetNotifySocket(env: NodeJS.ProcessEnv): void {
  delete env[NOTIFY_FD_ENV];
  delete env[NOTIFY_ERROR_ENV];
}

export interface Notifier {
  /** one datagram, e.g. "READY=1\n"; an error text when it could not be sent */
  send(message: string): string | null;
}

export function openNotifier(env: NodeJS.ProcessEnv): Result<Notifier, string> {
  const raw = env[NOTIFY_FD_ENV];
  const launcherError = env[NOTIFY_ERROR_ENV];
  forgetNotifySocket(env);
  const fd = raw !== undefined && /^[0-9]+$/.test(raw) ? Number(raw) : -1;
  if (fd < 0 && launcherError !== undefined) return err(`systemd supervision error: sd_notify: ${launcherError}`);
  if (fd < 0) {
    return err(
      'systemd supervision error: NOTIFY_SOCKET is set but no notify socket was inherited (start bin/redis-sentinel-ts directly, not with node, and have perl installed)',
    );
  }
  try {
    if (!fs.fstatSync(fd).isSocket()) return err(`systemd supervision error: descriptor ${fd} is not a socket`);
  } catch (e) {
    return err(`systemd supervision error: descriptor ${fd}: ${(e as Error).message}`);
  }
  return ok({
    send(message: string): string | null {
      try {
        fs.writeSync(fd, message);
        return null;
      } catch (e) {
        // Redis prints sd_notify's return value: the negative errno.
        const errno = (e as NodeJS.ErrnoException).errno;
        return `systemd supervision error: sd_notify: ${errno ?? (e as Error).message}`;
      }
    },
  });
}

/**
 * `syslog-enabled`: every log line that passes `loglevel` also goes to the
 * local syslog socket, as Redis's syslog(3) call sends it.
 *
 * Why logger(1): syslog(3) writes `<PRI>Mmm dd hh:mm:ss ident[pid]: message`
 * to /dev/log, an AF_UNIX SOCK_DGRAM socket on every usual system (journald,
 * rsyslog). Node can neither create nor connect AF_UNIX datagram sockets, and
 * native modules are ruled out. A stream connection is no way out: glibc only
 * falls back to SOCK_STREAM when the socket is one, and journald's and
 * rsyslog's /dev/log are not. util-linux's logger, kept running with our
 * lines on its stdin, writes exactly syslog(3)'s local format (its default
 * for a unix socket: RFC 3164 timestamp, no hostname, `tag[pid]: `), tries
 * datagram then stream like glibc, and takes the priority per line from a
 * `<PRI>` prefix (--prio-prefix). One long-lived process, not one per line:
 * logging must stay cheap. If logger is missing or the socket is absent,
 * lines are dropped silently, as syslog(3) drops them without LOG_CONS.
 */
import type { ChildProcess } from 'node:child_process';
import type * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import type { LogLevel } from '../core/output';
import { toBytes } from '../core/bytes';

/** Tests point this at their own socket; syslog(3) has no such knob, it always uses /dev/log. */
export const SYSLOG_SOCKET_ENV = 'REDIS_SENTINEL_TS_SYSLOG_SOCKET';

/**
 * A datagram socket already connected to the syslog socket, handed over by
 * bin/debian-launcher.pl: under Debian's hardened unit logger(1) may not be
 * executed, so the launcher connects the socket and the daemon writes the
 * datagrams itself, in syslog(3)'s local format.
 */
export const SYSLOG_FD_ENV = 'REDIS_SENTINEL_TS_SYSLOG_FD';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** syslog(3)'s RFC 3164 timestamp, local time: `Mmm dd hh:mm:ss`, the day padded with a space. */
export function syslogTimestamp(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function fdSyslog(fd: number, o: SyslogOptions): SyslogWriter {
  const pid = o.pid === undefined ? process.pid : o.pid;
  const tag = pid === null ? o.ident : `${o.ident}[${pid}]`;
  let alive = true;
  return {
    write: (level, msg) => {
      if (!alive) return;
      try {
        fs.writeSync(fd, toBytes(`<${syslogPriority(o.facility, level)}>${syslogTimestamp(new Date())} ${tag}: ${msg}`));
      } catch {
        // syslog(3) without LOG_CONS drops what it cannot send. It would
        // reconnect later; the daemon cannot open a new socket, so a syslog
        // daemon restarted under it ends syslog output until our restart.
        alive = false;
      }
    },
    // The launcher's socket serves every opening (before and after openlog).
    close: () => undefined,
  };
}

const FACILITY: Record<string, number> = {
  user: 1,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** Redis's loglevel → syslog severity (debug, info, notice, warning). */
const SEVERITY: Record<LogLevel, number> = { debug: 7, verbose: 6, notice: 5, warning: 4 };

export interface SyslogWriter {
  write(level: LogLevel, msg: string): void;
  /** no more lines: logger exits once it has sent what it has */
  close(): void;
}

const NO_SYSLOG: SyslogWriter = { write: () => undefined, close: () => undefined };

/**
 * What Redis sends before it calls openlog(), i.e. the first start-up lines:
 * syslog(3)'s defaults, facility user, the program name as ident, no pid.
 */
export function preOpenSyslog(): SyslogWriter {
  return openSyslog({ ident: 'redis-sentinel', facility: 'user', pid: null });
}

/** The `<PRI>` value syslog(3) computes: facility * 8 + severity. */
export function syslogPriority(facility: string, level: LogLevel): number {
  return (FACILITY[facility] ?? 16) * 8 + SEVERITY[level];
}

export interface SyslogOptions {
  ident: string;
  facility: string;
  /** null: no `[pid]`, as syslog(3) before openlog(LOG_PID) */
  pid?: number | null;
  socketPath?: string;
  /** logger(1) to run (tests) */
  loggerBin?: string;
}

export function openSyslog(o: SyslogOptions): SyslogWriter {
  const fd = Number(process.env[SYSLOG_FD_ENV] ?? '');
  if (o.loggerBin === undefined && Number.isInteger(fd) && fd > 2) return fdSyslog(fd, o);
  const socketPath = o.socketPath ?? process.env[SYSLOG_SOCKET_ENV] ?? '/dev/log';
  let child: ChildProcess | null = null;
  try {
    // logger must outlive the signal that stops us (systemd signals the whole
    // cgroup, a terminal the whole process group), or the shutdown lines are
    // lost: an ignored signal stays ignored across exec, and logger ends by
    // itself at EOF, when we exit.
    const pid = o.pid === undefined ? process.pid : o.pid;
    const args = ['--prio-prefix', '--size', '65536', '-t', o.ident, ...(pid === null ? [] : [`--id=${pid}`]), '-u', socketPath];
    // node:child_process is required only when syslog needs logger(1), not at every start.
    child = (require('node:child_process') as typeof childProcess).spawn('/bin/sh', ['-c', 'trap "" TERM INT HUP; exec "$0" "$@"', o.loggerBin ?? 'logger', ...args], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    child = null;
  }
  const proc = child;
  if (proc === null) return NO_SYSLOG;
  let alive = true;
  proc.on('error', () => {
    alive = false;
  });
  proc.on('exit', () => {
    alive = false;
  });
  proc.stdin?.on('error', () => {
    alive = false;
  });
  // The sentinel must be able to exit while logger still runs.
  proc.unref();
  const stdin = proc.stdin;
  if (stdin === null) return NO_SYSLOG;
  (stdin as { unref?: () => void }).unref?.();
  return {
    write: (level, msg) => {
      if (!alive) return;
      // logger reads lines: a newline inside a message would start a new, unprefixed entry.
      const line = `<${syslogPriority(o.facility, level)}>${msg.replace(/\n/g, ' ')}\n`;
      stdin.write(toBytes(line));
    },
    close: () => {
      alive = false;
      stdin.end();
    },
  };
}

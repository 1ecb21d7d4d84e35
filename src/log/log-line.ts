/**
 * Redis's log line format. Operators' tooling (grep, log shippers, the
 * sentinel tests of client libraries) parses these lines, so every field is
 * reproduced: pid, role character, local time with milliseconds, level mark.
 */
import { clipToLogMax } from '../core/log-max-len';
import type { LogLevel, Verbosity } from '../core/output';

/** `nothing` ranks above every message level, so that no line passes it. */
export const LEVEL_RANK: Record<Verbosity, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
export const LEVEL_CHAR: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `24 Nov 2026 21:57:24.668` in local time (strftime "%d %b %Y %H:%M:%S." plus milliseconds). */
export function formatLogTime(ms: number): string {
  const d = new Date(ms);
  const date = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `<pid>:X <time> <c> <message>\n`; X is the role character Redis uses for sentinels. */
export function formatLogLine(pid: number, ms: number, level: LogLevel, msg: string): string {
  return `${pid}:X ${formatLogTime(ms)} ${LEVEL_CHAR[level]} ${clipToLogMax(msg)}\n`;
}

/** The form used from signal handlers, where Redis avoids its formatting code: unix seconds, no level. */
export function formatSignalLine(pid: number, ms: number, msg: string): string {
  return `${pid}:signal-handler (${Math.floor(ms / 1000)}) ${msg}\n`;
}

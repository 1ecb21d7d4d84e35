/**
 * Footprint of a running process from /proc (Linux): resident memory, open
 * file descriptors and CPU time used so far.
 */
import * as fs from 'node:fs';

/** VmRSS of `pid`, MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

/** Open file descriptors of `pid` (entries of /proc/PID/fd). */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

// Clock ticks per second of /proc/PID/stat's utime and stime: USER_HZ, 100
// on every Linux architecture Node runs on (getconf CLK_TCK); Node has no
// sysconf binding to ask.
const USER_HZ = 100;

/**
 * utime + stime of `pid` (all its threads, also those that exited), seconds;
 * a resolution of one tick (10 ms).
 */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 of `rest` (from state, field 3).
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc/${pid}/stat`);
  return (utime + stime) / USER_HZ;
}

/**
 * Time on CPU of `pid`'s live threads (sum of /proc/PID/task/TID/schedstat's
 * first field), seconds, with nanosecond resolution: the fine-grained
 * cross-check of cpuSeconds over short windows. Threads that exit in
 * between drop out of the sum, so differences are only meaningful for
 * processes whose threads live on (both daemons' do when idle).
 */
export function schedSeconds(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* the thread exited meanwhile */
    }
  }
  return ns / 1e9;
}

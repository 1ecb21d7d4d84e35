/**
 * What a running process costs, from /proc (Linux): resident memory, open
 * file descriptors, the open-files limit, and CPU time used so far.
 *
 * CPU comes two ways. utime + stime (/proc/PID/stat) counts every thread,
 * also those that exited, at a resolution of one clock tick (10 ms): right
 * for long idle windows. The per-thread schedstat sum has nanosecond
 * resolution for short windows; it covers every live thread, not only
 * /proc/PID/schedstat's main thread, because node does part of its garbage
 * collection on helper threads and leaving them out would flatter ours.
 */
import * as fs from 'node:fs';

/** VmRSS of `pid` in kB. */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

/** VmRSS of `pid`, MB. */
export function rssMb(pid: number): number {
  return rssKb(pid) / 1024;
}

/** Open file descriptors of `pid` (entries of /proc/PID/fd). */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** The soft limit on open files of this process (what children inherit), or Infinity. */
export function openFilesLimit(): number {
  const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  if (!m || m[1] === 'unlimited') return Infinity;
  return Number(m[1]);
}

// Clock ticks per second of /proc/PID/stat's utime and stime: USER_HZ, 100
// on every Linux architecture Node runs on (getconf CLK_TCK); Node has no
// sysconf binding to ask.
const USER_HZ = 100;

/** utime + stime of `pid` (all its threads, also those that exited), seconds. */
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

/** ns on CPU of each live thread of `pid`, by thread id. */
export type CpuSample = Map<number, number>;

export function cpuSample(pid: number): CpuSample {
  const out: CpuSample = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const first = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0];
      out.set(Number(tid), Number(first));
    } catch {
      /* the thread ended between the listing and the read */
    }
  }
  return out;
}

/**
 * ns on CPU between two samples: the growth of every thread seen in both,
 * plus all of every thread started since (a thread that ended in between is
 * lost; node's and redis's threads live as long as the process).
 */
export function cpuNsBetween(before: CpuSample, after: CpuSample): number {
  let ns = 0;
  for (const [tid, t] of after) ns += t - (before.get(tid) ?? 0);
  return ns;
}

/** Time on CPU of `pid`'s live threads so far, seconds (the fine cross-check of cpuSeconds). */
export function schedSeconds(pid: number): number {
  let ns = 0;
  for (const t of cpuSample(pid).values()) ns += t;
  return ns / 1e9;
}

/** What /proc/PID/task/PID/schedstat tells of the main thread besides its CPU (cpuSample has that): ns runnable but waiting for a CPU, times switched in. */
export interface ThreadSched {
  waitNs: number;
  slices: number;
}

export function mainThreadSched(pid: number): ThreadSched {
  const [, wait, slices] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  if (wait === undefined || slices === undefined) throw new Error(`no schedstat for ${pid}`);
  return { waitNs: wait, slices };
}

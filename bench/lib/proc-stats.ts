/**
 * What a process costs, from /proc: CPU time and resident memory.
 *
 * CPU is summed over every thread (/proc/PID/task/TID/schedstat, first field:
 * ns on CPU), not only /proc/PID/schedstat, which is the main thread alone:
 * node does part of its garbage collection on helper threads, and leaving
 * them out would flatter ours. redis-sentinel's background threads are idle
 * here, so for it the two are the same.
 */
import * as fs from 'node:fs';

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

/** VmRSS of `pid` in kB. */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

/** The soft limit on open files of this process (what children inherit), or Infinity. */
export function openFilesLimit(): number {
  const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  if (!m || m[1] === 'unlimited') return Infinity;
  return Number(m[1]);
}

/**
 * CPU affinity of whole processes (every thread), through util-linux's
 * taskset: Node has no binding for sched_getaffinity or sched_setaffinity.
 */
import { execFileSync } from 'node:child_process';

function taskset(args: readonly string[]): string {
  try {
    return execFileSync('taskset', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('--pin needs taskset (util-linux) on PATH');
    throw new Error(`taskset ${args.join(' ')} failed: ${err.stderr?.trim() ?? String(e)}`);
  }
}

/** The CPUs process `pid` may run on ("current affinity list: 0,2-3" expanded). */
export function allowedCpus(pid: number): number[] {
  const m = /list:\s*(\S+)/.exec(taskset(['-c', '-p', String(pid)]));
  if (!m?.[1]) throw new Error(`cannot read the affinity of ${pid}`);
  const cpus: number[] = [];
  for (const part of m[1].split(',')) {
    const [lo, hi] = part.split('-').map(Number);
    if (lo === undefined || !Number.isInteger(lo)) throw new Error(`unexpected affinity list ${m[1]}`);
    for (let c = lo; c <= (hi ?? lo); c++) cpus.push(c);
  }
  return cpus;
}

/** Pins every current thread of `pid` to `cpus`; threads made later inherit it from their creator. */
export function pinProcess(pid: number, cpus: readonly number[]): void {
  taskset(['-a', '-p', '-c', cpus.join(','), String(pid)]);
}

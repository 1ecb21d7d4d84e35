/**
 * When a freshly spawned sentinel is ready, seen from a client: it answers
 * PING, and it has read its masters. The same criteria for both daemons, so
 * start-up times compare.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { exited, sleep } from './procs';
import { asList, Conn, field, ReplyError, type Reply } from './resp';

/**
 * performance.now() when `port` first answers PING with PONG. Connects in a
 * tight loop (a new attempt `everyMs` after a refused one: a refused connect
 * costs the starting daemon nothing); throws if `child` exits first or after
 * `ms`.
 */
export async function firstPong(port: number, child: ChildProcess, ms = 10_000, everyMs = 1): Promise<number> {
  const end = performance.now() + ms;
  let last = '';
  for (;;) {
    if (exited(child)) throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering PING on ${port}`);
    try {
      const c = await Conn.open(port, 1000, 1000);
      try {
        const r = await c.call('PING');
        if (r === 'PONG') return performance.now();
        last = `PING answered ${JSON.stringify(r)}`;
      } finally {
        c.close();
      }
    } catch (e) {
      last = (e as Error).message;
    }
    if (performance.now() >= end) throw new Error(`no PONG on ${port} within ${ms} ms (${last})`);
    await sleep(everyMs);
  }
}

/**
 * A master is OK when its SENTINEL MASTER(S) entry has flags exactly
 * "master" (link connected, not down) and a runid. Both daemons fill the
 * runid only from the master's INFO reply (its run_id: line), so this is
 * "connected and INFO read" for either; info-refresh cannot say it (it is 0
 * both before the first INFO and just after one).
 */
export function masterOk(entry: Reply): boolean {
  return field(entry, 'flags') === 'master' && (field(entry, 'runid') ?? '') !== '';
}

/**
 * Polls the masters on `c` every `everyMs` until they are there and all OK:
 * SENTINEL MASTER `names[0]` for one name, SENTINEL MASTERS for more (one
 * reply for all, so polling 200 masters costs the daemon one command).
 * Returns performance.now() of the reply that showed it; throws after `ms`
 * with how many were OK.
 */
export async function mastersOk(c: Conn, names: readonly string[], ms: number, everyMs: number): Promise<number> {
  const end = performance.now() + ms;
  const one = names.length === 1 ? names[0] : undefined;
  for (;;) {
    const entries = one !== undefined ? [await c.call('SENTINEL', 'MASTER', one)] : asList(await c.call('SENTINEL', 'MASTERS'));
    const ok = entries.filter((e) => !(e instanceof ReplyError) && masterOk(e)).length;
    if (entries.length === names.length && ok === names.length) return performance.now();
    if (performance.now() >= end) throw new Error(`${ok} of ${names.length} masters OK (${entries.length} listed) within ${ms} ms`);
    await sleep(everyMs);
  }
}

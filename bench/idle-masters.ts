/**
 * Idle cost of one sentinel monitoring M masters, ours and redis-sentinel
 * side by side, for several M.
 *
 *   npm run bench:idle [-- [--pairs 5] [--masters 10,50,200] [--window 20] [--settle 2] [--port-base N] [--only ours|redis] [--peer live|dead]]
 *   npm run bench:idle -- --pairs 1 --window 3        (a quick smoke run)
 *
 * `--peer` puts the sentinel in a deployment: `live`, a second sentinel of
 * the same kind watches the same masters (the window starts once the
 * measured one knows it under every master); `dead`, the measured one's
 * file lists a peer under every master (known-sentinel) that never runs.
 * Only the measured sentinel is measured; the Node floor, which has no
 * peers, does not run.
 *
 * The masters are max(M) distinct redis-server processes (no persistence,
 * no replicas), started once for the whole run; a run with M masters
 * monitors the first M of them, one `sentinel monitor mN 127.0.0.1 PORT 1`
 * line each. Distinct servers rather than several master names on fewer
 * servers: redis-sentinel accepts names sharing an address, but every
 * sentinel hello published on a server then reaches each of its names'
 * pub/sub links, so the idle work would grow with the names per server, a
 * cost no real deployment has.
 *
 * Each pair runs every M, and at each M both daemons one after the other
 * (redis-sentinel first on even pairs, ours first on odd ones), fresh
 * sentinel process, config and port each time; ours is bin/redis-sentinel-ts
 * run as an executable. Figures:
 *   spawn → all M OK   from just before spawn() until SENTINEL MASTERS (polled
 *                      every 25 ms once PING answers) shows M masters, all
 *                      OK (bench/lib/readiness.ts: flags "master" and a
 *                      runid, i.e. connected and INFO read);
 *   idle CPU           from --settle seconds (2 by default) after that, with no
 *                      client connected, for the window (--window seconds,
 *                      20 by default): utime + stime from /proc/PID/stat
 *                      (10 ms ticks) and, finer, the threads' schedstat
 *                      run time, as CPU seconds per minute;
 *   RSS, fds           VmRSS and the /proc/PID/fd count at the window's end.
 * After the window the sentinel must still report all M masters OK and not
 * be in TILT; a run where it does not is flagged. Derived, per pair: CPU and
 * RSS per extra master, the slope between the smallest and the largest M
 * (and, given three M or more, between the two largest).
 * Prints each run, a table per M and one for the slopes (medians, ratio
 * ours/redis-sentinel of the medians, spread of the pair ratios) and issue
 * 8's goals (idle CPU at the largest M, CPU and RSS per extra master, all
 * ≤ 1.0× redis-sentinel).
 *
 * The Node floor runs at every M of every pair too, at a place that moves
 * from pair to pair: lib/link-floor.ts, a Node process (with the daemon's
 * --semi-space-growth-factor=1) keeping a sentinel's two links per master
 * and sending what a sentinel sends on them, with no sentinel work. Its
 * figures, and its per-extra-master slopes, are what the runtime costs for
 * the same monitoring; "spawn → all OK" is, for it, until all links are up.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { figureTable, kindsFrom, LABEL, median, pairOrder, positiveInt, present, ratios, runMain, type Figure, type Kind } from './lib/pairs';
import { freePorts, portBaseFrom, Run, sleep, until } from './lib/procs';
import { cpuSeconds, fdCount, rssMb, schedSeconds } from './lib/proc-stats';
import { firstPong, masterOk, mastersOk } from './lib/readiness';
import { asList, Conn, field } from './lib/resp';

// A longer --settle leaves more of V8's warm-up (the optimising compiler
// still works for tens of seconds after start) out of the window.
const SETTLE_DEFAULT_S = 2;
const POLL_MS = 25;
const PONG_BOUND_MS = 15_000;
const ALL_OK_BOUND_MS = 60_000;
/** Below this idle window a few 10 ms ticks of redis-sentinel's CPU are all there is. */
const COARSE_WINDOW_MS = 10_000;

interface IdleResult {
  allOk: number | null;
  /** CPU seconds per minute over the idle window. */
  cpu: number | null;
  sched: number | null;
  rss: number | null;
  fds: number | null;
  /** What was wrong at the window's end (masters not OK, TILT), if anything. */
  warning?: string;
  error?: string;
}

const failed = (error: string): IdleResult => ({ allOk: null, cpu: null, sched: null, rss: null, fds: null, error });

/** After the window: every master still OK and no TILT, or what was not. */
async function checkAfter(port: number, count: number): Promise<string | undefined> {
  const c = await Conn.open(port);
  try {
    const ok = asList(await c.call('SENTINEL', 'MASTERS')).filter(masterOk).length;
    const tilt = String(await c.call('INFO', 'sentinel')).includes('sentinel_tilt:1');
    const bad = [ok === count ? '' : `${ok} of ${count} masters OK`, tilt ? 'in TILT' : ''].filter((x) => x);
    return bad.length ? bad.join(', ') : undefined;
  } finally {
    c.close();
  }
}

/** After `settleMs`, `pid`'s CPU over `windowMs` (per minute), then its RSS and fds. */
async function idleWindow(pid: number, windowMs: number, settleMs: number): Promise<Pick<IdleResult, 'cpu' | 'sched' | 'rss' | 'fds'>> {
  await sleep(settleMs);
  const w0 = performance.now();
  const cpu0 = cpuSeconds(pid);
  const sched0 = schedSeconds(pid);
  await sleep(windowMs);
  const cpu1 = cpuSeconds(pid);
  const sched1 = schedSeconds(pid);
  const minutes = (performance.now() - w0) / 60_000;
  return { cpu: (cpu1 - cpu0) / minutes, sched: (sched1 - sched0) / minutes, rss: rssMb(pid), fds: fdCount(pid) };
}

type Peer = 'none' | 'live' | 'dead';
/** the dead peer's run id (any 40 hex digits) */
const DEAD_PEER_ID = 'dead'.repeat(10);

/** Every master on `c` lists exactly `n` other sentinels, polled until `ms`. */
async function peersKnown(c: Conn, count: number, n: number, ms: number): Promise<void> {
  await until(`every master to list ${n} other sentinel(s)`, ms, async () => {
    const all = asList(await c.call('SENTINEL', 'MASTERS'));
    return all.length === count && all.every((m) => field(m, 'num-other-sentinels') === String(n));
  }, { everyMs: 100 });
}

async function runOnce(kind: Kind, masterPorts: readonly number[], windowMs: number, settleMs: number, peer: Peer): Promise<IdleResult> {
  const run = new Run(`bench-idle-${kind}-`);
  try {
    const [port, peerPort] = await freePorts(2);
    if (port === undefined || peerPort === undefined) throw new Error('freePorts returned no port');
    const names = masterPorts.map((_, j) => `m${j}`);
    const monitors = masterPorts.map((p, j) => `sentinel monitor ${names[j] as string} 127.0.0.1 ${p} 1`);
    // Nothing listens on the dead peer's port: it was free a moment ago and nobody takes it.
    const dead = peer === 'dead' ? names.map((n) => `sentinel known-sentinel ${n} 127.0.0.1 ${peerPort} ${DEAD_PEER_ID}`) : [];
    const conf = run.sentinelConf('sentinel', port, [...monitors, ...dead]);
    if (peer === 'live') {
      const other = run.spawnSentinel(kind, run.sentinelConf('peer', peerPort, monitors));
      await firstPong(peerPort, other, PONG_BOUND_MS, 5);
    }
    const t0 = performance.now();
    const child = run.spawnSentinel(kind, conf);
    const pid = child.pid;
    if (pid === undefined) throw new Error('no PID');
    await firstPong(port, child, PONG_BOUND_MS, 5);
    const c = await Conn.open(port);
    let allOk: number;
    try {
      allOk = (await mastersOk(c, names, ALL_OK_BOUND_MS, POLL_MS)) - t0;
      if (peer !== 'none') await peersKnown(c, names.length, 1, ALL_OK_BOUND_MS);
    } finally {
      c.close();
    }
    const idle = await idleWindow(pid, windowMs, settleMs);
    const warning = await checkAfter(port, names.length);
    return { allOk, ...idle, ...(warning ? { warning } : {}) };
  } finally {
    await run.close();
  }
}

const LINK_FLOOR = path.join(__dirname, 'lib', 'link-floor.js');
const FLOOR_LABEL = 'Node floor';
type Subject = Kind | 'floor';
const labelOf = (k: Subject): string => (k === 'floor' ? FLOOR_LABEL : LABEL[k]);

/** The floor monitoring the same masters, measured as the daemons are. */
async function runFloor(masterPorts: readonly number[], windowMs: number, settleMs: number): Promise<IdleResult> {
  const run = new Run('bench-idle-floor-');
  try {
    const t0 = performance.now();
    const child = run.spawn(process.execPath, ['--semi-space-growth-factor=1', LINK_FLOOR, ...masterPorts.map(String)], 'pipe');
    const pid = child.pid;
    if (pid === undefined) throw new Error('no PID');
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    await until('the Node floor to have all its links up', ALL_OK_BOUND_MS, () => out.includes('ready'), { everyMs: POLL_MS, detail: () => err.trim() || 'no output yet' });
    const allOk = performance.now() - t0;
    const idle = await idleWindow(pid, windowMs, settleMs);
    if (child.exitCode !== null) throw new Error(`the Node floor exited (${child.exitCode}): ${err.trim()}`);
    return { allOk, ...idle };
  } finally {
    await run.close();
  }
}

/** One line of the floor's medians. */
function floorLine<R>(figures: ReadonlyArray<Figure<R>>, rs: readonly R[]): string {
  return figures
    .map((f) => {
      const have = present(rs.map(f.get));
      return `${f.label} ${have.length ? median(have).toFixed(f.digits ?? 0) : '–'}`;
    })
    .join('; ');
}

function describe(r: IdleResult): string {
  if (r.error) return `failed: ${r.error}`;
  const f = (x: number | null, d: number): string => (x === null ? '–' : x.toFixed(d));
  return (
    `all OK ${f(r.allOk, 0)} ms, CPU ${f(r.cpu, 3)} s/min (schedstat ${f(r.sched, 3)}), RSS ${f(r.rss, 1)} MB, ${f(r.fds, 0)} fds` +
    (r.warning ? `, AT THE END: ${r.warning}` : '')
  );
}

const FIGURES: ReadonlyArray<Figure<IdleResult>> = [
  { label: 'spawn → all masters OK, ms', get: (r) => r.allOk },
  { label: 'idle CPU (utime+stime), s/min', get: (r) => r.cpu, digits: 3 },
  { label: 'idle CPU (schedstat), s/min', get: (r) => r.sched, digits: 3 },
  { label: 'RSS at the end, MB', get: (r) => r.rss, digits: 1 },
  { label: 'open fds', get: (r) => r.fds },
];

interface Slope {
  cpu: number | null;
  sched: number | null;
  rss: number | null;
}

/** Per extra master between two runs of one pair: CPU ms/min and RSS KB. */
function slope(lo: IdleResult | undefined, hi: IdleResult | undefined, dm: number): Slope {
  const d = (f: (r: IdleResult) => number | null, scale: number): number | null => {
    const a = lo ? f(lo) : null;
    const b = hi ? f(hi) : null;
    return a === null || b === null ? null : ((b - a) / dm) * scale;
  };
  return { cpu: d((r) => r.cpu, 1000), sched: d((r) => r.sched, 1000), rss: d((r) => r.rss, 1024) };
}

const SLOPE_FIGURES: ReadonlyArray<Figure<Slope>> = [
  { label: 'CPU per extra master (utime+stime), ms/min', get: (s) => s.cpu, digits: 3 },
  { label: 'CPU per extra master (schedstat), ms/min', get: (s) => s.sched, digits: 3 },
  { label: 'RSS per extra master, KB', get: (s) => s.rss, digits: 1 },
];

function mastersFrom(text: string | undefined): number[] {
  const ms = (text ?? '10,50,200').split(',').map((x) => positiveInt('--masters', x.trim(), 1));
  return [...new Set(ms)].sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      masters: { type: 'string' },
      window: { type: 'string' },
      settle: { type: 'string' },
      'port-base': { type: 'string' },
      only: { type: 'string' },
      peer: { type: 'string' },
    },
  });
  const peerArg = values.peer ?? 'none';
  if (peerArg !== 'none' && peerArg !== 'live' && peerArg !== 'dead') throw new Error(`--peer: live or dead, not ${JSON.stringify(peerArg)}`);
  const peer: Peer = peerArg;
  // The Node floor has no peers: it runs only for the sentinel alone.
  const withFloor = peer === 'none';
  const pairs = positiveInt('--pairs', values.pairs, 5);
  const masters = mastersFrom(values.masters);
  const windowMs = positiveInt('--window', values.window, 20) * 1000;
  const settleMs = positiveInt('--settle', values.settle, SETTLE_DEFAULT_S) * 1000;
  const kinds = kindsFrom(values.only);
  portBaseFrom(values['port-base']);
  const maxM = masters[masters.length - 1] as number;
  const minM = masters[0] as number;

  const shared = new Run('bench-idle-masters-');
  try {
    const ports = await freePorts(maxM);
    await shared.redisServers(ports);
    const peerText = peer === 'live' ? ', with a live peer of the same kind' : peer === 'dead' ? ', with a dead peer listed under every master' : '';
    process.stdout.write(`## one sentinel${peerText}, M idle masters (M = ${masters.join(', ')}), ${windowMs / 1000} s window after ${settleMs / 1000} s settling, ${pairs} pair(s)\n`);

    const res = new Map<number, Record<Kind, IdleResult[]>>(masters.map((m) => [m, { ours: [], redis: [] }]));
    const floor = new Map<number, IdleResult[]>(masters.map((m) => [m, []]));
    for (let i = 0; i < pairs; i++) {
      for (const m of masters) {
        // The daemons alternate as in every bench (pairs.ts); the floor moves through the places.
        const order: Subject[] = pairOrder(i, kinds);
        if (withFloor) order.splice(i % (order.length + 1), 0, 'floor');
        for (const k of order) {
          let r: IdleResult;
          try {
            r = k === 'floor' ? await runFloor(ports.slice(0, m), windowMs, settleMs) : await runOnce(k, ports.slice(0, m), windowMs, settleMs, peer);
          } catch (e) {
            r = failed((e as Error).message);
          }
          if (k === 'floor') (floor.get(m) as IdleResult[])[i] = r;
          else (res.get(m) as Record<Kind, IdleResult[]>)[k][i] = r;
          process.stdout.write(`pair ${i + 1} M=${String(m).padEnd(4)} ${labelOf(k).padEnd(17)} ${describe(r)}\n`);
        }
      }
    }

    const out: string[] = [];
    for (const m of masters) {
      const r = res.get(m) as Record<Kind, IdleResult[]>;
      const notes = kinds.flatMap((k) =>
        r[k].flatMap((x, i) => (x.error ? [`${LABEL[k]} pair ${i + 1} failed: ${x.error}`] : x.warning ? [`${LABEL[k]} pair ${i + 1}: ${x.warning}`] : [])),
      );
      const fl = floor.get(m) as IdleResult[];
      const floorNotes = fl.flatMap((x, i) => (x.error ? [`${FLOOR_LABEL} pair ${i + 1} failed: ${x.error}`] : []));
      notes.push(...floorNotes);
      out.push(
        `### ${m} master(s)\n\n${figureTable(FIGURES, r, kinds)}\n\n${withFloor ? `${FLOOR_LABEL} (median): ${floorLine(FIGURES, fl)}.\n` : ''}${notes.length ? `\n${notes.join('.\n')}.\n` : ''}`,
      );
    }
    const goals: string[] = [];
    if (masters.length > 1) {
      /** The per-pair slopes from `a` to `b` masters, and their table. */
      const slopesBetween = (a: number, b: number, title: string): Record<Kind, Slope[]> => {
        const lo = res.get(a) as Record<Kind, IdleResult[]>;
        const hi = res.get(b) as Record<Kind, IdleResult[]>;
        const slopes: Record<Kind, Slope[]> = { ours: [], redis: [] };
        for (const k of kinds) for (let i = 0; i < pairs; i++) slopes[k][i] = slope(lo[k][i], hi[k][i], b - a);
        const loF = floor.get(a) as IdleResult[];
        const hiF = floor.get(b) as IdleResult[];
        const floorSlopes = Array.from({ length: pairs }, (_, i) => slope(loF[i], hiF[i], b - a));
        const floorText = withFloor ? `\n${FLOOR_LABEL} (median): ${floorLine(SLOPE_FIGURES, floorSlopes)}.\n` : '';
        out.push(`### ${title} (slope from ${a} to ${b} masters, per pair)\n\n${figureTable(SLOPE_FIGURES, slopes, kinds)}\n${floorText}`);
        return slopes;
      };
      const hi = res.get(maxM) as Record<Kind, IdleResult[]>;
      const slopes = slopesBetween(minM, maxM, 'Per extra master');
      // With three or more M, the last step too: ours pays some one-off
      // costs (V8's optimising compiler, its young generation's pages) that
      // a small M has not yet paid, so the step between the two largest
      // shows what one more master costs once they are paid. The goals are
      // judged on the whole range all the same.
      if (masters.length > 2) slopesBetween(masters[masters.length - 2] as number, maxM, 'Per extra master at scale');
      if (kinds.length === 2) {
        const vs = (ours: Array<number | null>, redis: Array<number | null>): string => {
          const r = ratios(ours, redis);
          // A window too short for 10 ms ticks gives redis-sentinel 0 s or a
          // negative slope: no ratio to judge.
          const judged = Number.isFinite(r.ofMedians) && r.ofMedians >= 0 && median(present(redis)) > 0;
          return judged ? `${r.ofMedians.toFixed(2)}× (${r.ofMedians <= 1 ? 'met' : 'not met'})` : 'inconclusive (window too short?)';
        };
        const each = <T>(xs: T[], f: (x: T) => number | null): Array<number | null> => xs.map(f);
        goals.push(
          `- idle CPU at ${maxM} masters: utime+stime ${vs(each(hi.ours, (x) => x.cpu), each(hi.redis, (x) => x.cpu))}, ` +
            `schedstat ${vs(each(hi.ours, (x) => x.sched), each(hi.redis, (x) => x.sched))}`,
          `- CPU per extra master: utime+stime ${vs(each(slopes.ours, (x) => x.cpu), each(slopes.redis, (x) => x.cpu))}, ` +
            `schedstat ${vs(each(slopes.ours, (x) => x.sched), each(slopes.redis, (x) => x.sched))}`,
          `- RSS per extra master: ${vs(each(slopes.ours, (x) => x.rss), each(slopes.redis, (x) => x.rss))}`,
        );
      }
    }
    const coarse = windowMs < COARSE_WINDOW_MS ? ' utime+stime counts 10 ms ticks: over so short a window read the schedstat rows.' : '';
    process.stdout.write(
      `\n${pairs} interleaved pair(s) per M, medians; ratio of the medians and spread of the pair ratios; idle window ${windowMs / 1000} s.${coarse}\n\n` +
        `${out.join('\n')}${goals.length ? `\nIssue 8's goals, ours/redis-sentinel of the medians, each ≤ 1.0×:\n\n${goals.join('\n')}\n` : ''}`,
    );
  } finally {
    await shared.close();
  }
}

runMain(module, main);

/**
 * Start-up time and idle footprint of ours and redis-sentinel, side by side,
 * with the Node runtime's own floor measured in the same run.
 *
 *   npm run bench:startup [-- [--pairs 7] [--port-base N]]
 *
 * One redis-server (no persistence) is started for the whole run and is the
 * one master every sentinel monitors (quorum 1). Each pair runs four kinds,
 * in the order redis-sentinel, ours, `node -e 0`, bare Node with a socket,
 * reversed on every other pair (A B C D, D C B A, …):
 *   redis-sentinel   /usr/bin/redis-sentinel (from PATH) on a fresh config;
 *   redis-sentinel-ts bin/redis-sentinel-ts run as the executable it is
 *                    (its sh line execs node), as users and systemd run it;
 *   node -e 0        the runtime alone: spawn → exit;
 *   node + socket    a Node process listening on one TCP socket that answers
 *                    any input with +PONG: the least a Node daemon costs.
 * Figures, from just before spawn():
 *   spawn → first PONG   a connect + PING loop (1 ms between refused
 *                        attempts, bounded) on the sentinel's port;
 *   spawn → master OK    then SENTINEL MASTER mymaster every 2 ms until the
 *                        master is OK (bench/lib/readiness.ts: flags
 *                        "master" and a runid, i.e. connected and its INFO
 *                        read; the same criterion for both daemons);
 *   idle RSS, fds        VmRSS and the /proc/PID/fd count after 3 s idle
 *                        (no client connected);
 *   restart → first PONG then the daemon is killed and started again on
 *                        the config it rewrote, which now holds its myid:
 *                        what a restart on a deploy costs (neither daemon
 *                        rewrites its config at such a start).
 * Prints each run, the medians with the ratio ours/redis-sentinel and the
 * spread of the pair ratios, and ours − floor (per pair, median and range)
 * against issue 8's budgets.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import { differences, fmtRatio, LABEL, markdownTable, median, num, pairOrder, positiveInt, ratios, runMain, type DiffSummary } from './lib/pairs';
import { freePorts, portBaseFrom, Run, sleep, waitPing } from './lib/procs';
import { fdCount, rssMb } from './lib/proc-stats';
import { firstPong, mastersOk } from './lib/readiness';
import { Conn } from './lib/resp';

const IDLE_MS = 3000;
const START_BOUND_MS = 10_000;
const MASTER_POLL_MS = 2;
const MASTER = 'mymaster';

type StartKind = 'redis' | 'ours' | 'node' | 'socket';
const ORDER: readonly StartKind[] = ['redis', 'ours', 'node', 'socket'];
const NAME: Record<StartKind, string> = { ...LABEL, node: 'node -e 0', socket: 'node + socket' };

interface StartResult {
  /** ms from spawn; null when the kind has no such figure (or the run failed). */
  pong: number | null;
  masterOk: number | null;
  restartPong: number | null;
  exit: number | null;
  rss: number | null;
  fds: number | null;
  error?: string;
}

const none = (): StartResult => ({ pong: null, masterOk: null, restartPong: null, exit: null, rss: null, fds: null });

/** The floor with a socket: listens on `port`, answers every chunk of input with +PONG. */
const socketScript = (port: number): string =>
  `require('node:net').createServer((s) => { s.on('error', () => {}); s.on('data', () => s.write('+PONG\\r\\n')); }).listen(${port}, '127.0.0.1')`;

function exitTime(child: ChildProcess, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(performance.now());
    });
  });
}

/** Footprint of `pid` after IDLE_MS with nobody connected. */
async function idleFootprint(pid: number | undefined): Promise<{ rss: number; fds: number }> {
  if (pid === undefined) throw new Error('no PID');
  await sleep(IDLE_MS);
  return { rss: rssMb(pid), fds: fdCount(pid) };
}

async function runOnce(kind: StartKind, masterPort: number): Promise<StartResult> {
  const run = new Run(`bench-start-${kind}-`);
  try {
    if (kind === 'node') {
      const t0 = performance.now();
      const child = run.spawn(process.execPath, ['-e', '0']);
      const exit = await exitTime(child, START_BOUND_MS);
      if (child.exitCode !== 0) throw new Error(`node -e 0 exited with ${child.exitCode ?? child.signalCode}`);
      return { ...none(), exit: exit - t0 };
    }
    const [port] = await freePorts(1);
    if (port === undefined) throw new Error('freePorts returned no port');
    if (kind === 'socket') {
      const t0 = performance.now();
      const child = run.spawn(process.execPath, ['-e', socketScript(port)]);
      const pong = (await firstPong(port, child, START_BOUND_MS)) - t0;
      return { ...none(), pong, ...(await idleFootprint(child.pid)) };
    }
    const conf = run.sentinelConf('sentinel', port, [`sentinel monitor ${MASTER} 127.0.0.1 ${masterPort} 1`]);
    const t0 = performance.now();
    const child = run.spawnSentinel(kind, conf);
    const pong = (await firstPong(port, child, START_BOUND_MS)) - t0;
    const c = await Conn.open(port);
    let ok: number;
    try {
      ok = (await mastersOk(c, [MASTER], START_BOUND_MS, MASTER_POLL_MS)) - t0;
    } finally {
      c.close();
    }
    const footprint = await idleFootprint(child.pid);
    run.kill(child);
    await exitTime(child, START_BOUND_MS);
    const t1 = performance.now();
    const again = run.spawnSentinel(kind, conf);
    const restartPong = (await firstPong(port, again, START_BOUND_MS)) - t1;
    return { ...none(), pong, masterOk: ok, restartPong, ...footprint };
  } finally {
    await run.close();
  }
}

function describe(r: StartResult): string {
  if (r.error) return `failed: ${r.error}`;
  const parts: string[] = [];
  if (r.exit !== null) parts.push(`exit ${r.exit.toFixed(1)} ms`);
  if (r.pong !== null) parts.push(`PONG ${r.pong.toFixed(1)} ms`);
  if (r.masterOk !== null) parts.push(`master OK ${r.masterOk.toFixed(1)} ms`);
  if (r.restartPong !== null) parts.push(`restart PONG ${r.restartPong.toFixed(1)} ms`);
  if (r.rss !== null) parts.push(`RSS ${r.rss.toFixed(1)} MB`);
  if (r.fds !== null) parts.push(`${r.fds} fds`);
  return parts.join(', ');
}

type Key = 'pong' | 'masterOk' | 'restartPong' | 'exit' | 'rss' | 'fds';
const FIGURES: ReadonlyArray<{ key: Key; label: string; digits: number }> = [
  { key: 'pong', label: 'spawn → first PONG, ms', digits: 1 },
  { key: 'masterOk', label: 'spawn → master OK, ms', digits: 1 },
  { key: 'restartPong', label: 'restart → first PONG, ms', digits: 1 },
  { key: 'exit', label: 'spawn → exit, ms', digits: 1 },
  { key: 'rss', label: `idle RSS after ${IDLE_MS / 1000} s, MB`, digits: 1 },
  { key: 'fds', label: 'open fds', digits: 0 },
];

type Results = Record<StartKind, StartResult[]>;
const col = (res: Results, k: StartKind, key: Key): Array<number | null> => res[k].map((r) => r[key]);

/** One row per figure: the median of every kind, ratio ours/redis and its pair spread. */
function mediansTable(res: Results): string {
  const head = ['figure', NAME.redis, NAME.ours, 'ratio ours/redis', 'pair ratios (min–max)', NAME.node, NAME.socket];
  const rows = FIGURES.map((f) => {
    const med = (k: StartKind): string => {
      const all = col(res, k, f.key);
      const have = all.filter((x): x is number => x !== null);
      if (have.length === 0) return '–';
      const m = num(median(have), f.digits);
      return have.length === all.length ? m : `${m} (${have.length} of ${all.length} runs)`;
    };
    const r = fmtRatio(ratios(col(res, 'ours', f.key), col(res, 'redis', f.key)));
    return [f.label, med('redis'), med('ours'), r.ofMedians, r.spread, med('node'), med('socket')];
  });
  return markdownTable(head, rows);
}

interface Goal {
  label: string;
  key: Key;
  floor: StartKind;
  floorKey: Key;
  /** issue 8's budget for ours − floor; null for a row shown for context only. */
  budget: number | null;
  unit: string;
}

const GOALS: readonly Goal[] = [
  { label: 'spawn → first PONG − node -e 0 exit', key: 'pong', floor: 'node', floorKey: 'exit', budget: 15, unit: 'ms' },
  { label: 'spawn → master OK − node -e 0 exit', key: 'masterOk', floor: 'node', floorKey: 'exit', budget: 40, unit: 'ms' },
  { label: 'idle RSS − node + socket', key: 'rss', floor: 'socket', floorKey: 'rss', budget: 6, unit: 'MB' },
  { label: 'spawn → first PONG − node + socket PONG', key: 'pong', floor: 'socket', floorKey: 'pong', budget: null, unit: 'ms' },
  { label: 'restart → first PONG − node -e 0 exit', key: 'restartPong', floor: 'node', floorKey: 'exit', budget: null, unit: 'ms' },
];

/** Daemon minus floor, per pair: median and range, against the budget. */
function goalsTable(res: Results): string {
  const fmt = (d: DiffSummary): string => (d.pairs ? `${d.median >= 0 ? '+' : ''}${num(d.median, 1)}` : '–');
  const range = (d: DiffSummary): string => (d.pairs ? `${num(d.min, 1)}–${num(d.max, 1)}` : '–');
  const head = ['figure', 'ours − floor (median of pairs)', 'pair range', 'redis-sentinel − floor', 'budget (issue 8)', 'met'];
  const rows = GOALS.map((g) => {
    const floor = col(res, g.floor, g.floorKey);
    const ours = differences(col(res, 'ours', g.key), floor);
    const redis = differences(col(res, 'redis', g.key), floor);
    const met = g.budget === null || !ours.pairs ? '' : ours.median <= g.budget ? 'yes' : 'no';
    return [`${g.label}, ${g.unit}`, fmt(ours), range(ours), fmt(redis), g.budget === null ? '' : `≤ +${g.budget}`, met];
  });
  return markdownTable(head, rows);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, 'port-base': { type: 'string' } } });
  const pairs = positiveInt('--pairs', values.pairs, 7);
  portBaseFrom(values['port-base']);

  const shared = new Run('bench-start-master-');
  try {
    const [m] = await freePorts(1);
    if (m === undefined) throw new Error('freePorts returned no port');
    shared.redisServer(m);
    await waitPing([m], 'redis-server');

    process.stdout.write(`## start-up and idle footprint, 1 master, ${pairs} pair(s)\n`);
    const res: Results = { redis: [], ours: [], node: [], socket: [] };
    for (let i = 0; i < pairs; i++) {
      for (const k of pairOrder(i, ORDER)) {
        let r: StartResult;
        try {
          r = await runOnce(k, m);
        } catch (e) {
          r = { ...none(), error: (e as Error).message };
        }
        res[k][i] = r;
        process.stdout.write(`pair ${i + 1} ${NAME[k].padEnd(17)} ${describe(r)}\n`);
      }
    }
    const errors = ORDER.flatMap((k) => res[k].flatMap((r, i) => (r.error ? [`${NAME[k]} pair ${i + 1}: ${r.error}`] : [])));
    process.stdout.write(
      `\n### Start-up and idle footprint, 1 master\n\n${pairs} interleaved pairs (4 kinds each), medians; ratio of the medians and spread of the pair ratios.\n\n` +
        `${mediansTable(res)}\n\nDaemon minus floor, per pair:\n\n${goalsTable(res)}\n` +
        (errors.length ? `\n${errors.join('.\n')}.\n` : ''),
    );
  } finally {
    await shared.close();
  }
}

runMain(module, main);

/**
 * The client port under load: redis-benchmark against one sentinel of each
 * kind, side by side.
 *
 *   npm run bench:client [-- [--pairs 5] [--scale 1] [--only ours|redis] [--port-base B]]
 *
 * Each run (fresh temp dir, processes and ports): one master and one replica
 * (redis-server, no persistence), one sentinel monitoring the master as
 * `bench-client` with quorum 1, ready once it has found the replica — so
 * SENTINEL MASTERS and INFO carry their usual content. Then, in this order on
 * the same sentinel, 8 runs of redis-benchmark, 50 clients each:
 *   SENTINEL get-master-addr-by-name bench-client, PING, SENTINEL MASTERS,
 *   INFO — without pipelining, then the same four with -P 16;
 * before them the same 8 once with 10,000 requests each, untimed (a warm-up,
 * alike for both kinds). Each command is given to redis-benchmark as separate
 * arguments, which it sends as RESP multibulk requests (so PING is not the
 * inline form). `-n` per test is set for about 2–3 s on redis-sentinel on a
 * small machine; --scale multiplies it (0.1 for a quick look).
 * Figures per test: requests per second and p99 latency (redis-benchmark
 * --csv), and the sentinel's CPU per request: ns on CPU of all its threads
 * (/proc/PID/task/TID/schedstat) from just before redis-benchmark starts to
 * 100 ms after it exits (its connection set-up and close included), divided
 * by the requests. Runs alternate redis, ours, ours, redis … (pairs.ts);
 * printed: each run, then a markdown table of the medians with the ratios
 * ours/redis-sentinel, the spread of the pair ratios, the goals
 * (req/s ≥ 1.0×, CPU per request ≤ 1.0×, p99 ≤ 1.5×) and the geometric mean
 * of the CPU-per-request ratios.
 *
 * The Node floor runs in every pair too, at a place that moves from pair to
 * pair (first, second, last): lib/floor-server.ts, a Node process doing only
 * a client port's I/O the way ours does it at its fastest, answering each
 * test's requests with redis-sentinel's own reply bytes (captured once before
 * the pairs from a redis-sentinel in the same topology). Its CPU per request
 * is what the runtime costs before any work of ours; where it is above
 * redis-sentinel's, a ratio ≤ 1.0 is out of reach for a Node daemon, and
 * ours − floor is the part that is ours. It takes the same warm-up and tests,
 * measured the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fmtRatio, kindsFrom, LABEL, markdownTable, median, pairOrder, positiveInt, ratios, type Kind, runMain } from './lib/pairs';
import { cpuNsBetween, cpuSample } from './lib/proc-stats';
import { freePorts, portBaseFrom, Run, sleep, waitPing } from './lib/procs';

type Picker = (n: number) => Promise<number[]>;
import { redisBenchmark } from './lib/redis-benchmark';
import { oneSentinel } from './lib/one-sentinel';
import { call, encode, rawCall, ReplyError } from './lib/resp';

/** The two daemons, and the Node floor (see the header). */
type Subject = Kind | 'floor';
const FLOOR_LABEL = 'Node floor';
const labelOf = (k: Subject): string => (k === 'floor' ? FLOOR_LABEL : LABEL[k]);
const FLOOR_SERVER = path.join(__dirname, 'lib', 'floor-server.js');

/** A request as redis-benchmark sends it and redis-sentinel's reply, both as byte strings. */
interface Captured {
  request: string;
  reply: string;
}

const NAME = 'bench-client';
const CLIENTS = 50;
const SETTLE_MS = 100;
/** Requests of each test's untimed warm-up pass (V8 compiles ours' hot paths during the first thousands). */
const WARM_UP = 10_000;

interface Test {
  label: string;
  argv: readonly string[];
  pipeline: number;
  /** Requests at --scale 1. */
  requests: number;
}

const COMMANDS: ReadonlyArray<{ label: string; argv: readonly string[]; requests: readonly [number, number] }> = [
  { label: 'get-master-addr-by-name', argv: ['SENTINEL', 'get-master-addr-by-name', NAME], requests: [150_000, 1_200_000] },
  { label: 'PING', argv: ['PING'], requests: [150_000, 1_200_000] },
  { label: 'SENTINEL MASTERS', argv: ['SENTINEL', 'MASTERS'], requests: [80_000, 400_000] },
  { label: 'INFO', argv: ['INFO'], requests: [80_000, 200_000] },
];

const TESTS: readonly Test[] = [1, 16].flatMap((pipeline, p) =>
  COMMANDS.map((c) => ({ label: pipeline === 1 ? c.label : `${c.label} -P ${pipeline}`, argv: c.argv, pipeline, requests: c.requests[p as 0 | 1] })),
);

interface TestResult {
  rps: number;
  p99Ms: number;
  cpuNsPerReq: number;
}

type RunResult = TestResult[];

async function checkReplies(port: number): Promise<void> {
  for (const c of COMMANDS) {
    const r = await call(port, [...c.argv]);
    if (r instanceof ReplyError || r === null) throw new Error(`${c.argv.join(' ')} answered ${r === null ? 'nil' : r.message}`);
  }
}

/** redis-sentinel's reply to each command, from the same topology the runs use. */
async function captureReplies(pick: Picker): Promise<Captured[]> {
  const run = new Run('bench-cp-capture-');
  try {
    const top = await oneSentinel(run, 'redis', await pick(3), NAME);
    await checkReplies(top.sentinelPort);
    const out: Captured[] = [];
    for (const c of COMMANDS) out.push({ request: encode(c.argv), reply: (await rawCall(top.sentinelPort, c.argv)).toString('latin1') });
    return out;
  } finally {
    await run.close();
  }
}

/** The warm-up and the 8 tests against whatever listens on `port` as process `pid`. */
async function runTests(run: Run, port: number, pid: number, scale: number, report: (t: Test, r: TestResult) => void): Promise<RunResult> {
  const bench = (t: Test, requests: number): ReturnType<typeof redisBenchmark> =>
    redisBenchmark(run, { port, clients: CLIENTS, requests, pipeline: t.pipeline, argv: t.argv, timeoutMs: 30_000 + requests });
  for (const t of TESTS) await bench(t, WARM_UP);
  const out: RunResult = [];
  for (const t of TESTS) {
    const requests = Math.max(1000, Math.round(t.requests * scale));
    const before = cpuSample(pid);
    const f = await bench(t, requests);
    await sleep(SETTLE_MS);
    const r = { rps: f.rps, p99Ms: f.p99Ms, cpuNsPerReq: cpuNsBetween(before, cpuSample(pid)) / requests };
    report(t, r);
    out.push(r);
  }
  return out;
}

async function runOnce(kind: Kind, scale: number, pick: Picker, report: (t: Test, r: TestResult) => void): Promise<RunResult> {
  const run = new Run(`bench-cp-${kind}-`);
  try {
    const top = await oneSentinel(run, kind, await pick(3), NAME);
    await checkReplies(top.sentinelPort);
    return await runTests(run, top.sentinelPort, top.pid, scale, report);
  } finally {
    await run.close();
  }
}

async function runFloor(replies: readonly Captured[], scale: number, pick: Picker, report: (t: Test, r: TestResult) => void): Promise<RunResult> {
  const run = new Run('bench-cp-floor-');
  try {
    const [port] = await pick(1);
    if (port === undefined) throw new Error('no free port for the floor');
    const file = path.join(run.dir, 'replies.json');
    fs.writeFileSync(file, JSON.stringify(replies), 'latin1');
    const child = run.spawn(process.execPath, [FLOOR_SERVER, String(port), file]);
    if (child.pid === undefined) throw new Error('the floor has no PID');
    await waitPing([port], FLOOR_LABEL);
    // The floor answers with redis-sentinel's bytes: check it does, so a
    // floor that answered something else cannot pass for one.
    for (const [i, c] of COMMANDS.entries()) {
      const got = (await rawCall(port, c.argv)).toString('latin1');
      if (got !== replies[i]?.reply) throw new Error(`the floor answered ${c.argv.join(' ')} with ${JSON.stringify(got.slice(0, 60))}, not redis-sentinel's reply`);
    }
    return await runTests(run, port, child.pid, scale, report);
  } finally {
    await run.close();
  }
}

const num = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const geomean = (xs: readonly number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

type Results = Record<Subject, RunResult[]>;

function table(res: Results, kinds: readonly Kind[]): string {
  const both = kinds.length === 2;
  const col = (k: Subject, i: number, f: (r: TestResult) => number): number[] => res[k].map((r) => f(r[i] as TestResult));
  const short = (k: Subject): string => (k === 'redis' ? 'redis' : k === 'ours' ? 'ours' : 'floor');
  const head = ['test'];
  for (const what of ['req/s', 'p99 ms', 'CPU µs/req'] as const) {
    head.push(...kinds.map((k) => `${what} ${short(k)}`));
    if (both) head.push(what === 'p99 ms' ? 'ratio' : 'ratio (spread)');
    head.push(`${what} floor`);
  }
  if (kinds.includes('redis')) head.push('CPU floor/redis');
  if (kinds.includes('ours')) head.push('CPU ours − floor, µs');
  if (both) head.push('goals: req/s, CPU, p99');
  const cpuRatios: number[] = [];
  const rpsRatios: number[] = [];
  const floorRatios: number[] = [];
  const rows = TESTS.map((t, i) => {
    const cells = [t.label];
    const ratio: Record<string, number> = {};
    for (const [what, f, digits] of [
      ['rps', (r: TestResult) => r.rps, 0],
      ['p99', (r: TestResult) => r.p99Ms, 3],
      ['cpu', (r: TestResult) => r.cpuNsPerReq / 1000, 2],
    ] as const) {
      for (const k of kinds) cells.push(num(median(col(k, i, f)), digits));
      if (both) {
        const s = ratios(col('ours', i, f), col('redis', i, f));
        const fr = fmtRatio(s);
        ratio[what] = s.ofMedians;
        cells.push(what === 'p99' ? fr.ofMedians : `${fr.ofMedians} (${fr.spread})`);
      }
      cells.push(num(median(col('floor', i, f)), digits));
    }
    const cpu = (r: TestResult): number => r.cpuNsPerReq / 1000;
    if (kinds.includes('redis')) {
      const s = ratios(col('floor', i, cpu), col('redis', i, cpu));
      floorRatios.push(s.ofMedians);
      cells.push(`${fmtRatio(s).ofMedians} (${fmtRatio(s).spread})`);
    }
    if (kinds.includes('ours')) cells.push(num(median(col('ours', i, cpu)) - median(col('floor', i, cpu)), 2));
    if (both) {
      const ok = (b: boolean): string => (b ? 'yes' : 'NO');
      cells.push(`${ok((ratio.rps ?? 0) >= 1)}, ${ok((ratio.cpu ?? Infinity) <= 1)}, ${ok((ratio.p99 ?? Infinity) <= 1.5)}`);
      cpuRatios.push(ratio.cpu ?? NaN);
      rpsRatios.push(ratio.rps ?? NaN);
    }
    return cells;
  });
  let text = markdownTable(head, rows);
  if (both) {
    text += `\n\nGeometric mean over the ${TESTS.length} tests of the ratios ours/redis-sentinel: CPU per request ${num(geomean(cpuRatios), 2)}, req/s ${num(geomean(rpsRatios), 2)}; of the Node floor's CPU per request over redis-sentinel's: ${num(geomean(floorRatios), 2)}.`;
  }
  return text;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { pairs: { type: 'string' }, scale: { type: 'string' }, only: { type: 'string' }, 'port-base': { type: 'string' } },
  });
  const pairs = positiveInt('--pairs', values.pairs, 5);
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not ${JSON.stringify(values.scale)}`);
  const kinds = kindsFrom(values.only);
  portBaseFrom(values['port-base']);
  const pick: Picker = freePorts;

  process.stdout.write(`## client port: redis-benchmark -c ${CLIENTS}, ${pairs} pair(s) and the Node floor, --scale ${scale}\n`);
  const replies = await captureReplies(pick);
  const res: Results = { redis: [], ours: [], floor: [] };
  for (let i = 0; i < pairs; i++) {
    // The daemons alternate as in every bench (pairs.ts); the floor moves through the places.
    const order: Subject[] = pairOrder(i, kinds);
    order.splice(i % (order.length + 1), 0, 'floor');
    for (const k of order) {
      const report = (t: Test, r: TestResult): void => {
        process.stdout.write(
          `pair ${i + 1} ${labelOf(k).padEnd(17)} ${t.label.padEnd(28)} ${num(r.rps, 0).padStart(9)} req/s, p99 ${num(r.p99Ms, 3)} ms, CPU ${num(r.cpuNsPerReq / 1000, 2)} µs/req\n`,
        );
      };
      res[k][i] = k === 'floor' ? await runFloor(replies, scale, pick, report) : await runOnce(k, scale, pick, report);
    }
  }
  process.stdout.write(
    `\n### client port (redis-benchmark -c ${CLIENTS}, --scale ${scale})\n\n${pairs} interleaved pairs and the Node floor in each, medians; ratio ours/redis-sentinel of the medians and spread of the pair ratios.\n\n${table(res, kinds)}\n`,
  );
}

runMain(module, main);

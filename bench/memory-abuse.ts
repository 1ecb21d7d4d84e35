/**
 * Memory of one sentinel (ours or redis-sentinel) through a sequence of
 * abusive clients, on the same setup: one sentinel monitoring one real
 * redis-server master.
 *
 *   npm run build && node dist/bench/memory-abuse.js [pairs=2] [ours|redis]
 *
 * Steps, each followed by 30 s without the abuser:
 *   bulk   one client declares a 500 MB bulk argument, sends 100 MB of it, leaves;
 *   sub    one connection sends 100,000 SUBSCRIBEs (distinct channels), leaves;
 *   idle   5,000 connections are opened, held 2 s, closed.
 * RSS (VmRSS) is sampled every 100 ms: the baseline before the sequence, the
 * peak while each abuser is connected, and the value 10 s and 30 s after it
 * left. After each step the sentinel must still answer PING and
 * SENTINEL get-master-addr-by-name. Runs alternate redis, ours, ours, redis …
 * (bench/lib/pairs.ts); the medians, the ratios ours/redis-sentinel with the
 * spread of the pair ratios, and a markdown table for the README are
 * printed. The idle step needs `ulimit -n` above 5,000.
 * BENCH_NODE_ARGS adds node flags for ours (e.g. "--heap-prof").
 */
import * as net from 'node:net';
import { fmtRatio, kindsFrom, LABEL, markdownTable, median, positiveInt, ratios, runPairs, type Kind, runMain } from './lib/pairs';
import { freePorts, Run, sleep, until, waitPing } from './lib/procs';
import { call } from './lib/resp';
import { rssMb } from './lib/proc-stats';

const DECLARED_BULK = 500 * 1024 * 1024;
const SENT_BULK = 100 * 1024 * 1024;
const SUBSCRIBES = 100_000;
const IDLE_CONNECTIONS = 5_000;
const AFTER_MS = [10_000, 30_000];

type Step = 'bulk' | 'sub' | 'idle';
const STEPS: Step[] = ['bulk', 'sub', 'idle'];

interface StepFigures {
  before: number;
  peak: number;
  after10: number;
  after30: number;
}

interface RunFigures {
  baseline: number;
  steps: Record<Step, StepFigures>;
}


/** Samples RSS every 100 ms; `peakSince` gives the maximum since a mark. */
class Sampler {
  private samples: Array<{ t: number; mb: number }> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }

  sample(): number {
    const mb = rssMb(this.pid);
    this.samples.push({ t: Date.now(), mb });
    return mb;
  }

  peakSince(t0: number): number {
    return Math.max(...this.samples.filter((s) => s.t >= t0).map((s) => s.mb));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The sentinel still serves: PING and the master's address. */
async function checkServes(port: number, masterPort: number): Promise<void> {
  const pong = await call(port, ['PING']);
  if (pong !== 'PONG') throw new Error(`PING answered ${JSON.stringify(pong)}`);
  const addr = await call(port, ['SENTINEL', 'get-master-addr-by-name', 'mymaster']);
  if (!Array.isArray(addr) || addr[1] !== String(masterPort)) throw new Error(`get-master-addr-by-name answered ${JSON.stringify(addr)}`);
}

function writeAll(c: net.Socket, b: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.destroyed) return reject(new Error('connection closed'));
    if (c.write(b)) return resolve();
    const onClose = (): void => reject(new Error('connection closed'));
    c.once('close', onClose);
    c.once('drain', () => {
      c.off('close', onClose);
      resolve();
    });
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/** (a) A declared 500 MB bulk of which 100 MB arrive, then the client leaves. */
async function abuseBulk(port: number): Promise<void> {
  const c = await connect(port);
  c.on('error', () => undefined);
  await writeAll(c, Buffer.from(`*2\r\n$4\r\nPING\r\n$${DECLARED_BULK}\r\n`));
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  for (let sent = 0; sent < SENT_BULK; sent += chunk.length) await writeAll(c, chunk);
  // Let the daemon read what the kernel still holds before leaving.
  await sleep(1000);
  c.destroy();
}

/** Exact reply to the k-th (1-based) SUBSCRIBE of `ch`. */
function subscribeReply(ch: string, k: number): number {
  return `*3\r\n$9\r\nsubscribe\r\n$${ch.length}\r\n${ch}\r\n:${k}\r\n`.length;
}

/** (b) One connection subscribes to `n` distinct channels, reading its replies, then leaves. */
async function abuseSubscribe(port: number, n: number): Promise<void> {
  const c = await connect(port);
  c.on('error', () => undefined);
  let received = 0;
  c.on('data', (d: Buffer) => (received += d.length));
  const batch = 1000;
  let expected = 0;
  for (let i = 0; i < n; i += batch) {
    let req = '';
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const ch = `channel:${j}`;
      req += `*2\r\n$9\r\nSUBSCRIBE\r\n$${ch.length}\r\n${ch}\r\n`;
      expected += subscribeReply(ch, j + 1);
    }
    await writeAll(c, Buffer.from(req));
    await until('subscribe replies', 30_000, () => received >= expected, { everyMs: 100 });
  }
  c.destroy();
}

/** (c) `n` idle connections, held `holdMs`, then closed. */
async function abuseIdle(port: number, n: number, holdMs: number): Promise<void> {
  const socks: net.Socket[] = [];
  try {
    for (let i = 0; i < n; i += 250) {
      const batch = await Promise.all(Array.from({ length: Math.min(250, n - i) }, () => connect(port)));
      for (const s of batch) s.on('error', () => undefined);
      socks.push(...batch);
    }
    await sleep(holdMs);
  } finally {
    for (const s of socks) s.destroy();
  }
}

async function runOnce(kind: Kind): Promise<RunFigures> {
  const run = new Run(`bench-mem-${kind}-`);
  let sampler: Sampler | null = null;
  try {
    const [m, sp] = (await freePorts(2)) as [number, number];
    run.redisServer(m);
    await waitPing([m], 'redis-server', 10_000);
    const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
    const child = run.sentinel(kind, 'sentinel', sp, [`sentinel monitor mymaster 127.0.0.1 ${m} 1`], extra);
    const pid = child.pid as number;
    await waitPing([sp], 'sentinel', 15_000);
    await checkServes(sp, m);
    // Settle: start-up garbage collected, links to the master established.
    await sleep(5000);
    sampler = new Sampler(pid);
    await sleep(1000);
    const baseline = sampler.sample();
    const steps = {} as Record<Step, StepFigures>;
    for (const step of STEPS) {
      const before = sampler.sample();
      const t0 = Date.now();
      if (step === 'bulk') await abuseBulk(sp);
      else if (step === 'sub') await abuseSubscribe(sp, SUBSCRIBES);
      else await abuseIdle(sp, IDLE_CONNECTIONS, 2000);
      const left = Date.now();
      const peak = sampler.peakSince(t0);
      const after: number[] = [];
      for (const ms of AFTER_MS) {
        await sleep(left + ms - Date.now());
        after.push(sampler.sample());
      }
      await checkServes(sp, m);
      // One sample per AFTER_MS entry: the defaults are never used.
      const [after10 = NaN, after30 = NaN] = after;
      steps[step] = { before, peak, after10, after30 };
      process.stdout.write(`  ${kind} ${step}: ${fmt(steps[step])}\n`);
    }
    return { baseline, steps };
  } finally {
    sampler?.stop();
    await run.close();
  }
}

function fmt(f: StepFigures): string {
  return `${f.before.toFixed(1)} → ${f.peak.toFixed(1)} → ${f.after10.toFixed(1)} (10 s) → ${f.after30.toFixed(1)} (30 s) MB`;
}

async function main(): Promise<void> {
  const pairs = positiveInt('pairs', process.argv[2], 2);
  const kinds = kindsFrom(process.argv[3]);
  const res = await runPairs(pairs, kinds, async (k, i) => {
    process.stdout.write(`run ${i + 1} ${k}\n`);
    return runOnce(k);
  });
  process.stdout.write('\nmedians (MB RSS: before → peak → 10 s after → 30 s after the abuser left)\n');
  for (const k of kinds) {
    const runs = res[k];
    process.stdout.write(`${LABEL[k]} (${runs.length} runs), idle baseline ${median(runs.map((r) => r.baseline)).toFixed(1)} MB\n`);
    for (const step of STEPS) process.stdout.write(`  ${step.padEnd(5)} ${fmt(medianStep(runs, step))}\n`);
  }
  if (kinds.length === 2) printRatios(res);
}

function medianStep(runs: RunFigures[], step: Step): StepFigures {
  const f = (key: keyof StepFigures): number => median(runs.map((r) => r.steps[step][key]));
  return { before: f('before'), peak: f('peak'), after10: f('after10'), after30: f('after30') };
}

/**
 * ours / redis-sentinel, from the medians and per pair (the spread of the
 * pair ratios shows how much the shared machine moved the figures). "excess"
 * is RSS 30 s after the abuser left minus that run's own idle baseline: what
 * an attack leaves behind, independent of the runtime's fixed cost. Ends
 * with the README's markdown table.
 */
function printRatios(res: Record<Kind, RunFigures[]>): void {
  const metrics: Array<[string, (r: RunFigures, s: Step) => number]> = [
    ['peak', (r, s) => r.steps[s].peak],
    ['30 s after', (r, s) => r.steps[s].after30],
    ['excess at 30 s', (r, s) => Math.max(0.1, r.steps[s].after30 - r.baseline)],
  ];
  const of = (get: (r: RunFigures) => number): ReturnType<typeof fmtRatio> => fmtRatio(ratios(res.ours.map(get), res.redis.map(get)));
  process.stdout.write('\nratio ours/redis-sentinel: of the medians [spread of the pair ratios]\n');
  const base = of((r) => r.baseline);
  process.stdout.write(`  idle baseline ${base.ofMedians}\n`);
  for (const step of STEPS) {
    const parts = metrics.map(([name, get]) => {
      const r = of((x) => get(x, step));
      return `${name} ${r.ofMedians} [${r.spread}]`;
    });
    process.stdout.write(`  ${step.padEnd(5)} ${parts.join(', ')}\n`);
  }
  const mb = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const arrow = (f: StepFigures): string => [f.before, f.peak, f.after10, f.after30].map(mb).join(' → ');
  const rows = [
    ['idle baseline', mb(median(res.redis.map((r) => r.baseline))), mb(median(res.ours.map((r) => r.baseline))), base.ofMedians],
    ...STEPS.map((step) => {
      const r = of((x) => x.steps[step].after30);
      return [step, arrow(medianStep(res.redis, step)), arrow(medianStep(res.ours, step)), `${r.ofMedians} [${r.spread}]`];
    }),
  ];
  process.stdout.write(`\n${markdownTable(['step', LABEL.redis, LABEL.ours, 'ratio at 30 s [pair spread]'], rows)}\n`);
}

runMain(module, main);

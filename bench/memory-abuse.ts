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
 * and the medians are printed. The idle step needs `ulimit -n` above 5,000.
 * BENCH_NODE_ARGS adds node flags for ours (e.g. "--heap-prof").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const OURS = path.join(ROOT, 'bin', 'redis-sentinel-ts');

const DECLARED_BULK = 500 * 1024 * 1024;
const SENT_BULK = 100 * 1024 * 1024;
const SUBSCRIBES = 100_000;
const IDLE_CONNECTIONS = 5_000;
const AFTER_MS = [10_000, 30_000];

type Kind = 'ours' | 'redis';
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** VmRSS of `pid` in MB. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
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

/** One request on a fresh connection; resolves with the raw reply text. */
function rawCall(port: number, payload: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`no reply to ${JSON.stringify(payload)}: ${JSON.stringify(got)}`));
    }, timeoutMs);
    c.on('connect', () => c.write(payload));
    c.on('data', (d) => {
      got += d.toString('latin1');
      if (got.endsWith('\r\n') && (got.startsWith('+') || got.startsWith('*2\r\n$') || got.startsWith('-'))) {
        if (!got.startsWith('*2') || got.split('\r\n').length >= 5) {
          clearTimeout(timer);
          c.destroy();
          resolve(got);
        }
      }
    });
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function until(what: string, ms: number, f: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await f()) return;
    } catch {
      /* retry */
    }
    await sleep(100);
  }
  throw new Error(`timeout: ${what}`);
}

/** The sentinel still serves: PING and the master's address. */
async function checkServes(port: number, masterPort: number): Promise<void> {
  const pong = await rawCall(port, 'PING\r\n');
  if (pong !== '+PONG\r\n') throw new Error(`PING answered ${JSON.stringify(pong)}`);
  const addr = await rawCall(port, 'SENTINEL get-master-addr-by-name mymaster\r\n');
  if (!addr.includes(`\r\n${masterPort}\r\n`)) throw new Error(`get-master-addr-by-name answered ${JSON.stringify(addr)}`);
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
    await until('subscribe replies', 30_000, () => received >= expected);
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-mem-${kind}-`));
  const procs: ChildProcess[] = [];
  let sampler: Sampler | null = null;
  try {
    const [m, sp] = [await freePort(), await freePort()];
    procs.push(spawn('redis-server', ['--port', String(m), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }));
    await until('redis up', 10_000, async () => (await rawCall(m, 'PING\r\n', 500)) === '+PONG\r\n');
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, `port ${sp}\ndir "${dir}"\nsentinel monitor mymaster 127.0.0.1 ${m} 1\nlogfile "${path.join(dir, 'sentinel.log')}"\n`);
    const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
    const child =
      kind === 'ours'
        ? spawn(process.execPath, [...extra, OURS, conf], { stdio: 'ignore', cwd: dir })
        : spawn('redis-sentinel', [conf], { stdio: 'ignore', cwd: dir });
    procs.push(child);
    const pid = child.pid as number;
    await until('sentinel up', 15_000, async () => (await rawCall(sp, 'PING\r\n', 500)) === '+PONG\r\n');
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
      steps[step] = { before, peak, after10: after[0] as number, after30: after[1] as number };
      process.stdout.write(`  ${kind} ${step}: ${fmt(steps[step])}\n`);
    }
    return { baseline, steps };
  } finally {
    sampler?.stop();
    for (const p of procs) if (p.pid && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(f: StepFigures): string {
  return `${f.before.toFixed(1)} → ${f.peak.toFixed(1)} → ${f.after10.toFixed(1)} (10 s) → ${f.after30.toFixed(1)} (30 s) MB`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const pairs = Number(process.argv[2] ?? 2);
  const only = process.argv[3] as Kind | undefined;
  const kinds: Kind[] = only ? [only] : ['redis', 'ours'];
  const res: Record<Kind, RunFigures[]> = { ours: [], redis: [] };
  for (let i = 0; i < pairs; i++) {
    // A B B A: neither daemon always runs on a warmer (or busier) machine.
    const order = i % 2 === 0 ? kinds : [...kinds].reverse();
    for (const k of order) {
      process.stdout.write(`run ${i + 1} ${k}\n`);
      res[k].push(await runOnce(k));
    }
  }
  process.stdout.write('\nmedians (MB RSS: before → peak → 10 s after → 30 s after the abuser left)\n');
  for (const k of kinds) {
    const runs = res[k];
    process.stdout.write(`${k === 'ours' ? 'redis-sentinel-ts' : 'redis-sentinel'} (${runs.length} runs), idle baseline ${median(runs.map((r) => r.baseline)).toFixed(1)} MB\n`);
    for (const step of STEPS) {
      const f = (key: keyof StepFigures): number => median(runs.map((r) => r.steps[step][key]));
      process.stdout.write(`  ${step.padEnd(5)} ${fmt({ before: f('before'), peak: f('peak'), after10: f('after10'), after30: f('after30') })}\n`);
    }
  }
  if (kinds.length === 2) printRatios(res, pairs);
}

/**
 * ours / redis-sentinel, from the medians and per pair (the spread of the
 * pair ratios shows how much the shared machine moved the figures). "excess"
 * is RSS 30 s after the abuser left minus that run's own idle baseline: what
 * an attack leaves behind, independent of the runtime's fixed cost.
 */
function printRatios(res: Record<Kind, RunFigures[]>, pairs: number): void {
  const metrics: Array<[string, (r: RunFigures, s: Step) => number]> = [
    ['peak', (r, s) => r.steps[s].peak],
    ['30 s after', (r, s) => r.steps[s].after30],
    ['excess at 30 s', (r, s) => Math.max(0.1, r.steps[s].after30 - r.baseline)],
  ];
  process.stdout.write('\nratio ours/redis-sentinel: of the medians [spread of the pair ratios]\n');
  const base = (k: Kind): number => median(res[k].map((r) => r.baseline));
  process.stdout.write(`  idle baseline ${(base('ours') / base('redis')).toFixed(2)}\n`);
  for (const step of STEPS) {
    const parts = metrics.map(([name, get]) => {
      const m = median(res.ours.map((r) => get(r, step))) / median(res.redis.map((r) => get(r, step)));
      const per = Array.from({ length: pairs }, (_, i) => get(res.ours[i] as RunFigures, step) / get(res.redis[i] as RunFigures, step));
      return `${name} ${m.toFixed(2)} [${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)}]`;
    });
    process.stdout.write(`  ${step.padEnd(5)} ${parts.join(', ')}\n`);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Time from master shutdown to +switch-master, ours and redis-sentinel's,
 * on the same setup, in one run: master + 2 replicas, one sentinel with
 * quorum 1 and down-after-milliseconds 2000 (the README walkthrough).
 *
 *   npm run build && node dist/bench/failover-time.js [runs=3]
 *
 * Prints each run and the medians, and the ratio ours/redis. The time is
 * taken from the sentinel's own log line timestamp of +switch-master minus
 * the moment SHUTDOWN was sent, so polling delays do not count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';

const ROOT = path.resolve(__dirname, '..', '..');
const OURS = path.join(ROOT, 'bin', 'redis-sentinel-ts');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function call(port: number, ...args: string[]): Promise<unknown> {
  const c = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await c.call(args[0] as string, ...args.slice(1));
  } finally {
    c.disconnect();
  }
}

async function until(what: string, ms: number, f: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await f()) return;
    } catch {
      /* retry */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timeout: ${what}`);
}

/** Redis log timestamp (local time) of the first line containing `needle`. */
function logTime(text: string, needle: string): number | null {
  for (const line of text.split('\n')) {
    if (!line.includes(needle)) continue;
    const m = /^\d+:X (\d\d) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line);
    if (!m) continue;
    const [, d, mon, y, hh, mm, ss, ms] = m as unknown as string[];
    return new Date(Number(y), MONTHS.indexOf(mon as string), Number(d), Number(hh), Number(mm), Number(ss), Number(ms)).getTime();
  }
  return null;
}

async function runOnce(kind: 'ours' | 'redis'): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
  const procs: ChildProcess[] = [];
  try {
    const [m, r1, r2, sp] = [await freePort(), await freePort(), await freePort(), await freePort()];
    for (const [p, of] of [[m, 0], [r1, m], [r2, m]] as Array<[number, number]>) {
      const args = ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
      if (of) args.push('--replicaof', '127.0.0.1', String(of));
      procs.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    await until('redis up', 10000, async () => (await call(m, 'PING')) === 'PONG');
    const conf = path.join(dir, 'sentinel.conf');
    const log = path.join(dir, 'sentinel.log');
    fs.writeFileSync(conf, `port ${sp}\ndir "${dir}"\nsentinel monitor mymaster 127.0.0.1 ${m} 1\nsentinel down-after-milliseconds mymaster 2000\nlogfile "${log}"\n`);
    const cmd = kind === 'ours' ? [process.execPath, [OURS, conf]] : ['redis-sentinel', [conf]];
    procs.push(spawn(cmd[0] as string, cmd[1] as string[], { stdio: 'ignore' }));
    const text = (): string => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
    await until('replicas discovered', 20000, () => (text().match(/\+slave slave/g) ?? []).length >= 2);
    // Let replicas be seen with fresh INFO, as an operator's steady state would be.
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    await call(m, 'SHUTDOWN', 'NOSAVE').catch(() => undefined);
    await until('+switch-master', 60000, () => text().includes('+switch-master'));
    const t1 = logTime(text(), '+switch-master');
    if (t1 === null) throw new Error('no timestamp');
    return t1 - t0;
  } finally {
    for (const p of procs) if (p.pid && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const res: Record<'ours' | 'redis', number[]> = { ours: [], redis: [] };
  for (let i = 0; i < runs; i++) {
    for (const k of ['redis', 'ours'] as const) {
      const t = await runOnce(k);
      res[k].push(t);
      process.stdout.write(`run ${i + 1} ${k.padEnd(5)} shutdown -> +switch-master ${t} ms\n`);
    }
  }
  const mo = median(res.ours);
  const mr = median(res.redis);
  process.stdout.write(`median ours ${mo} ms, redis-sentinel ${mr} ms, ratio ours/redis ${(mo / mr).toFixed(2)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);

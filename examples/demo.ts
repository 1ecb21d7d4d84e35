/**
 * `npm run demo`: the classic Sentinel walkthrough on local processes.
 * Three redis-server processes (a master and two replicas), one
 * redis-sentinel-ts watching them; the master is shut down, the sentinel
 * fails over, the old master comes back and is turned into a replica.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'redis-sentinel-ts');
const children: ChildProcess[] = [];

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

function ensureRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).status === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version']).status === 0;
  if (isRoot && hasApt) {
    log('redis-server is missing: installing it from Debian packages (apt-get install redis-server)...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status === 0) return;
  }
  log('redis-server is required. Install it with: sudo apt-get install -y redis-server');
  process.exit(1);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function pickPort(preferred: number): Promise<number> {
  if (await portFree(preferred)) return preferred;
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

/** One command on a fresh connection; the demo never keeps clients across a failover. */
async function command(port: number, [name, ...args]: [string, ...string[]]): Promise<string> {
  const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    const r = await c.call(name, ...args);
    return Array.isArray(r) ? r.map(String).join(' ') : String(r);
  } finally {
    c.disconnect();
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startRedis(dir: string, port: number, replicaOf?: number): ChildProcess {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  if (replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(replicaOf));
  const c = spawn('redis-server', args, { stdio: 'ignore' });
  children.push(c);
  return c;
}

function role(info: string): string {
  const get = (k: string): string => new RegExp(`^${k}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '?';
  return get('role') === 'master'
    ? `master, connected_slaves:${get('connected_slaves')}`
    : `slave of ${get('master_host')}:${get('master_port')}, link ${get('master_link_status')}`;
}

async function main(): Promise<void> {
  ensureRedisServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-demo-'));
  const [m, r1, r2, sp] = [await pickPort(6380), await pickPort(6381), await pickPort(6382), await pickPort(26380)];
  log(`Working directory: ${dir}`);
  log(`Starting master on ${m}, replicas on ${r1} and ${r2}`);
  const master = startRedis(dir, m);
  startRedis(dir, r1, m);
  startRedis(dir, r2, m);
  await waitFor('redis-server processes', 10000, async () => (await command(m, ['PING'])) === 'PONG');

  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(
    conf,
    `port ${sp}\ndir "${dir}"\nsentinel monitor mymaster 127.0.0.1 ${m} 1\nsentinel down-after-milliseconds mymaster 2000\nlogfile "${dir}/sentinel.log"\n`,
  );
  log(`Starting redis-sentinel-ts on port ${sp} (config ${conf})`);
  const sentinel = spawn(process.execPath, [BIN, conf], { stdio: 'inherit' });
  children.push(sentinel);
  const logFile = path.join(dir, 'sentinel.log');
  const logText = (): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  await waitFor('the sentinel to discover both replicas', 20000, () => (logText().match(/\+slave slave/g) ?? []).length >= 2);
  log('The sentinel found both replicas. Shutting the master down...');
  const t0 = Date.now();
  await command(m, ['SHUTDOWN', 'NOSAVE']).catch(() => '');
  await waitFor('+switch-master', 30000, () => logText().includes('+switch-master'));
  log(`Failover done in ${Date.now() - t0} ms (down-after-milliseconds is 2000).`);
  const addr = await command(sp, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster']);
  log(`SENTINEL GET-MASTER-ADDR-BY-NAME mymaster -> ${addr}`);

  log('Restarting the old master with its original configuration...');
  void master;
  startRedis(dir, m);
  await waitFor('+convert-to-slave', 40000, () => logText().includes('+convert-to-slave'));
  await waitFor('the old master to sync', 20000, async () => /master_link_status:up/.test(await command(m, ['INFO', 'replication'])));

  log('\n---- sentinel event log ----');
  for (const line of logText().split('\n')) if (/ [#*] [+-]/.test(line)) log(line);
  log('\n---- final roles ----');
  for (const p of [m, r1, r2]) log(`127.0.0.1:${p}  ${role(await command(p, ['INFO', 'replication']))}`);
  log('\n---- config file state lines ----');
  for (const line of fs.readFileSync(conf, 'utf8').split('\n')) if (line.startsWith('sentinel ')) log(line);
}

function cleanup(): void {
  for (const c of children) if (c.exitCode === null && c.pid) {
    try {
      process.kill(c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

main()
  .then(() => {
    cleanup();
    process.exit(0);
  })
  .catch((e: unknown) => {
    log(`demo failed: ${(e as Error).message}`);
    cleanup();
    process.exit(1);
  });

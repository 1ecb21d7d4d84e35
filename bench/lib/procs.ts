/**
 * Processes of one bench run: a fresh temp dir, redis-server and sentinel
 * processes started in it, free ports picked at run time (127.0.0.1; within
 * a --port-base block when a bench is given one), bounded waits, and every
 * process killed by its own PID when the run ends — also on Ctrl-C (SIGINT),
 * SIGTERM or SIGHUP, which kill whatever is still alive and remove the temp
 * dirs before exiting.
 *
 * BENCH_KEEP=1 keeps the temp dirs (configs and logs) for a look afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Kind } from './pairs';
import { call } from './resp';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const OURS = path.join(ROOT, 'bin', 'redis-sentinel-ts');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

// Where freePorts looks: anywhere (the kernel picks, the default), or only
// in a range set by usePortRange (a bench's --port-base), for machines where
// each user of the loopback keeps to its own block of ports.
let range: { base: number; size: number; next: number } | null = null;

/** How many ports --port-base N gives: N .. N + PORT_BLOCK - 1. */
export const PORT_BLOCK = 1000;

/** Makes freePorts pick only ports in [base, base + size), round robin. */
export function usePortRange(base: number, size = PORT_BLOCK): void {
  if (!Number.isInteger(base) || !Number.isInteger(size) || base < 1 || size < 1 || base + size > 65536) {
    throw new Error(`port range ${base}..${base + size - 1} is not within 1..65535`);
  }
  range = { base, size, next: 0 };
  const eph = ephemeralPorts();
  if (eph !== null && base <= eph.high && base + size - 1 >= eph.low) {
    // A port the bench picks there can be taken at any moment as the local
    // end of some outgoing connection, and a daemon then fails to bind.
    process.stderr.write(
      `warning: --port-base ${base} overlaps the kernel's ephemeral ports ${eph.low}-${eph.high} (net.ipv4.ip_local_port_range); a base below ${eph.low} avoids collisions\n`,
    );
  }
}

/** The kernel's range for the local ports of outgoing connections, when it can be read. */
function ephemeralPorts(): { low: number; high: number } | null {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) ? { low, high } : null;
  } catch {
    return null;
  }
}

/** --port-base N (from parseArgs): pick ports in N .. N + PORT_BLOCK - 1 instead of anywhere. */
export function portBaseFrom(text: string | undefined): void {
  if (text === undefined) return;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`--port-base must be a port number, not ${JSON.stringify(text)}`);
  usePortRange(n);
}

const listenOn = (s: net.Server, port: number): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
  });

/**
 * `n` distinct free ports on 127.0.0.1 (all held open at once, then
 * released). In a port range the search goes on from where the last call
 * stopped, so a port just given up by a run's processes is not the next
 * run's first pick.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    let tries = 0;
    while (ports.length < n) {
      const s = net.createServer();
      if (range === null) {
        servers.push(s);
        ports.push(await listenOn(s, 0));
        continue;
      }
      if (tries++ >= range.size) throw new Error(`only ${ports.length} of ${n} ports free in ${range.base}..${range.base + range.size - 1}`);
      const candidate = range.base + range.next;
      range.next = (range.next + 1) % range.size;
      try {
        ports.push(await listenOn(s, candidate));
        servers.push(s);
      } catch {
        /* in use: try the next one */
      }
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/**
 * Waits until `f` holds, checking every `everyMs`, for at most `ms`; throws
 * "timed out after … waiting for <what>" with the last check's error or
 * `detail()` (e.g. progress so far) when it does not.
 */
export async function until(
  what: string,
  ms: number,
  f: () => Promise<boolean> | boolean,
  opts: { everyMs?: number; detail?: () => string } = {},
): Promise<void> {
  const end = Date.now() + ms;
  let last = '';
  for (;;) {
    try {
      if (await f()) return;
      last = '';
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() >= end) break;
    await sleep(Math.min(opts.everyMs ?? 50, end - Date.now()));
  }
  const extra = [opts.detail?.(), last].filter((x) => x).join('; ');
  throw new Error(`timed out after ${ms} ms waiting for ${what}${extra ? ` (${extra})` : ''}`);
}

/** Runs `f` over `items` with at most `width` in flight. */
export async function inBatches<T, R>(items: readonly T[], width: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(f))));
  return out;
}

// Every live child of every run, by PID, and every temp dir, for the signal handlers.
const live = new Map<number, ChildProcess>();
const dirs = new Set<string>();
let handlersInstalled = false;

function killLive(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killLive();
      if (!process.env.BENCH_KEEP) for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      process.stderr.write(`\n${sig}: killed ${live.size} process(es) by PID, stopping\n`);
      process.exit(130);
    });
  }
}

export const exited = (c: ChildProcess): boolean => c.exitCode !== null || c.signalCode !== null;

/** One run: its temp dir and the processes started in it. */
export class Run {
  readonly dir: string;
  private readonly children: ChildProcess[] = [];

  constructor(prefix: string) {
    installSignalHandlers();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.add(this.dir);
  }

  /**
   * Starts `cmd` (no shell), its output discarded or (`'pipe'`) readable on
   * child.stdout / child.stderr; the child is killed by PID at close().
   */
  spawn(cmd: string, args: readonly string[], stdio: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
    const child = spawn(cmd, args, { stdio: ['ignore', stdio, stdio], cwd: this.dir });
    child.on('error', () => undefined);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${cmd}`);
    live.set(pid, child);
    child.once('exit', () => live.delete(pid));
    this.children.push(child);
    return child;
  }

  /** redis-server on `port` (no persistence), optionally a replica of 127.0.0.1:`replicaOf`. */
  redisServer(port: number, replicaOf?: number): ChildProcess {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    args.push('--logfile', path.join(this.dir, `redis-${port}.log`));
    if (replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(replicaOf));
    return this.spawn('redis-server', args);
  }

  /**
   * redis-servers on `ports` (the i-th a replica of `replicaOf[i]` when
   * given), started in batches of `batch`, each batch answering PING before
   * the next starts.
   */
  async redisServers(ports: readonly number[], replicaOf?: readonly number[], batch = 25): Promise<ChildProcess[]> {
    const out: ChildProcess[] = [];
    for (let i = 0; i < ports.length; i += batch) {
      const chunk = ports.slice(i, i + batch);
      out.push(...chunk.map((p, j) => this.redisServer(p, replicaOf?.[i + j])));
      await waitPing(chunk, replicaOf ? 'redis-server (replica)' : 'redis-server');
    }
    return out;
  }

  /**
   * A sentinel of `kind` on `port` with its own config file (`name`.conf,
   * log in `name`.log) holding `lines` after port/bind/dir/logfile.
   * `nodeArgs` are extra node flags for ours.
   */
  sentinel(kind: Kind, name: string, port: number, lines: readonly string[], nodeArgs: readonly string[] = []): ChildProcess {
    const conf = this.sentinelConf(name, port, lines);
    return kind === 'ours' ? this.spawn(process.execPath, [...nodeArgs, OURS, conf]) : this.spawn('redis-sentinel', [conf]);
  }

  /**
   * A sentinel of `kind` on config `conf`, started as installed: ours as the
   * bin/redis-sentinel-ts executable (its sh line execs node, keeping the
   * PID), redis-sentinel from PATH; start-up then counts what a user's or
   * systemd's start costs.
   */
  spawnSentinel(kind: Kind, conf: string): ChildProcess {
    return kind === 'ours' ? this.spawn(OURS, [conf]) : this.spawn('redis-sentinel', [conf]);
  }

  /** Writes `name`.conf for a sentinel on `port`: port/bind/dir/logfile, then `lines`; returns its path. */
  sentinelConf(name: string, port: number, lines: readonly string[]): string {
    const conf = path.join(this.dir, `${name}.conf`);
    const head = [`port ${port}`, 'bind 127.0.0.1', `dir "${this.dir}"`, `logfile "${path.join(this.dir, `${name}.log`)}"`];
    fs.writeFileSync(conf, `${[...head, ...lines].join('\n')}\n`);
    return conf;
  }

  /** Sends `signal` (SIGKILL by default) to the child's own PID, if it is still running. */
  kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
    if (child.pid !== undefined && !exited(child)) process.kill(child.pid, signal);
  }

  /** Kills every process of the run by PID, waits (bounded) until they are gone, removes the dir. */
  async close(): Promise<void> {
    for (const c of this.children) {
      try {
        this.kill(c);
      } catch {
        /* exited meanwhile */
      }
    }
    try {
      await until('the run\'s processes to exit after SIGKILL', 10_000, () => this.children.every(exited), { everyMs: 20 });
    } finally {
      dirs.delete(this.dir);
      if (process.env.BENCH_KEEP) process.stdout.write(`kept ${this.dir}\n`);
      else fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Waits until every port answers PING with PONG. */
export async function waitPing(ports: readonly number[], what: string, ms = 15_000): Promise<void> {
  await inBatches(ports, 50, (p) =>
    until(`${what} on port ${p} to answer PING`, ms, async () => (await call(p, ['PING'], 1000)) === 'PONG', { everyMs: 50 }),
  );
}

/** Waits until every replica reports master_link_status:up (initial sync done). */
export async function waitReplicasSynced(ports: readonly number[], ms = 60_000): Promise<void> {
  await inBatches(ports, 50, (p) =>
    until(`replica on port ${p} to finish its initial sync`, ms, async () => String(await call(p, ['INFO', 'replication'], 2000)).includes('master_link_status:up'), {
      everyMs: 200,
    }),
  );
}

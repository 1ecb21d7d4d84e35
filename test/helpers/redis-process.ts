import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFreePort } from './free-port';
import { isRunning, killPid, makeTmpDir, spawnTracked, tailFile, waitExit } from './processes';
import { command, infoFields, RespClient } from './resp-client';
import { AbortWait, waitFor } from './wait';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface RedisOptions {
  /** Port to use; a free one is picked when omitted. */
  port?: number;
  /** Makes it a replica of 127.0.0.1:<replicaOf>. */
  replicaOf?: number;
  /** Extra command-line arguments (appended). */
  extraArgs?: string[];
  /** Start timeout (ms). */
  startTimeoutMs?: number;
}

/**
 * A redis-server started as
 *   redis-server --port N --save "" --appendonly no --dir <tmp> [--replicaof 127.0.0.1 M]
 * with stdout/stderr in <tmp>/redis.log. restart() uses the very same arguments.
 */
export class RedisProcess {
  child: ChildProcess | undefined;
  readonly logFile: string;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly args: string[],
  ) {
    this.logFile = path.join(dir, 'redis.log');
  }

  static async start(opts: RedisOptions = {}): Promise<RedisProcess> {
    if (!fs.existsSync(REDIS_SERVER_BIN)) throw new Error(`redis-server not found at ${REDIS_SERVER_BIN}`);
    const port = opts.port ?? (await getFreePort());
    const dir = makeTmpDir(`redis-${port}`);
    const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir];
    if (opts.replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(opts.replicaOf));
    if (opts.extraArgs) args.push(...opts.extraArgs);
    const r = new RedisProcess(port, dir, args);
    await r.startProcess(opts.startTimeoutMs ?? 10000);
    return r;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && isRunning(this.child);
  }

  private async startProcess(timeoutMs: number): Promise<void> {
    const fd = fs.openSync(this.logFile, 'a');
    try {
      this.child = spawnTracked(`redis-server :${this.port}`, REDIS_SERVER_BIN, this.args, {
        cwd: this.dir,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
    const child = this.child;
    await waitFor(
      async () => {
        if (!isRunning(child)) throw new AbortWait(`redis-server exited with ${child.exitCode ?? child.signalCode}`);
        const r = await command(this.port, ['PING'], 1000);
        return r.value.type === 'simple' && r.value.value === 'PONG';
      },
      timeoutMs,
      100,
      {
        description: `redis-server on port ${this.port} to answer PING`,
        details: () => `redis log tail:\n${tailFile(this.logFile)}`,
      },
    );
  }

  /** Kills the process by PID (SIGKILL by default) and waits for its exit. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child) await killPid(this.child, signal, 5000);
  }

  /** Sends SHUTDOWN NOSAVE through a client connection and waits for the process to exit. */
  async shutdownNosave(timeoutMs = 5000): Promise<void> {
    if (!this.child || !this.running) return;
    const c = await RespClient.connect(this.port);
    try {
      c.send(['SHUTDOWN', 'NOSAVE']);
      const { data } = await c.readUntilClose(timeoutMs);
      if (data.length > 0 && data[0] === 0x2d /* '-' */) {
        throw new Error(`SHUTDOWN NOSAVE refused: ${data.toString()}`);
      }
    } finally {
      c.close();
    }
    await waitExit(this.child, timeoutMs, `redis-server :${this.port}`);
  }

  /** Starts again with the same arguments (the previous process must be stopped). */
  async restart(timeoutMs = 10000): Promise<void> {
    if (this.running) throw new Error(`redis-server :${this.port} is still running (pid ${this.pid})`);
    await this.startProcess(timeoutMs);
  }

  async info(section?: string): Promise<Record<string, string>> {
    const r = await command(this.port, section ? ['INFO', section] : ['INFO'], 2000);
    if (r.value.type !== 'bulk' && r.value.type !== 'verbatim') throw new Error(`INFO: unexpected reply ${r.raw.toString()}`);
    return infoFields(String(r.value.value));
  }

  /** Waits until INFO replication matches every given field (bounded). */
  async waitInfo(expected: Record<string, string | RegExp>, timeoutMs: number, section = 'replication'): Promise<Record<string, string>> {
    let last: Record<string, string> = {};
    return waitFor(
      async () => {
        last = await this.info(section);
        for (const [k, v] of Object.entries(expected)) {
          const actual = last[k];
          if (actual === undefined) return false;
          if (typeof v === 'string' ? actual !== v : !v.test(actual)) return false;
        }
        return last;
      },
      timeoutMs,
      200,
      {
        description: `redis-server :${this.port} INFO ${section} to show ${JSON.stringify(expected, (_k, v) => (v instanceof RegExp ? String(v) : v))}`,
        details: () => `last INFO ${section}: ${JSON.stringify(last)}`,
      },
    );
  }
}

export interface Trio {
  master: RedisProcess;
  replicas: RedisProcess[];
  all: RedisProcess[];
}

/** A master and `n` replicas, waiting until the master reports all replicas online. */
export async function startMasterWithReplicas(n = 2, timeoutMs = 20000): Promise<Trio> {
  const master = await RedisProcess.start();
  const replicas: RedisProcess[] = [];
  for (let i = 0; i < n; i++) replicas.push(await RedisProcess.start({ replicaOf: master.port }));
  await waitFor(
    async () => {
      const info = await master.info('replication');
      if (info.connected_slaves !== String(n)) return false;
      for (let i = 0; i < n; i++) if (!/state=online/.test(info[`slave${i}`] ?? '')) return false;
      return true;
    },
    timeoutMs,
    200,
    `master :${master.port} to have ${n} online replicas`,
  );
  for (const r of replicas) await r.waitInfo({ master_link_status: 'up' }, timeoutMs);
  return { master, replicas, all: [master, ...replicas] };
}

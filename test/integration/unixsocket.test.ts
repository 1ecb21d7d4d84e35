/**
 * `unixsocket` / `unixsocketperm`: our daemon and the real redis-sentinel
 * 7.0.15 side by side, with a real client (ioredis `path`) over the socket.
 * Every process is started through spawnTracked and stopped by PID; every
 * wait is bounded; every file lives in a temp dir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Redis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { isRunning, killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { assertSentinelBinUsable, OUR_SENTINEL_BIN, REAL_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { AbortWait, waitFor } from '../helpers/wait';

type Which = 'ours' | 'real';
const BIN: Record<Which, string> = { ours: OUR_SENTINEL_BIN, real: REAL_SENTINEL_BIN };

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

async function withClient<T>(sock: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ path: sock, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** The fields of a CLIENT LIST line that do not depend on timing or memory. */
function stableFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of line.trim().split(' ')) {
    const i = kv.indexOf('=');
    const k = kv.slice(0, i);
    if (['addr', 'laddr', 'flags', 'user', 'cmd'].includes(k)) out[k] = kv.slice(i + 1);
  }
  return out;
}

/** Runs a config that must make the binary exit by itself; returns exit code and output. */
async function runToExit(which: Which, lines: string[]): Promise<{ code: number | null; out: string }> {
  const dir = makeTmpDir(`unix-exit-${which}`);
  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(conf, lines.join('\n') + '\n');
  const [cmd, args] = which === 'ours' ? [process.execPath, [OUR_SENTINEL_BIN, conf]] : [REAL_SENTINEL_BIN, [conf]];
  const child = spawnTracked(`${which} unix exit`, cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  try {
    await waitExit(child, 15000, `${which} unix exit`);
  } catch (e) {
    await killPid(child, 'SIGKILL');
    throw e;
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
  return { code: child.exitCode, out: Buffer.concat(chunks).toString('utf8') };
}

/** Log messages (level char + text) without pid and timestamp. */
function messages(out: string): string[] {
  return out
    .split('\n')
    .map((l) => /^\d+:[A-Z] .{24} ([.\-*#] .*)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined && !m.includes('Redis version=') && !m.includes('monotonic clock'));
}

describe('unixsocket', () => {
  for (const which of ['real', 'ours'] as const) {
    it(`${which}: serves the client port on the socket too, replaces a stale file, applies unixsocketperm, lists U clients and removes the file at shutdown`, async () => {
      assertSentinelBinUsable(BIN[which]);
      const sockDir = makeTmpDir(`unix-${which}`);
      const sock = path.join(sockDir, 'sentinel.sock');
      fs.writeFileSync(sock, 'stale'); // what a crash leaves behind, and more: redis unlinks whatever is there
      const s = await SentinelProcess.start({
        binary: BIN[which],
        masterPort: await getFreePort(),
        extraConfig: [`unixsocket ${sock}`, 'unixsocketperm 700', 'loglevel verbose'],
      });
      try {
        const st = fs.statSync(sock);
        expect(st.isSocket()).toBe(true);
        expect(st.mode & 0o777).toBe(0o700);
        const list = await withClient(sock, async (r) => {
          expect(await r.ping()).toBe('PONG');
          return String(await r.call('CLIENT', 'LIST'));
        });
        expect(stableFields(list)).toEqual({ addr: `${sock}:0`, laddr: `${sock}:0`, flags: 'U', cmd: 'client|list', user: 'default' });
        await s.waitForLog(new RegExp(`Accepted connection to ${sock.replace(/[.]/g, '\\.')}`), 5000);
        // TCP still answers
        const tcp = new Redis({ port: s.port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
        await tcp.connect();
        expect(await tcp.ping()).toBe('PONG');
        tcp.disconnect();
        await s.stop('SIGTERM', 10000);
        expect(s.readLog()).toContain('* Removing the unix socket file.');
        expect(fs.existsSync(sock)).toBe(false);
      } finally {
        await s.stop();
      }
    });
  }

  it('ours: port 0 with unixsocket serves only the unix socket', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const dir = makeTmpDir('unix-port0');
    const sock = path.join(dir, 's.sock');
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, ['port 0', `unixsocket ${sock}`, `logfile "${path.join(dir, 'log')}"`, 'sentinel monitor m 127.0.0.1 6379 2'].join('\n') + '\n');
    const child = spawnTracked('ours port 0 unix', process.execPath, [OUR_SENTINEL_BIN, conf], { cwd: dir, stdio: 'ignore' });
    try {
      await waitFor(
        () => {
          if (!isRunning(child)) throw new AbortWait(`exited with ${child.exitCode}`);
          return fs.existsSync(sock);
        },
        15000,
      );
      const info = await withClient(sock, async (r) => String(await r.info('server')));
      expect(info).toMatch(/tcp_port:0\r\n/);
      expect(fs.readFileSync(path.join(dir, 'log'), 'utf8')).toContain('Running mode=sentinel, port=0.');
    } finally {
      await killPid(child, 'SIGTERM', 10000);
    }
    expect(fs.existsSync(sock)).toBe(false);
  });

  const exits: Array<{ name: string; lines: (dir: string) => string[]; message: string }> = [
    { name: 'port 0 and nothing else', lines: () => ['port 0'], message: '# Configured to not listen anywhere, exiting.' },
    {
      name: 'socket in a missing directory',
      lines: (dir) => ['port 0', `unixsocket ${dir}/missing/s.sock`],
      message: '# Failed opening Unix socket: bind: No such file or directory',
    },
    {
      name: 'socket path too long',
      lines: () => ['port 0', `unixsocket /tmp/${'x'.repeat(120)}`],
      message: '# Failed opening Unix socket: unix socket path too long (125), must be under 108',
    },
  ];
  for (const tc of exits) {
    it(`exits 1 like redis-sentinel: ${tc.name}`, async () => {
      const dir = makeTmpDir('unix-bad');
      const real = await runToExit('real', tc.lines(dir));
      const ours = await runToExit('ours', tc.lines(dir));
      expect(real.code, real.out).toBe(1);
      expect(messages(real.out).at(-1)).toBe(tc.message);
      expect(ours.code, ours.out).toBe(1);
      expect(messages(ours.out).at(-1)).toBe(tc.message);
    });
  }
});

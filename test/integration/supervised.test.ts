/**
 * `supervised systemd|auto|upstart|no`, against a real AF_UNIX datagram
 * socket standing in for systemd's (test/helpers/notify-receiver.py, which
 * records the kernel-reported sender PID: systemd's default
 * NotifyAccess=main only accepts datagrams from the PID it started).
 * Our bin is run directly, as systemd's ExecStart runs it.
 */
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { isRunning, killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { command, commandValue, infoFields } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, REAL_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';
import { AbortWait, waitFor } from '../helpers/wait';
import { startReceiver } from '../helpers/notify-receiver';

const DEBIAN_CONF = '/etc/redis/sentinel.conf';

function startSentinel(bin: string, args: string[], env: NodeJS.ProcessEnv, logfile: string): ChildProcess {
  const out = fs.openSync(logfile, 'a');
  const child = spawnTracked('sentinel', bin, args, { stdio: ['ignore', out, out], env });
  fs.closeSync(out);
  return child;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('NOTIFY_SOCKET' in extra)) delete env.NOTIFY_SOCKET;
  if (!('UPSTART_JOB' in extra)) delete env.UPSTART_JOB;
  return env;
}

async function pong(port: number): Promise<boolean> {
  return (await command(port, ['PING'], 1000).catch(() => null))?.raw.toString() === '+PONG\r\n';
}

function simpleConf(dir: string, port: number, extra = ''): string {
  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(conf, `port ${port}\ndir "${dir}"\nsentinel monitor m 127.0.0.1 1 1\n${extra}`);
  return conf;
}

/** Runs one sentinel under a notify socket until READY=1, checks the port, stops it; returns what it sent. */
async function notifyRun(bin: string, mode: string, socketName: string): Promise<{ messages: string[]; pids: Set<number>; sentinelPid: number }> {
  const dir = makeTmpDir('supervised');
  const rcv = await startReceiver(socketName);
  const port = await getFreePort();
  const sentinel = startSentinel(bin, [simpleConf(dir, port), '--supervised', mode], baseEnv({ NOTIFY_SOCKET: socketName }), path.join(dir, 'out.log'));
  await waitFor(() => {
    if (!isRunning(sentinel)) throw new AbortWait(fs.readFileSync(path.join(dir, 'out.log'), 'utf8'));
    return rcv.got.some((r) => r.message === 'READY=1');
  }, 15000, 20, `READY=1 from ${bin}`);
  // READY=1 is sent once the client port listens.
  expect(await pong(port)).toBe(true);
  await killPid(sentinel, 'SIGTERM', 10000);
  await waitFor(() => rcv.got.some((r) => r.message === 'STOPPING=1'), 5000, 20, 'STOPPING=1');
  await killPid(rcv.child, 'SIGKILL');
  return { messages: rcv.got.map((r) => r.message), pids: new Set(rcv.got.map((r) => r.pid)), sentinelPid: sentinel.pid ?? -1 };
}

const EXPECTED = ['STATUS=Redis is loading...', 'STATUS=Ready to accept connections', 'READY=1', 'STOPPING=1'];

describe('supervised', () => {
  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  });

  it('systemd: STATUS, READY=1 once listening and STOPPING=1, from the main PID (abstract socket)', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const r = await notifyRun(OUR_SENTINEL_BIN, 'systemd', `@rst-notify-${process.pid}-a`);
    expect(r.messages).toEqual(EXPECTED);
    expect([...r.pids]).toEqual([r.sentinelPid]);
  }, 40000);

  it('auto with NOTIFY_SOCKET set is systemd (socket path), like redis-sentinel 7.0.15', async () => {
    const dir = makeTmpDir('supervised-auto');
    const ours = await notifyRun(OUR_SENTINEL_BIN, 'auto', path.join(dir, 'notify'));
    expect(ours.messages).toEqual(EXPECTED);
    expect([...ours.pids]).toEqual([ours.sentinelPid]);
    if (fs.existsSync(REAL_SENTINEL_BIN)) {
      const real = await notifyRun(REAL_SENTINEL_BIN, 'auto', path.join(dir, 'notify-real'));
      expect(ours.messages).toEqual(real.messages);
    }
  }, 60000);

  it("Debian's unit arguments: sentinel.conf --supervised systemd --daemonize no", async () => {
    const dir = makeTmpDir('supervised-debian');
    const port = await getFreePort();
    // Debian's file with its system paths and port moved into the temp dir.
    const text = fs
      .readFileSync(DEBIAN_CONF, 'utf8')
      .replace(/^port .*$/m, `port ${port}`)
      .replace(/^pidfile .*$/m, `pidfile ${path.join(dir, 'sentinel.pid')}`)
      .replace(/^logfile .*$/m, `logfile ${path.join(dir, 'sentinel.log')}`)
      .replace(/^dir .*$/m, `dir ${dir}`);
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, text);
    const rcv = await startReceiver(path.join(dir, 'notify'));
    const sentinel = startSentinel(OUR_SENTINEL_BIN, [conf, '--supervised', 'systemd', '--daemonize', 'no'], baseEnv({ NOTIFY_SOCKET: path.join(dir, 'notify') }), path.join(dir, 'out.log'));
    await waitFor(() => {
      if (!isRunning(sentinel)) throw new AbortWait(fs.readFileSync(path.join(dir, 'sentinel.log'), 'utf8'));
      return rcv.got.some((r) => r.message === 'READY=1');
    }, 15000, 20, 'READY=1');
    expect(rcv.got.every((r) => r.pid === sentinel.pid)).toBe(true);
    expect(await pong(port)).toBe(true);
    const info = infoFields(String(await commandValue(port, ['INFO', 'server'])));
    expect(info.process_supervised).toBe('systemd');
    expect(Number(fs.readFileSync(path.join(dir, 'sentinel.pid'), 'utf8'))).toBe(sentinel.pid);
    await killPid(sentinel, 'SIGTERM', 10000);
    expect(rcv.got.map((r) => r.message)).toEqual(EXPECTED);
    expect(fs.readFileSync(path.join(dir, 'sentinel.log'), 'utf8')).toContain('Supervised by systemd.');
  }, 40000);

  it('systemd without NOTIFY_SOCKET logs the error redis logs and runs unsupervised', async () => {
    const dir = makeTmpDir('supervised-none');
    const port = await getFreePort();
    const log = path.join(dir, 'out.log');
    const sentinel = startSentinel(OUR_SENTINEL_BIN, [simpleConf(dir, port), '--supervised', 'systemd'], baseEnv({}), log);
    await waitFor(() => pong(port), 15000, 50, 'PING');
    expect(fs.readFileSync(log, 'utf8')).toContain('# systemd supervision error: NOTIFY_SOCKET not found!');
    const info = infoFields(String(await commandValue(port, ['INFO', 'server'])));
    expect(info.process_supervised).toBe('no');
    await killPid(sentinel, 'SIGTERM', 10000);
  }, 30000);

  it('a NOTIFY_SOCKET nobody listens on: the error redis-sentinel 7.0.15 logs, then unsupervised', async () => {
    const dir = makeTmpDir('supervised-nosock');
    const firstLine = async (bin: string): Promise<string> => {
      const port = await getFreePort();
      const log = path.join(dir, `out-${port}.log`);
      const sentinel = startSentinel(bin, [simpleConf(dir, port), '--supervised', 'systemd'], baseEnv({ NOTIFY_SOCKET: path.join(dir, 'absent') }), log);
      await waitFor(() => pong(port), 15000, 50, `PING on ${bin}`);
      await killPid(sentinel, 'SIGTERM', 10000);
      return (fs.readFileSync(log, 'utf8').split('\n')[0] ?? '').replace(/^\d+:X [^#*]*/, '');
    };
    const ours = await firstLine(OUR_SENTINEL_BIN);
    expect(ours).toBe('# systemd supervision error: sd_notify: -2');
    if (fs.existsSync(REAL_SENTINEL_BIN)) expect(ours).toBe(await firstLine(REAL_SENTINEL_BIN));
  }, 40000);

  it('daemonize yes is ignored when supervised: the started PID serves and notifies', async () => {
    const dir = makeTmpDir('supervised-daemonize');
    const rcv = await startReceiver(path.join(dir, 'notify'));
    const port = await getFreePort();
    const conf = simpleConf(dir, port, `daemonize yes\npidfile ${path.join(dir, 'p.pid')}\nlogfile ${path.join(dir, 's.log')}\n`);
    const sentinel = startSentinel(OUR_SENTINEL_BIN, [conf, '--supervised', 'systemd'], baseEnv({ NOTIFY_SOCKET: path.join(dir, 'notify') }), path.join(dir, 'out.log'));
    await waitFor(() => {
      if (!isRunning(sentinel)) throw new AbortWait('the started process exited (daemonized?)');
      return rcv.got.some((r) => r.message === 'READY=1');
    }, 15000, 20, 'READY=1');
    expect(rcv.got.every((r) => r.pid === sentinel.pid)).toBe(true);
    expect(Number(fs.readFileSync(path.join(dir, 'p.pid'), 'utf8'))).toBe(sentinel.pid);
    await killPid(sentinel, 'SIGTERM', 10000);
  }, 30000);

  it('upstart: stops itself (SIGSTOP) before serving, runs on SIGCONT', async () => {
    const dir = makeTmpDir('supervised-upstart');
    const port = await getFreePort();
    const log = path.join(dir, 'out.log');
    const sentinel = startSentinel(OUR_SENTINEL_BIN, [simpleConf(dir, port, 'supervised upstart\n')], baseEnv({ UPSTART_JOB: 'redis-sentinel' }), log);
    const state = (): string => fs.readFileSync(`/proc/${sentinel.pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] ?? '';
    await waitFor(() => state() === 'T', 15000, 20, 'the sentinel to stop itself');
    expect(await pong(port)).toBe(false);
    process.kill(sentinel.pid ?? -1, 'SIGCONT');
    await waitFor(() => pong(port), 15000, 50, 'PING after SIGCONT');
    expect(fs.readFileSync(log, 'utf8')).toContain('* supervised by upstart, will stop to signal readiness.');
    const info = infoFields(String(await commandValue(port, ['INFO', 'server'])));
    expect(info.process_supervised).toBe('upstart');
    await killPid(sentinel, 'SIGTERM', 10000);
    await waitExit(sentinel, 5000);
  }, 30000);
});

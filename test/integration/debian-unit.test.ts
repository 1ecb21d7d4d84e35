/**
 * Debian's own redis-sentinel.service runs redis-sentinel-ts unchanged.
 * PID 1 here is not systemd, so the unit cannot be started by systemctl;
 * instead the restrictions that decide whether a Node program can run under
 * it are reproduced in a private mount namespace (debian-unit-sandbox.sh)
 * from the unit file the redis-sentinel package installed, which this test
 * reads and pins: Type=notify and its ExecStart command line, User=redis,
 * NoExecPaths=/ + ExecPaths, ProtectSystem=strict + ReadWritePaths,
 * NoNewPrivileges and MemoryDenyWriteExecute. The package is installed as
 * an operator would: npm pack, npm install -g, bin/debian-install.sh.
 * Not reproduced: the seccomp system-call filter, PrivateTmp/PrivateDevices,
 * RestrictAddressFamilies and the other Protect* settings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_UNIT, EXPECTED_EXECSTART, debianConf, makeMountPoints, serviceRoot, readUnit, redisIds, chownTree } from '../helpers/debian-unit';
import { getFreePort } from '../helpers/free-port';
import { startReceiver } from '../helpers/notify-receiver';
import { isRunning, killAllTracked, killPid, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { command, commandValue } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';
import { AbortWait, waitFor } from '../helpers/wait';
import { SYSLOG_SOCKET_ENV } from '../../src/log/syslog';
import { SYSLOG_RECEIVER } from '../helpers/syslog-receiver';

const SANDBOX = path.join(__dirname, '..', 'helpers', 'debian-unit-sandbox.sh');
// Mount points the sandbox mounts over; made here (empty) where missing, removed after.
const MOUNT_POINTS = ['/usr/lib/redis-sentinel-ts', '/run/sentinel'];

describe("Debian's redis-sentinel.service", () => {
  const made: string[] = [];

  afterAll(async () => {
    await killAllTracked();
    for (const m of made.reverse()) fs.rmSync(m, { recursive: true, force: true });
    removeTmpDirs();
  }, 30000);

  it('runs redis-sentinel-ts unchanged: READY=1 from the started PID as user redis, JIT off only because the unit forbids it, STOPPING=1', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    // The unit as Debian ships it; if it changes, the emulation must follow.
    const unit = readUnit(DEBIAN_UNIT);
    const one = (k: string): string | undefined => unit.get(k)?.join(' ');
    expect(one('Type')).toBe('notify');
    const execStart = (one('ExecStart') ?? '').split(/\s+/);
    expect(execStart).toEqual(EXPECTED_EXECSTART);
    expect([one('User'), one('Group')]).toEqual(['redis', 'redis']);
    expect(one('NoExecPaths')).toBe('/');
    expect(one('ExecPaths')?.split(/\s+/)).toEqual(['/usr/bin/redis-sentinel', '/usr/lib', '/lib']);
    expect([one('MemoryDenyWriteExecute'), one('NoNewPrivileges'), one('ProtectSystem')]).toEqual(['true', 'true', 'strict']);
    const writable = [...(unit.get('ReadWritePaths') ?? []), ...(unit.get('ReadWriteDirectories') ?? [])].map((p) => p.replace(/^-/, ''));
    expect(writable.sort()).toEqual(['/etc/redis', '/var/lib/redis', '/var/log/redis', '/var/run/sentinel']);
    expect(one('RuntimeDirectory')).toBe('sentinel');

    const { dir, pkg, root } = serviceRoot('debian-unit', ['lib', 'etc', 'log', 'run']);
    const ids = redisIds();
    made.push(...makeMountPoints(MOUNT_POINTS));

    // Debian's sentinel.conf, with the port and the master moved to this test's.
    const master = await RedisProcess.start();
    const port = await getFreePort();
    const conf = debianConf(port, master.port);
    // syslog too: the unit forbids running logger(1), so the launcher hands over the socket.
    fs.writeFileSync(path.join(root, 'etc', 'sentinel.conf'), `${conf}\nsyslog-enabled yes\nsyslog-ident debian-unit\n`);
    for (const d of ['etc', 'log', 'run']) chownTree(path.join(root, d), ids);

    const socket = path.join(dir, 'notify');
    const rcv = await startReceiver(socket);
    fs.chmodSync(socket, 0o777);
    const out = path.join(dir, 'out.log');
    const fd = fs.openSync(out, 'a');
    const syslogSocket = path.join(dir, 'syslog.sock');
    const datagrams = path.join(dir, 'datagrams.txt');
    spawnTracked('syslog receiver', 'python3', ['-c', SYSLOG_RECEIVER, syslogSocket, datagrams], { stdio: 'ignore' });
    await waitFor(() => fs.existsSync(syslogSocket), 5000, 20, 'the syslog socket');
    fs.chmodSync(syslogSocket, 0o777);
    const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', NOTIFY_SOCKET: socket, [SYSLOG_SOCKET_ENV]: syslogSocket };
    const service = spawnTracked('sandboxed service', 'unshare', ['--mount', '--propagation', 'private', 'sh', SANDBOX, root, pkg, ...execStart], { stdio: ['ignore', fd, fd], env });
    fs.closeSync(fd);
    const log = (): string => `${fs.readFileSync(out, 'utf8')}\n${fs.existsSync(path.join(root, 'log', 'redis-sentinel.log')) ? fs.readFileSync(path.join(root, 'log', 'redis-sentinel.log'), 'utf8') : ''}`;
    await waitFor(() => {
      if (!isRunning(service)) throw new AbortWait(`the service exited:\n${log()}`);
      return rcv.got.some((r) => r.message === 'READY=1');
    }, 60000, 50, 'READY=1');

    // The sandbox is real: node outside /usr/lib cannot be executed, and node with its JIT dies.
    const controls = new Map([...fs.readFileSync(out, 'utf8').matchAll(/^control (\S+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(controls.get('node-exec'), log()).toBe(126);
    expect(controls.get('node-jit'), log()).not.toBe(0);
    expect(controls.get('node-jitless'), log()).toBe(0);

    const pid = service.pid ?? -1;
    expect(rcv.got.every((r) => r.pid === pid)).toBe(true);
    expect(rcv.got.map((r) => r.message)).toEqual(['STATUS=Redis is loading...', 'STATUS=Ready to accept connections', 'READY=1']);
    expect(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\t${ids.uid}\\t`, 'm'));
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    expect(argv).toContain('--jitless');
    expect(argv.slice(-5)).toEqual(execStart.slice(1));

    expect((await command(port, ['PING'], 2000)).raw.toString()).toBe('+PONG\r\n');
    expect(await commandValue(port, ['SENTINEL', 'get-master-addr-by-name', 'mymaster'])).toEqual(['127.0.0.1', String(master.port)]);
    await waitFor(() => /\nsentinel myid [0-9a-f]{40}\n/.test(fs.readFileSync(path.join(root, 'etc', 'sentinel.conf'), 'utf8')), 10000, 50, 'the config rewrite');
    expect(Number(fs.readFileSync(path.join(root, 'run', 'redis-sentinel.pid'), 'utf8'))).toBe(pid);
    expect(log()).toContain('Supervised by systemd.');
    const received = (): string[] =>
      fs.existsSync(datagrams) ? fs.readFileSync(datagrams, 'utf8').split('\n').filter((h) => h !== '').map((h) => Buffer.from(h, 'hex').toString('latin1')) : [];
    await waitFor(() => received().some((d) => d.includes('+monitor master mymaster')), 10000, 50, 'the +monitor line on syslog');
    expect(received().find((d) => d.includes('+monitor master mymaster'))).toMatch(
      new RegExp(`^<132>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d debian-unit\\[${pid}\\]: \\+monitor master mymaster 127\\.0\\.0\\.1 ${master.port} quorum 2$`),
    );

    await killPid(service, 'SIGTERM', 15000);
    await waitExit(service, 5000);
    expect(service.exitCode, log()).toBe(0);
    expect(rcv.got.map((r) => r.message).at(-1)).toBe('STOPPING=1');
    expect(fs.existsSync(path.join(root, 'run', 'redis-sentinel.pid'))).toBe(false);
  }, 240000);
});

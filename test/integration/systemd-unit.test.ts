/**
 * A real systemd runs Debian's own redis-sentinel.service, byte for byte as
 * the redis-sentinel package installed it, with redis-sentinel-ts put in
 * place of Debian's binary by bin/debian-install.sh (the package installed
 * from its packed tarball). PID 1 of the test machine is not systemd, so
 * systemd 252 boots as PID 1 of its own PID and mount namespaces
 * (systemd-boot.sh), where that unit is the only one. Everything the unit
 * sets applies for real: Type=notify, User=redis, NoExecPaths/ExecPaths,
 * ProtectSystem=strict, MemoryDenyWriteExecute, the SystemCallFilter
 * seccomp filter (which kills at the first system call outside it),
 * PrivateTmp, PrivateDevices and the rest. The network namespace is
 * shared, so the test reaches the port directly.
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_UNIT, EXPECTED_EXECSTART, chownTree, debianConf, makeMountPoints, serviceRoot, readUnit, redisIds } from '../helpers/debian-unit';
import { getFreePort } from '../helpers/free-port';
import { isRunning, killAllTracked, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { command, commandValue } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';
import { AbortWait, waitFor } from '../helpers/wait';

const BOOT = path.join(__dirname, '..', 'helpers', 'systemd-boot.sh');

/** The host PID of the systemd that `unshare --fork` started (its only child). */
function systemdPid(unshare: ChildProcess): number | null {
  const pid = unshare.pid ?? -1;
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return children === '' ? null : Number(children.split(' ')[0]);
}

/** Runs a command inside systemd's namespaces. */
function inside(sd: number, args: string[]): string {
  const r = spawnSync('nsenter', ['-t', String(sd), '-m', '-p', ...args], { encoding: 'utf8', timeout: 20000 });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

function show(sd: number, props: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of inside(sd, ['systemctl', 'show', 'redis-sentinel', ...props.flatMap((p) => ['-p', p])]).split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

describe("Debian's redis-sentinel.service under a real systemd", () => {
  const made: string[] = [];
  let sd: number | null = null;

  afterAll(async () => {
    // systemd is PID 1 of its namespace: killing it ends everything in there.
    if (sd !== null) {
      try {
        process.kill(sd, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await killAllTracked();
    for (const m of made.reverse()) fs.rmSync(m, { recursive: true, force: true });
    removeTmpDirs();
  }, 30000);

  it('starts it (READY=1 makes it active), serves as user redis, and stops it cleanly', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    expect(fs.existsSync('/lib/systemd/systemd'), 'systemd (Debian installs it)').toBe(true);
    const unit = readUnit(DEBIAN_UNIT);
    expect(unit.get('Type')).toEqual(['notify']);
    expect((unit.get('ExecStart') ?? []).join(' ').split(/\s+/)).toEqual(EXPECTED_EXECSTART);

    const { dir, pkg, root } = serviceRoot('systemd-unit', ['units', 'lib', 'etc', 'log']);
    const ids = redisIds();
    made.push(...makeMountPoints(['/usr/lib/redis-sentinel-ts']));
    const master = await RedisProcess.start();
    const port = await getFreePort();
    fs.writeFileSync(path.join(root, 'etc', 'sentinel.conf'), debianConf(port, master.port));
    for (const d of ['etc', 'log']) chownTree(path.join(root, d), ids);

    const out = path.join(dir, 'systemd.log');
    const fd = fs.openSync(out, 'a');
    const unshare = spawnTracked('systemd', 'unshare', ['--pid', '--fork', '--mount', '--mount-proc', '--propagation', 'private', 'sh', BOOT, root, pkg, DEBIAN_UNIT], {
      stdio: ['ignore', fd, fd],
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    fs.closeSync(fd);
    const serviceLog = (): string => {
      const f = path.join(root, 'log', 'redis-sentinel.log');
      return `${fs.readFileSync(out, 'utf8').slice(-4000)}\n${fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : ''}`;
    };
    await waitFor(() => {
      if (!isRunning(unshare)) throw new AbortWait(`systemd exited:\n${serviceLog()}`);
      return (sd = systemdPid(unshare)) !== null;
    }, 10000, 20, 'systemd');
    const sdPid = sd as unknown as number;

    // Type=notify: "active (running)" only once READY=1 arrived from the main PID.
    let state: Record<string, string> = {};
    await waitFor(() => {
      if (!isRunning(unshare)) throw new AbortWait(`systemd exited:\n${serviceLog()}`);
      state = show(sdPid, ['ActiveState', 'SubState', 'Result', 'MainPID', 'StatusText']);
      if (state.ActiveState === 'failed') throw new AbortWait(`the unit failed: ${JSON.stringify(state)}\n${serviceLog()}`);
      return state.ActiveState === 'active' && state.SubState === 'running';
    }, 60000, 200, 'redis-sentinel.service active');
    expect(state.StatusText).toBe('Ready to accept connections');

    const main = state.MainPID as string;
    const argv = inside(sdPid, ['cat', `/proc/${main}/cmdline`]).split('\0').slice(0, -1);
    // node from the private directory, with the JIT off because the unit forbids W+X memory.
    expect(argv.slice(0, 3)).toEqual(['/usr/lib/redis-sentinel-ts/node', '--jitless', '--no-expose-wasm']);
    expect(argv.slice(-5)).toEqual(EXPECTED_EXECSTART.slice(1));
    expect(inside(sdPid, ['cat', `/proc/${main}/status`])).toMatch(new RegExp(`^Uid:\\t${ids.uid}\\t`, 'm'));

    expect((await command(port, ['PING'], 2000)).raw.toString()).toBe('+PONG\r\n');
    expect(await commandValue(port, ['SENTINEL', 'get-master-addr-by-name', 'mymaster'])).toEqual(['127.0.0.1', String(master.port)]);
    await waitFor(() => /\nsentinel myid [0-9a-f]{40}\n/.test(fs.readFileSync(path.join(root, 'etc', 'sentinel.conf'), 'utf8')), 10000, 50, 'the config rewrite');
    expect(serviceLog()).toContain('Supervised by systemd.');

    // STOPPING=1 and a clean exit: systemd records success, not a signal or a timeout.
    inside(sdPid, ['systemctl', 'stop', 'redis-sentinel']);
    const stopped = show(sdPid, ['ActiveState', 'Result', 'ExecMainCode', 'ExecMainStatus']);
    expect(stopped, serviceLog()).toEqual({ ActiveState: 'inactive', Result: 'success', ExecMainCode: '1', ExecMainStatus: '0' });
    expect(serviceLog()).toContain('Sentinel is now ready to exit, bye bye...');

    process.kill(sdPid, 'SIGKILL');
    await waitExit(unshare, 10000, 'systemd');
    sd = null;
  }, 240000);
});

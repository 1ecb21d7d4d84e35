/**
 * `daemonize yes`: the command returns at once with status 0, the sentinel
 * keeps running detached, writes its pid file, and removes it at shutdown.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { command } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('daemonize yes', () => {
  let daemonPid = 0;

  afterAll(() => {
    if (daemonPid && alive(daemonPid)) process.kill(daemonPid, 'SIGKILL');
    removeTmpDirs();
  });

  it('detaches, writes the pid file, serves clients and cleans up at shutdown', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const dir = makeTmpDir('daemonize');
    const port = await getFreePort();
    const pidfile = path.join(dir, 'sentinel.pid');
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(
      conf,
      `port ${port}\ndir "${dir}"\ndaemonize yes\npidfile "${pidfile}"\nlogfile "${path.join(dir, 'sentinel.log')}"\nsentinel monitor m 127.0.0.1 1 1\n`,
    );
    const r = spawnSync(process.execPath, [OUR_SENTINEL_BIN, conf], { timeout: 15000, encoding: 'utf8' });
    expect(r.status).toBe(0);
    await waitFor(() => fs.existsSync(pidfile) && Number(fs.readFileSync(pidfile, 'utf8')) > 0, 10000, 100, 'the pid file');
    daemonPid = Number(fs.readFileSync(pidfile, 'utf8'));
    expect(alive(daemonPid)).toBe(true);
    await waitFor(async () => (await command(port, ['PING'], 1000)).raw.toString() === '+PONG\r\n', 10000, 100, 'PING on the daemon');
    await command(port, ['SHUTDOWN'], 2000).catch(() => undefined);
    await waitFor(() => !alive(daemonPid), 10000, 100, 'the daemon to exit');
    expect(fs.existsSync(pidfile)).toBe(false);
  }, 40000);
});

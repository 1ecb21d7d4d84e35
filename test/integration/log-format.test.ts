/**
 * `--log-format json`: every log line is one JSON object with pid, role,
 * time, level and message; events also carry their parsed instance.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePorts } from '../helpers/free-port';
import { isRunning, killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked } from '../helpers/processes';
import { OUR_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';
import { AbortWait, waitFor } from '../helpers/wait';

type Obj = Record<string, unknown>;

function jsonLines(file: string): Obj[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Obj);
}

describe('--log-format json', () => {
  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  });

  it('logs JSON lines, +sdown with its instance, and is not written to the config file', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const dir = makeTmpDir('log-json');
    // A master port nobody listens on: +sdown after 200 ms.
    const [port, deadPort] = await getFreePorts(2);
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, `port ${port}\ndir "${dir}"\nsentinel monitor m 127.0.0.1 ${deadPort} 1\nsentinel down-after-milliseconds m 200\n`);
    const out = path.join(dir, 'out.log');
    const fd = fs.openSync(out, 'a');
    const child = spawnTracked('sentinel', OUR_SENTINEL_BIN, [conf, '--log-format', 'json'], { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const sdown = await waitFor(() => {
      if (!isRunning(child)) throw new AbortWait(fs.readFileSync(out, 'utf8'));
      return jsonLines(out).find((o) => o.event === '+sdown');
    }, 15000, 50, 'a +sdown line');
    expect(sdown).toMatchObject({
      pid: child.pid,
      role: 'sentinel',
      level: 'warning',
      message: `+sdown master m 127.0.0.1 ${deadPort}`,
      instance: { type: 'master', name: 'm', ip: '127.0.0.1', port: deadPort },
    });
    await killPid(child, 'SIGTERM', 10000);
    const all = jsonLines(out);
    expect(all.length).toBeGreaterThan(3);
    for (const o of all) {
      expect(o.pid).toBe(child.pid);
      expect(o.role).toBe('sentinel');
      expect(typeof o.time).toBe('number');
      expect(['debug', 'verbose', 'notice', 'warning']).toContain(o.level);
      expect(typeof o.message).toBe('string');
    }
    expect(all.map((o) => o.message)).toContain('Sentinel is now ready to exit, bye bye...');
    expect(fs.readFileSync(conf, 'utf8')).not.toMatch(/log-format/);
  }, 30000);

  it('also formats start-up failures, and rejects an unknown format', () => {
    const dir = makeTmpDir('log-json-fail');
    const missing = path.join(dir, 'missing.conf');
    const r = spawnSync(OUR_SENTINEL_BIN, [missing, '--log-format', 'json'], { encoding: 'utf8', timeout: 15000 });
    expect(r.status).toBe(1);
    const line = JSON.parse(r.stdout.trim()) as Obj;
    expect(line).toMatchObject({ level: 'warning', role: 'sentinel', message: `Fatal error, can't open config file '${missing}': No such file or directory` });
    const bad = spawnSync(OUR_SENTINEL_BIN, [missing, '--log-format', 'xml'], { encoding: 'utf8', timeout: 15000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--log-format needs json or redis, not 'xml'");
  }, 30000);
});

/**
 * `--test-config <file>`: the same failures (text and exit status) as a real
 * start of our daemon, and on success one line per master, exit 0, with the
 * file untouched and no port opened. redis-sentinel 7.0.15 has no such
 * switch: it reports `test-config` as a bad directive and exits 1.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { OUR_SENTINEL_BIN, REAL_SENTINEL_BIN, assertSentinelBinUsable } from '../helpers/sentinel-process';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[]): Run {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 15000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Log lines carry pid and time: compare the rest. */
function normal(s: string): string {
  return s.replace(/^\d+:X \d\d \w{3} \d{4} [\d:.]+ /gm, '');
}

describe('--test-config', () => {
  afterAll(() => removeTmpDirs());

  it('prints one line per master, exits 0, does not write the file nor open the port', async () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const dir = makeTmpDir('test-config');
    const port = await getFreePort();
    const conf = path.join(dir, 'sentinel.conf');
    const text = `port ${port}\ndir "${dir}"\nsentinel monitor alpha 127.0.0.1 6379 2\nsentinel down-after-milliseconds alpha 5000\nsentinel monitor beta 10.1.2.3 6380 1\n`;
    fs.writeFileSync(conf, text);
    // Our own listener on the port: a start would fail on it, a test must not care.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const r = run(OUR_SENTINEL_BIN, ['--test-config', conf]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        'monitor alpha 127.0.0.1 6379 quorum 2 down-after-milliseconds 5000 failover-timeout 180000\n' +
          'monitor beta 10.1.2.3 6380 quorum 1 down-after-milliseconds 30000 failover-timeout 180000\n',
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    // A start adds myid and epochs to the file; the test must not.
    expect(fs.readFileSync(conf, 'utf8')).toBe(text);
  }, 30000);

  const bad: Array<[string, (dir: string, port: number) => string | null]> = [
    ['a bad directive', (dir, port) => `port ${port}\ndir "${dir}"\nsentinel monitor m 127.0.0.1 6379 1\nbogus 1\n`],
    ['a bad quorum', (dir, port) => `port ${port}\ndir "${dir}"\nsentinel monitor m 127.0.0.1 6379 0\n`],
    ['a missing file', () => null],
    ['a missing dir', (dir, port) => `port ${port}\ndir "${dir}/nope"\nsentinel monitor m 127.0.0.1 6379 1\n`],
    ['a bad ACL rule', (dir, port) => `port ${port}\ndir "${dir}"\nuser alice on >pw +nosuchcmd\nsentinel monitor m 127.0.0.1 6379 1\n`],
    ['a missing TLS certificate', (dir, port) => `port 0\ntls-port ${port}\ntls-cert-file ${dir}/none.crt\ntls-key-file ${dir}/none.key\ndir "${dir}"\n`],
  ];
  for (const [what, make] of bad) {
    it(`${what}: the same report and exit status as a start`, async () => {
      const dir = makeTmpDir('test-config-bad');
      const port = await getFreePort();
      const conf = path.join(dir, 'sentinel.conf');
      const text = make(dir, port);
      if (text !== null) fs.writeFileSync(conf, text);
      const tested = run(OUR_SENTINEL_BIN, ['--test-config', conf]);
      const started = run(OUR_SENTINEL_BIN, [conf]);
      expect(started.status).toBe(1);
      expect(tested.status).toBe(started.status);
      // A start logs its banner before TLS and ACLs are set up; the failure lines are the same.
      const startedErr = normal(started.stdout).split('\n').filter((l) => !/Redis is starting|Redis version=|Configuration loaded/.test(l));
      expect(normal(tested.stdout).split('\n')).toEqual(startedErr);
      expect(tested.stderr).toBe(started.stderr);
      expect(tested.stdout + tested.stderr).not.toBe('');
    }, 30000);
  }

  it.skipIf(!fs.existsSync(REAL_SENTINEL_BIN))('redis-sentinel 7.0.15 rejects it as a bad directive', () => {
    const dir = makeTmpDir('test-config-real');
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, 'sentinel monitor m 127.0.0.1 6379 1\n');
    const r = run(REAL_SENTINEL_BIN, ['--test-config', conf]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'test-config");
    expect(r.stderr).toContain('Bad directive or wrong number of arguments');
  });
});

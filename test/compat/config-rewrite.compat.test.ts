/**
 * Config compatibility with the real redis-sentinel 7.0.15
 * (REAL_SENTINEL_BIN, default /usr/bin/redis-sentinel).
 *
 * Rewrite: the real sentinel is started on a file without `sentinel myid`, so
 * it flushes its config at once; our rewrite then runs on the same input with
 * the same state (the id taken from the real output). Redis writes generic
 * options in hash order, so the non-comment lines are compared as multisets.
 * The known deliberate differences are kept out of these inputs: spec §12
 * (`known-slave` slot reuse, quoting values that need it), and renamed
 * command names, which the persistent state keeps lower-cased while Redis
 * writes them as given.
 *
 * Errors: bad files are given to both; the real report (stderr) and log
 * lines must match ours byte for byte.
 *
 * The binary is required: without it these tests fail with a message saying
 * how to install it (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/config/cli-args';
import { loadConfig } from '../../src/config/load';
import { renderRewrite } from '../../src/config/rewrite-bridge';
import { defaultTiming } from '../../src/core/timing';
import { withUsers } from '../helpers/config-users';
import { getFreePort } from '../helpers/free-port';
import { expectErr } from '../helpers/narrow';
import { killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked, tailFile } from '../helpers/processes';
import { assertSentinelBinUsable, REAL_SENTINEL_BIN } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

beforeAll(() => {
  assertSentinelBinUsable(REAL_SENTINEL_BIN);
  const v = spawnSync(REAL_SENTINEL_BIN, ['--version'], { encoding: 'utf8' });
  if (!v.stdout.includes('v=7.0.15')) throw new Error(`${REAL_SENTINEL_BIN} is not 7.0.15: ${v.stdout}${v.stderr}`);
});

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

/**
 * Redis 7.0 lists a user's single-command rules in command-table hash order
 * (`+sentinel|masters +ping` or `+ping +sentinel|masters`, per process), so
 * those are sorted after the leading `+@all`/`-@all`.
 */
function normaliseUserLine(line: string): string {
  if (!line.startsWith('user ')) return line;
  const words = line.split(' ');
  const first = words.findIndex((w) => w === '+@all' || w === '-@all');
  if (first < 0) return line;
  return [...words.slice(0, first + 1), ...words.slice(first + 1).sort()].join(' ');
}

function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map(normaliseUserLine)
    .sort();
}

interface RewriteCase {
  name: string;
  /** file content; PORT and DIR are substituted */
  file: string;
  args?: string[];
}

/** Runs the real sentinel until its first flush; returns the new file text. */
async function realFirstRewrite(dir: string, confPath: string, args: string[]): Promise<string> {
  const original = fs.readFileSync(confPath, 'utf8');
  const logPath = path.join(dir, 'real.out');
  const out = fs.openSync(logPath, 'w');
  const child = spawnTracked('real redis-sentinel', REAL_SENTINEL_BIN, [confPath, ...args], { cwd: dir, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  try {
    return await waitFor(
      () => {
        const now = fs.readFileSync(confPath, 'utf8');
        return now !== original && now.includes('sentinel myid ') ? now : null;
      },
      10_000,
      100,
      { description: 'the real sentinel to rewrite its config', details: () => tailFile(logPath) },
    );
  } finally {
    await killPid(child, 'SIGKILL');
  }
}

const CASES: RewriteCase[] = [
  {
    name: 'stock-like file',
    file: [
      '# a sentinel configuration in the shape of the shipped one',
      'protected-mode no',
      'port PORT',
      'daemonize no',
      'pidfile DIR/sentinel.pid',
      'logfile ""',
      'dir DIR',
      '   # an indented comment with trailing blanks   ',
      'sentinel monitor mymaster 127.0.0.1 1 2',
      'sentinel down-after-milliseconds mymaster 30000',
      'acllog-max-len 128',
      'sentinel parallel-syncs mymaster 1',
      'sentinel failover-timeout mymaster 180000',
      'sentinel deny-scripts-reconfig yes',
      'SENTINEL resolve-hostnames no',
      'SENTINEL announce-hostnames no',
      'SENTINEL master-reboot-down-after-period mymaster 0',
      'bind 127.0.0.1',
      '',
    ].join('\n'),
  },
  {
    name: 'minimal file with users and requirepass',
    file: [
      'port PORT',
      'bind 127.0.0.1',
      'requirepass pw',
      'logfile "DIR/sentinel.log"',
      'dir DIR',
      'user alice on >apw ~* &* +@all',
      'user bob on >bpw +ping +sentinel|masters',
      '',
    ].join('\n'),
  },
  {
    name: 'generic values in canonical form, duplicates, unknown and deprecated lines, options',
    file: [
      'port 1',
      'dir DIR',
      'maxmemory 1048576',
      'appendonly YES',
      'hz 1000',
      'port PORT',
      'save 900 1',
      'save 300 10',
      'lua-replicate-commands yes',
      'client-output-buffer-limit pubsub 32mb 8mb 60',
      'oom-score-adj-values 0 200 800',
      'notify-keyspace-events KEA',
      'tls-protocols "TLSv1.2 TLSv1.3"',
      'slave-read-only no',
      'sentinel monitor m1 127.0.0.1 2 1',
      'sentinel monitor m2 127.0.0.1 3 2',
      'sentinel down-after-milliseconds m2 5000',
      'sentinel parallel-syncs m2 3',
      'sentinel auth-pass m2 secret',
      'sentinel auth-user m2 admin',
      'sentinel rename-command m2 CONFIG guarded',
      'sentinel config-epoch m1 4',
      'sentinel leader-epoch m1 5',
      'sentinel known-replica m1 127.0.0.1 4',
      'sentinel known-sentinel m1 127.0.0.1 5 0123456789abcdef0123456789abcdef01234567',
      'sentinel known-sentinel m1 127.0.0.1 6',
      'sentinel current-epoch 3',
      'sentinel announce-ip 10.0.0.1',
      'sentinel announce-port 26999',
      'sentinel sentinel-user su',
      'sentinel sentinel-pass sp',
      'sentinel resolve-hostnames yes',
      '',
    ].join('\n'),
    args: ['--loglevel', 'verbose', '--maxclients', '100'],
  },
];

describe('config rewrite matches redis-sentinel 7.0.15 (as line multisets)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = makeTmpDir('rewrite-compat');
      const port = await getFreePort();
      const text = c.file.replaceAll('PORT', String(port)).replaceAll('DIR', dir);
      const confPath = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(confPath, text);
      const args = c.args ?? [];

      const cli = parseCliArgs(['sentinel.conf', ...args], dir, '0.0.0');
      if (cli.kind !== 'run') throw new Error('unexpected cli action');
      const loaded = loadConfig(cli, { cwd: dir });
      if (!loaded.ok) throw new Error(`our loader refused the input: ${loaded.error.message}`);

      const real = await realFirstRewrite(dir, confPath, args);
      const myid = /^sentinel myid ([0-9a-f]{40})$/m.exec(real)?.[1];
      expect(myid, 'myid in the real output').toBeDefined();
      loaded.value.sentinel.myid = myid ?? null;
      const ours = renderRewrite(text, loaded.value.sentinel, withUsers(loaded.value), defaultTiming(), loaded.value.generic.dir ?? dir);

      expect(meaningfulLines(ours)).toEqual(meaningfulLines(real));
      // Comments (with their trimming and `# ???`) keep their places too.
      expect(ours.split('\n').filter((l) => l.startsWith('#'))).toEqual(real.split('\n').filter((l) => l.startsWith('#')));
    });
  }
});

const ERROR_CASES: string[] = [
  'sentinel monitor m 127.0.0.1 6379 abc',
  'sentinel monitor m redis.example 6379 2',
  'sentinel myid',
  'sentinel monitor m 127.0.0.1 6379 2\nsentinel known-replica m 127.0.0.1 6380\nsentinel known-slave m 127.0.0.01 6380',
  'sentinel down-after-milliseconds m 0\nsentinel monitor m 127.0.0.1 6379 0',
  'sentinel monitor m 127.0.0.1 6379 0\nsentinel myid short',
  'sentinel monitor m 127.0.0.1 6379 2\nsentinel rename-command m CONFIG a\nsentinel rename-command m config b',
  'sentinel monitor m 127.0.0.1 6379 2\nsentinel master-reboot-down-after-period m -1',
  'sentinel resolve-hostnames maybe',
  'port 1 2',
  'bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17',
  'maxmemory-policy foo',
  'shutdown-on-sigterm save nosave',
  'foo bar',
  '"port" "abc',
  'lua-replicate-commands yes yes',
  'maxclients -1',
  'unixsocketperm 800',
  'maxmemory-clients 101%',
  'client-output-buffer-limit pubsub 1mb 2mb -1',
  'oom-score-adj-values 1 2 3000',
  'notify-keyspace-events Q',
  'latency-tracking-info-percentiles 50 101',
  'dir /nonexistent-dir-for-compat',
  'appendfilename ""',
  'proc-title-template {foo}',
  'rename-command CONFIG x',
  'rename-command PING SENTINEL',
  'some.module.opt',
  'include /nonexistent-include-for-compat.conf',
  'logfile /nonexistent-dir-for-compat/x.log',
  'repl-backlog-size 0',
  'tcp-backlog 00',
  'save 0 1',
];

/** What a failed start shows: warning log messages, then the stderr report. */
function realFailure(dir: string, confPath: string, args: string[]): string {
  const r = spawnSync(REAL_SENTINEL_BIN, [confPath, ...args], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
  expect(r.status, `real sentinel should refuse the file; stdout: ${r.stdout}`).toBe(1);
  const logs = r.stdout
    .split('\n')
    .map((l) => /^\d+:X .{24} # (.*)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined);
  return [...logs.map((m) => `LOG ${m}\n`), r.stderr].join('');
}

describe('config errors match redis-sentinel 7.0.15', () => {
  for (const text of ERROR_CASES) {
    it(JSON.stringify(text), async () => {
      const dir = makeTmpDir('errors-compat');
      const confPath = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(confPath, `${text}\n`);
      const args = ['--port', String(await getFreePort())];
      const cli = parseCliArgs(['sentinel.conf', ...args], dir, '0.0.0');
      if (cli.kind !== 'run') throw new Error('unexpected cli action');
      const e = expectErr(loadConfig(cli, { cwd: dir }));
      const ours = [...e.logs.map((l) => `LOG ${l.message}\n`), e.kind === 'log' ? `LOG ${e.message}\n` : e.message].join('');
      expect(ours).toBe(realFailure(dir, confPath, args));
    });
  }
});

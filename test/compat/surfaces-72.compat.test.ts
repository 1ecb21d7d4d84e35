/**
 * The Redis 7.2 surfaces served on top of 7.0.15: every new command and
 * parameter with its errors. Each request goes to the real redis-sentinel
 * 7.0.15 (REAL_SENTINEL_BIN) and to ours; the expected answers of both are
 * written out, so the difference is documented here rather than found: 7.0.15
 * answers an error (or nothing) where 7.2 has the feature, and ours answers
 * as 7.2.5 does (read from its sentinel.c, networking.c and command files).
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { REAL_SENTINEL_BIN, SentinelProcess, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';
import { COMMAND_DOCS } from '../../src/server/commands/command-docs-data';

const OURS_BIN = sentinelBinUnderTest();
const ONLY_70 = '-ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.\r\n';
const ONLY_72 = '-ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.\r\n';
/** Served and documented, listed only under a compat-release that has them. */
const NEWER_THAN_70 = ['client|setinfo', 'sentinel|primaries', 'sentinel|primary', 'sentinel|get-primary-addr-by-name', 'sentinel|is-primary-down-by-addr'];
const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
const pairs = (...kv: string[]) => `*${kv.length}\r\n${kv.map(bulk).join('')}`;

/** [request, redis-sentinel 7.0.15's answer, ours (7.2's)], in order: the SETs change what later GETs show. */
const CASES: Array<[string[], string, string]> = [
  [
    ['SENTINEL', 'CONFIG', 'GET', '*'],
    pairs('resolve-hostnames', 'no', 'announce-hostnames', 'no', 'announce-ip', '', 'announce-port', '0', 'sentinel-user', '', 'sentinel-pass', ''),
    pairs('resolve-hostnames', 'no', 'announce-hostnames', 'no', 'announce-ip', '', 'announce-port', '0', 'sentinel-user', '', 'sentinel-pass', '', 'loglevel', 'notice'),
  ],
  [['SENTINEL', 'CONFIG', 'GET', 'loglevel'], '*0\r\n', pairs('loglevel', 'notice')],
  [['SENTINEL', 'CONFIG', 'SET', 'loglevel', 'warning'], "-ERR Invalid argument 'loglevel' to SENTINEL CONFIG SET\r\n", '+OK\r\n'],
  [['SENTINEL', 'CONFIG', 'SET', 'loglevel', 'loud'], "-ERR Invalid argument 'loglevel' to SENTINEL CONFIG SET\r\n", "-ERR Invalid value 'loud' to SENTINEL CONFIG SET 'loglevel'\r\n"],
  [['SENTINEL', 'CONFIG', 'SET', 'LOGLEVEL', 'NOTICE'], "-ERR Invalid argument 'LOGLEVEL' to SENTINEL CONFIG SET\r\n", '+OK\r\n'],
  // Lists: patterns, each parameter once, in the table's order.
  [['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'yes', 'announce-port', '1234'], ONLY_70, '+OK\r\n'],
  [['SENTINEL', 'CONFIG', 'GET', 'announce-port', 'resolve-hostnames'], ONLY_70, pairs('announce-port', '1234', 'resolve-hostnames', 'yes')],
  [['SENTINEL', 'CONFIG', 'GET', 'resolve-hostnames', 'resolve-hostnames', 'does-not-exist'], ONLY_70, pairs('resolve-hostnames', 'yes')],
  [['SENTINEL', 'CONFIG', 'GET', 'log*', '*level', 'loglevel'], ONLY_70, pairs('loglevel', 'notice')],
  [['SENTINEL', 'CONFIG', 'GET', 'announce*'], pairs('announce-hostnames', 'no', 'announce-ip', '', 'announce-port', '0'), pairs('announce-hostnames', 'no', 'announce-ip', '', 'announce-port', '1234')],
  // All or nothing, checked pair by pair: name known, not repeated, value present, value valid.
  [['SENTINEL', 'CONFIG', 'SET', 'does-not-exist', 'yes', 'announce-port', '1'], ONLY_70, "-ERR Invalid argument 'does-not-exist' to SENTINEL CONFIG SET\r\n"],
  [['SENTINEL', 'CONFIG', 'SET', 'announce-port', '1', 'Announce-Port', '2'], ONLY_70, "-ERR Duplicate argument 'Announce-Port' to SENTINEL CONFIG SET\r\n"],
  [['SENTINEL', 'CONFIG', 'SET', 'announce-port', '1', 'announce-ip'], ONLY_70, "-ERR Missing argument 'announce-ip' value\r\n"],
  [['SENTINEL', 'CONFIG', 'SET', 'announce-port', '-1', 'resolve-hostnames', 'no'], ONLY_70, "-ERR Invalid value '-1' to SENTINEL CONFIG SET 'announce-port'\r\n"],
  [['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'no', 'announce-port', '70000'], ONLY_70, "-ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'\r\n"],
  [['SENTINEL', 'CONFIG', 'GET', 'announce-port', 'resolve-hostnames'], ONLY_70, pairs('announce-port', '1234', 'resolve-hostnames', 'yes')],
  [['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'no', 'announce-port', '0'], ONLY_70, '+OK\r\n'],
  // The usage error names the lists (7.2's words).
  [['SENTINEL', 'CONFIG', 'foo', 'bar'], ONLY_70, ONLY_72],
  [['SENTINEL', 'CONFIG', 'SET', 'announce-port'], ONLY_70, ONLY_72],
  // 7.2's arities: CONFIG needs four arguments, GETKEYS three.
  [['SENTINEL', 'CONFIG', 'GET'], ONLY_70, "-ERR wrong number of arguments for 'sentinel|config' command\r\n"],
  [['SENTINEL', 'CONFIG', 'foo'], ONLY_70, "-ERR wrong number of arguments for 'sentinel|config' command\r\n"],
  [['COMMAND', 'GETKEYS', 'ping'], "-ERR wrong number of arguments for 'command|getkeys' command\r\n", '-ERR The command has no key arguments\r\n'],
  // CLIENT SETINFO (7.2); CLIENT NO-TOUCH stays unknown in sentinel mode, in 7.2 too.
  [['CLIENT', 'SETINFO', 'lib-name', 'redis-py'], "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", '+OK\r\n'],
  [['CLIENT', 'SETINFO', 'LIB-VER', '5.0.1'], "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", '+OK\r\n'],
  [['CLIENT', 'SETINFO', 'lib-ver', 'a b'], "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", '-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n'],
  [['CLIENT', 'SETINFO', 'lib-x', 'a'], "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", "-ERR Unrecognized option 'lib-x'\r\n"],
  [['CLIENT', 'SETINFO', 'lib-name'], "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", "-ERR wrong number of arguments for 'client|setinfo' command\r\n"],
  [['CLIENT', 'NO-TOUCH', 'on'], "-ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP.\r\n", "-ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP.\r\n"],
  [['COMMAND', 'INFO', 'client|setinfo'], '*1\r\n$-1\r\n', '*1\r\n*10\r\n$14\r\nclient|setinfo\r\n:4\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n'],
  [['COMMAND', 'COUNT'], ':15\r\n', ':15\r\n'],
];

describe(`Redis 7.2 surfaces: ${REAL_SENTINEL_BIN} (7.0.15) vs ${OURS_BIN}`, () => {
  let real: SentinelProcess;
  let ours: SentinelProcess;

  beforeAll(async () => {
    const opts = { masterPort: 1, quorum: 1, downAfterMs: 3_600_000 };
    [real, ours] = await Promise.all([SentinelProcess.start({ ...opts, binary: REAL_SENTINEL_BIN }), SentinelProcess.start({ ...opts, binary: OURS_BIN })]);
  }, 30000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  });

  it('every new command and parameter, with its errors: 7.0.15 refuses, ours answers as 7.2.5', async () => {
    for (const [req, real70, ours72] of CASES) {
      const [a, b] = await Promise.all([real.call(req), ours.call(req)]);
      expect.soft(a.raw.toString(), `7.0.15: ${req.join(' ')}`).toBe(real70);
      expect.soft(b.raw.toString(), `ours: ${req.join(' ')}`).toBe(ours72);
    }
  }, 30000);

  it('COMMAND DOCS documents every command, with 7.2 argument lists; LIST stays 7.0.15\'s 72 entries under the default compat-release (client|setinfo served, not listed)', async () => {
    const list = (await ours.call(['COMMAND', 'LIST'])).value;
    const names = list.type === 'array' && list.value ? list.value.map((v) => String(v.value)) : [];
    const realList = (await real.call(['COMMAND', 'LIST'])).value;
    const realNames = realList.type === 'array' && realList.value ? realList.value.map((v) => String(v.value)) : [];
    expect(realNames).toHaveLength(72);
    // 7.0.15's own suite counts exactly these 72; 7.2.5's wants client|setinfo
    // in the list too. Both cannot hold: the default release, 7.0.15, keeps
    // its list (surfaces-release.compat.test.ts: the other releases' lists).
    expect([...names].sort()).toEqual([...realNames].sort());
    // Every command of 7.2.5's sentinel table (and Valkey's) is documented and served.
    for (const name of Object.keys(COMMAND_DOCS)) {
      if (!NEWER_THAN_70.includes(name)) expect.soft(names, `COMMAND LIST has ${name}`).toContain(name);
      const raw = (await ours.call(['COMMAND', 'DOCS', name])).raw.toString();
      expect.soft(raw, `COMMAND DOCS ${name}`).toContain(`${bulk(name)}`);
      expect.soft(raw, `COMMAND DOCS ${name} has a summary`).toContain(bulk('summary'));
    }
    const ping = (await ours.call(['COMMAND', 'DOCS', 'ping'])).raw.toString();
    expect(ping).toContain(`${bulk('arguments')}*1\r\n*8\r\n${bulk('name')}${bulk('message')}${bulk('type')}${bulk('string')}${bulk('display_text')}${bulk('message')}${bulk('flags')}*1\r\n+optional\r\n`);
    // 7.0.15 has the argument lists too, without display_text (7.2 added it).
    const realPing = (await real.call(['COMMAND', 'DOCS', 'ping'])).raw.toString();
    expect(realPing).not.toContain('display_text');
    for (const cmd of ['save', 'bgrewriteaof', 'blpop', 'replicaof']) {
      expect.soft((await ours.call(['COMMAND', 'DOCS', cmd])).raw.toString(), `COMMAND DOCS ${cmd}`).toBe('*0\r\n');
    }
  }, 30000);

  it('INFO and --version name the surfaces; redis_version stays 7.0.15', async () => {
    const info = String((await ours.call(['INFO', 'server'])).value.value);
    expect(info).toContain('\r\nredis_version:7.0.15\r\n');
    expect(info).toContain('\r\nsentinel_surfaces:redis-7.0.15,redis-7.2.5,redis-7.4.1,valkey-8.0.1\r\n');
    expect(String((await real.call(['INFO', 'server'])).value.value)).not.toContain('sentinel_surfaces');
  }, 30000);

  it('CONFIG SET loglevel reaches the log and the rewritten config; nothing silences it', async () => {
    const from = ours.logOffset();
    expect((await ours.call(['SENTINEL', 'CONFIG', 'SET', 'loglevel', 'debug'])).raw.toString()).toBe('+OK\r\n');
    expect(ours.readConfig()).toMatch(/^loglevel debug$/m);
    // Debug lines (the `.` mark) come with the link retries to the missing master.
    await waitFor(() => ours.logLines(from).some((l) => / \. /.test(l)), 10000, 100, { description: 'a debug line' });
    expect((await ours.call(['SENTINEL', 'CONFIG', 'SET', 'loglevel', 'nothing'])).raw.toString()).toBe('+OK\r\n');
    expect(ours.readConfig()).toMatch(/^loglevel nothing$/m);
    const silent = ours.logOffset();
    await ours.call(['SENTINEL', 'SET', 'mymaster', 'quorum', '1']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(ours.logLines(silent)).toEqual([]);
    expect((await ours.call(['SENTINEL', 'CONFIG', 'SET', 'loglevel', 'notice'])).raw.toString()).toBe('+OK\r\n');
  }, 30000);

  it('loglevel nothing loads from the file and from --loglevel (7.0.15 refuses both)', async () => {
    for (const o of [{ extraConfig: ['loglevel nothing'] }, { extraArgs: ['--loglevel', 'nothing'] }]) {
      const s = await SentinelProcess.start({ masterPort: 1, binary: OURS_BIN, ...o });
      const r = (await s.call(['SENTINEL', 'CONFIG', 'GET', 'loglevel'])).raw.toString();
      expect(r).toBe(pairs('loglevel', 'nothing'));
      expect(fs.existsSync(s.logFile) ? fs.readFileSync(s.logFile, 'utf8') : '').toBe('');
      await s.stop();
    }
    await expect(SentinelProcess.start({ masterPort: 1, binary: REAL_SENTINEL_BIN, extraConfig: ['loglevel nothing'], startTimeoutMs: 3000 })).rejects.toThrow();
  }, 60000);
});

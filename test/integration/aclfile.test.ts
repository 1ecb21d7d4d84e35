/**
 * `aclfile`, ACL LOAD and ACL SAVE: our daemon and the real redis-sentinel
 * 7.0.15 run the same script and must answer the same. The aclfile is named
 * relative to `dir`, so error texts (which quote the name) are comparable.
 * Every process is started through spawnTracked and stopped by PID; every
 * wait is bounded; every file lives in a temp dir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { plain } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, REAL_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { sleep } from '../helpers/wait';

type Which = 'ours' | 'real';
const BIN: Record<Which, string> = { ours: OUR_SENTINEL_BIN, real: REAL_SENTINEL_BIN };

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

const GOOD = ['user default on nopass ~* &* +@all', 'user alice on >secret ~* &* +@all', ''].join('\n');
const BAD = [
  'user alice on >pw +@all ~*',
  '# comments are not allowed',
  'user bob on +nosuch -foo badrule badrule2',
  'user alice on',
  'user',
  '',
].join('\n');

/** A scripted session against one binary; returns everything observable, for side-by-side comparison. */
async function script(which: Which): Promise<Record<string, unknown>> {
  const masterPort = await getFreePort();
  // SentinelProcess writes the config into its own temp dir; the aclfile must exist first, so it goes in with an absolute dir.
  const aclDir = makeTmpDir(`aclfile-${which}`);
  fs.writeFileSync(path.join(aclDir, 'users.acl'), GOOD);
  const s = await SentinelProcess.start({ binary: BIN[which], masterPort, extraConfig: [`dir "${aclDir}"`, 'aclfile users.acl'] });
  const file = path.join(aclDir, 'users.acl');
  const out: Record<string, unknown> = {};
  try {
    const call = async (...args: string[]): Promise<unknown> => plain((await s.call(args)).value);
    out.listAtStart = await call('ACL', 'LIST');
    const alice = await s.connect();
    out.aliceAuth = plain((await alice.call(['AUTH', 'alice', 'secret'])).value);
    out.setuser = await call('ACL', 'SETUSER', 'bob', 'on', '>pw', '+ping');
    out.save = await call('ACL', 'SAVE');
    out.savedFile = fs.readFileSync(file, 'utf8');
    out.savedMode = fs.statSync(file).mode & 0o777;
    out.tmpLeft = fs.readdirSync(aclDir).filter((n) => n.includes('.tmp-'));
    // round trip: what was saved loads back to the same users
    out.loadSaved = await call('ACL', 'LOAD');
    out.listAfterRoundTrip = await call('ACL', 'LIST');
    // a bad file is refused as a whole and the users stay
    fs.writeFileSync(file, BAD);
    const bad = await call('ACL', 'LOAD');
    out.badLoad = bad instanceof Error ? bad.message : bad;
    out.listAfterBadLoad = await call('ACL', 'LIST');
    fs.unlinkSync(file);
    const missing = await call('ACL', 'LOAD');
    out.missingLoad = missing instanceof Error ? missing.message : missing;
    // a good file replaces everyone; clients of replaced users are disconnected
    fs.writeFileSync(file, 'user carol on nopass +@all\n');
    out.goodLoad = await call('ACL', 'LOAD');
    out.users = await call('ACL', 'USERS');
    out.defaultAfterLoad = await call('ACL', 'GETUSER', 'default');
    await sleep(200);
    out.aliceAfterLoad = await alice.call(['PING'], 1000).then(
      (r) => plain(r.value),
      () => 'disconnected',
    );
    alice.close();
  } finally {
    await s.stop();
  }
  return out;
}

/** Runs a config that must make the binary exit by itself: exit code and last log message. */
async function startFails(which: Which, aclText: string | null, extra: string[]): Promise<{ code: number | null; last: string }> {
  const dir = makeTmpDir(`aclfile-bad-${which}`);
  if (aclText !== null) fs.writeFileSync(path.join(dir, 'users.acl'), aclText);
  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(conf, [`port ${await getFreePort()}`, 'aclfile users.acl', ...extra].join('\n') + '\n');
  const [cmd, args] = which === 'ours' ? [process.execPath, [OUR_SENTINEL_BIN, conf]] : [REAL_SENTINEL_BIN, [conf]];
  const child = spawnTracked(`${which} aclfile bad`, cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  try {
    await waitExit(child, 15000, `${which} aclfile bad`);
  } catch (e) {
    await killPid(child, 'SIGKILL');
    throw e;
  }
  await Promise.race([closed, sleep(2000)]);
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
  return { code: child.exitCode, last: (lines.at(-1) ?? '').replace(/^\d+:X .{24} /, '') };
}

describe('aclfile', () => {
  it('load at start, ACL SAVE, ACL LOAD round trip, bad and missing files keep the users: same as redis-sentinel', async () => {
    const real = await script('real');
    const ours = await script('ours');
    // the reference, so that a change of the installed binary is noticed
    expect(real.listAtStart).toEqual([expect.stringMatching(/^user alice on #[0-9a-f]{64} ~\* &\* \+@all$/), 'user default on nopass ~* &* +@all']);
    expect(real.aliceAfterLoad).toBe('disconnected');
    expect(real.badLoad).toMatch(/^ERR users\.acl:2 should start with user keyword/);
    expect(ours).toEqual(real);
  }, 60000);

  const cases: Array<{ name: string; acl: string | null; extra?: string[] }> = [
    { name: 'errors in the file', acl: BAD },
    { name: 'missing file', acl: null },
    { name: 'user lines in the config as well', acl: GOOD, extra: ['user x on'] },
  ];
  for (const tc of cases) {
    it(`refuses to start like redis-sentinel: ${tc.name}`, async () => {
      const real = await startFails('real', tc.acl, tc.extra ?? []);
      const ours = await startFails('ours', tc.acl, tc.extra ?? []);
      expect(real.code).toBe(1);
      expect(ours).toEqual(real);
    });
  }
});

/**
 * Redis 7.4's sentinel-visible additions (CLIENT KILL MAXAGE, the CONFIG
 * usage error's spacing), Valkey 8's command docs, and `compat-release`, the
 * directive (ours) that picks whose answer is given where the served releases
 * contradict each other. Each request also goes to the real redis-sentinel
 * 7.0.15 (REAL_SENTINEL_BIN): its answer is written out next to ours.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { plain, RespClient } from '../helpers/resp-client';
import type { RespValue } from '../helpers/resp-client';
import { REAL_SENTINEL_BIN, SentinelProcess, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

const OURS_BIN = sentinelBinUnderTest();
const OPTS = { masterPort: 1, quorum: 1, downAfterMs: 3_600_000 };
const USAGE_72 = 'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.';
const USAGE_74 = 'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...] / SET <param> <value> [<param> <value> ...] are supported.';
const VALKEY_NAMES = ['sentinel|primaries', 'sentinel|primary', 'sentinel|get-primary-addr-by-name', 'sentinel|is-primary-down-by-addr'];

function names(v: RespValue): string[] {
  return v.type === 'array' && v.value ? v.value.map((x) => String(x.value)) : [];
}

function errorText(v: RespValue): string | null {
  return v.type === 'error' ? v.value : null;
}

let real: SentinelProcess;
let ours: SentinelProcess;

beforeAll(async () => {
  [real, ours] = await Promise.all([SentinelProcess.start({ ...OPTS, binary: REAL_SENTINEL_BIN }), SentinelProcess.start({ ...OPTS, binary: OURS_BIN })]);
}, 30000);

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

describe('CLIENT KILL MAXAGE (Redis 7.4, Valkey 8)', () => {
  const cases: Array<[string[], string, string]> = [
    [['CLIENT', 'KILL', 'MAXAGE', '0'], 'ERR syntax error', 'ERR maxage should be greater than 0'],
    [['CLIENT', 'KILL', 'MAXAGE', '-3'], 'ERR syntax error', 'ERR maxage should be greater than 0'],
    [['CLIENT', 'KILL', 'MAXAGE', 'abc'], 'ERR syntax error', 'ERR maxage is not an integer or out of range'],
    [['CLIENT', 'KILL', 'MAXAGE', '9223372036854775808'], 'ERR syntax error', 'ERR maxage is not an integer or out of range'],
    [['CLIENT', 'KILL', 'MAXAGE', '1', 'TYPE'], 'ERR syntax error', 'ERR syntax error'],
  ];
  for (const [req, real70, ours74] of cases) {
    it(`${req.join(' ')}: 7.0.15 '${real70}', ours '${ours74}'`, async () => {
      expect(errorText((await real.call(req)).value)).toBe(real70);
      expect(errorText((await ours.call(req)).value)).toBe(ours74);
    });
  }

  it('kills the clients at least that many seconds old, and no younger one', async () => {
    const old = await RespClient.connect(ours.port);
    try {
      const id = String(plain((await old.call(['CLIENT', 'ID'])).value));
      // Ages are whole seconds of the clock: wait until the server counts this one as 1 s old.
      await waitFor(
        async () => /\bage=([1-9]\d*)\b/.test(String(plain((await ours.call(['CLIENT', 'LIST', 'ID', id])).value))),
        10000,
        100,
        { description: 'a client 1 s old' },
      );
      // A fresh connection (each call opens one) is 0 s old and is not killed.
      expect(plain((await ours.call(['CLIENT', 'KILL', 'MAXAGE', '100000'])).value)).toBe(0);
      expect(plain((await ours.call(['CLIENT', 'KILL', 'MAXAGE', '1', 'ID', id])).value)).toBe(1);
      await waitFor(() => old.closed, 5000, 20, { description: 'the old client closed' });
    } finally {
      old.close();
    }
  });
});

describe('COMMAND DOCS: 7.4 and Valkey 8 entries', () => {
  it("client|kill documents MAXAGE with 7.4's history; 7.0.15 has no MAXAGE", async () => {
    const doc = JSON.stringify(plain((await ours.call(['COMMAND', 'DOCS', 'client|kill'])).value));
    expect(doc).toContain('"maxage"');
    expect(doc).toContain('`MAXAGE` option.');
    expect(JSON.stringify(plain((await real.call(['COMMAND', 'DOCS', 'client|kill'])).value))).not.toContain('maxage');
  });

  it("the Valkey spellings carry Valkey 8.0.1's docs (since 8.0.0, primary-name); 7.0.15 has none", async () => {
    for (const name of VALKEY_NAMES) {
      const doc = JSON.stringify(plain((await ours.call(['COMMAND', 'DOCS', name])).value));
      expect.soft(doc, name).toContain('"since","8.0.0"');
      expect.soft(JSON.stringify(plain((await real.call(['COMMAND', 'DOCS', name])).value)), name).toBe('[]');
    }
    expect(JSON.stringify(plain((await ours.call(['COMMAND', 'DOCS', 'sentinel|primary'])).value))).toContain('"primary-name"');
    // The 7.0 names keep Redis's docs: not deprecated here.
    expect(JSON.stringify(plain((await ours.call(['COMMAND', 'DOCS', 'sentinel|master'])).value))).not.toContain('deprecated');
  });
});

describe('compat-release: where the releases contradict each other', () => {
  it('COMMAND LIST: 7.0.15 its 72, 7.2.5 and 7.4.1 add client|setinfo, valkey-8.0.1 its PRIMARY spellings too', async () => {
    const real70 = names((await real.call(['COMMAND', 'LIST'])).value).sort();
    expect(real70).toHaveLength(72);
    const expected: Record<string, string[]> = {
      'redis-7.0.15': real70,
      'redis-7.2.5': [...real70, 'client|setinfo'].sort(),
      'redis-7.4.1': [...real70, 'client|setinfo'].sort(),
      'valkey-8.0.1': [...real70, 'client|setinfo', ...VALKEY_NAMES].sort(),
    };
    expect(names((await ours.call(['COMMAND', 'LIST'])).value).sort()).toEqual(real70);
    for (const [release, list] of Object.entries(expected)) {
      const s = await SentinelProcess.start({ ...OPTS, binary: OURS_BIN, extraConfig: [`compat-release ${release}`] });
      try {
        expect.soft(names((await s.call(['COMMAND', 'LIST'])).value).sort(), release).toEqual(list);
        expect.soft(plain((await s.call(['COMMAND', 'COUNT'])).value), release).toBe(15);
        // Served whatever the release: only the listing follows it.
        expect.soft(plain((await s.call(['CLIENT', 'SETINFO', 'LIB-NAME', 'x'])).value), release).toBe('OK');
        const usage = errorText((await s.call(['SENTINEL', 'CONFIG', 'foo', 'bar'])).value);
        expect.soft(usage, release).toBe(release === 'redis-7.4.1' || release === 'valkey-8.0.1' ? USAGE_74 : USAGE_72);
      } finally {
        await s.stop();
      }
    }
  }, 60000);

  it("Valkey 8.0.1's and Redis 7.2.5's 00-base 'Sentinel command flag infrastructure works correctly', under their releases", async () => {
    for (const release of ['redis-7.2.5', 'valkey-8.0.1']) {
      const s = await SentinelProcess.start({ ...OPTS, binary: OURS_BIN, extraConfig: [`compat-release ${release}`] });
      try {
        const list = names((await s.call(['COMMAND', 'LIST'])).value);
        for (const cmd of ['ping', 'info', 'subscribe', 'client|setinfo']) {
          expect.soft((await s.call(['COMMAND', 'DOCS', cmd])).raw.toString(), `${release} docs ${cmd}`).not.toBe('*0\r\n');
          expect.soft(list, release).toContain(cmd);
        }
        for (const cmd of ['save', 'bgrewriteaof', 'blpop', 'replicaof']) {
          expect.soft((await s.call(['COMMAND', 'DOCS', cmd])).raw.toString(), `${release} docs ${cmd}`).toBe('*0\r\n');
          expect.soft(list, release).not.toContain(cmd);
          expect.soft(errorText((await s.call([cmd])).value) ?? '', `${release} ${cmd}`).toMatch(/^ERR unknown command/);
        }
        expect.soft(errorText((await s.call(['CLIENT', 'NO-TOUCH', 'on'])).value) ?? '', release).toMatch(/^ERR unknown subcommand/);
      } finally {
        await s.stop();
      }
    }
  }, 30000);

  it("CLIENT INFO/LIST: 7.0.15's fields by default; 7.2 adds lib-name/lib-ver, 7.4 watch, Valkey 8 tot-net-in/out", async () => {
    const keys = (line: string): string[] => line.trim().split(' ').map((f) => f.slice(0, f.indexOf('=')));
    const real70 = keys(String(plain((await real.call(['CLIENT', 'INFO'])).value)));
    const withWatch = real70.flatMap((k) => (k === 'multi' ? [k, 'watch'] : [k]));
    const expected: Record<string, string[]> = {
      'redis-7.0.15': real70,
      'redis-7.2.5': [...real70, 'lib-name', 'lib-ver'],
      'redis-7.4.1': [...withWatch, 'lib-name', 'lib-ver'],
      'valkey-8.0.1': [...withWatch, 'lib-name', 'lib-ver', 'tot-net-in', 'tot-net-out'],
    };
    for (const [release, fields] of Object.entries(expected)) {
      const s = await SentinelProcess.start({ ...OPTS, binary: OURS_BIN, extraConfig: [`compat-release ${release}`] });
      const c = await s.connect();
      try {
        expect(plain((await c.call(['CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py'])).value)).toBe('OK');
        expect(plain((await c.call(['CLIENT', 'SETINFO', 'lib-ver', '5.0.1'])).value)).toBe('OK');
        const info = String(plain((await c.call(['CLIENT', 'INFO'])).value));
        expect.soft(keys(info), release).toEqual(fields);
        if (fields.includes('lib-name')) expect.soft(info, release).toContain(' lib-name=redis-py lib-ver=5.0.1');
        const list = String(plain((await c.call(['CLIENT', 'LIST'])).value));
        expect.soft(keys(list), release).toEqual(fields);
      } finally {
        c.close();
        await s.stop();
      }
    }
  }, 30000);

  it('is kept by the rewrite; --compat-release works as any --directive', async () => {
    const s = await SentinelProcess.start({ ...OPTS, binary: OURS_BIN, extraArgs: ['--compat-release', 'redis-7.2.5'] });
    try {
      expect(plain((await s.call(['SENTINEL', 'FLUSHCONFIG'])).value)).toBe('OK');
      expect(s.readConfig()).toMatch(/^compat-release redis-7\.2\.5$/m);
      expect(names((await s.call(['COMMAND', 'LIST'])).value)).toContain('client|setinfo');
    } finally {
      await s.stop();
    }
    // Absent from the file, it is not added (the default is not written).
    expect(plain((await ours.call(['SENTINEL', 'FLUSHCONFIG'])).value)).toBe('OK');
    expect(ours.readConfig()).not.toContain('compat-release');
  }, 30000);

  it('a value that is not a release is fatal, as for any enumerated directive; 7.0.15 does not know the directive', async () => {
    const dir = makeTmpDir('compat-release-bad');
    const conf = (text: string): string => {
      const p = path.join(dir, `${text.length}.conf`);
      fs.writeFileSync(p, `port 0\nsentinel monitor m 127.0.0.1 1 1\n${text}\n`);
      return p;
    };
    const r = spawnSync(process.execPath, [OURS_BIN, conf('compat-release redis-6.2')], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(">>> 'compat-release redis-6.2'");
    expect(r.stderr).toContain('argument(s) must be one of the following: redis-7.0.15, redis-7.2.5, redis-7.4.1, valkey-8.0.1');
    const rr = spawnSync(REAL_SENTINEL_BIN, [conf('compat-release redis-7.2.5')], { encoding: 'utf8', timeout: 10_000 });
    expect(rr.status).toBe(1);
    expect(rr.stderr).toContain('Bad directive or wrong number of arguments');
  });
});

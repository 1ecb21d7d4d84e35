/**
 * The published package works: `npm pack` + `npm install -g --prefix` of the
 * tarball gives a runnable redis-sentinel-ts (dist/ is in the tarball even
 * though git ignores it: package.json "files"). Only the npm registry is
 * used, for the three runtime dependencies.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { OUR_SENTINEL_BIN, REPO_ROOT, assertSentinelBinUsable } from '../helpers/sentinel-process';

const hasNpm = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasNpm)('npm pack + npm install -g', () => {
  afterAll(() => removeTmpDirs());

  it('installs a working redis-sentinel-ts', () => {
    assertSentinelBinUsable(OUR_SENTINEL_BIN);
    const dir = makeTmpDir('npm-pack');
    // dist/ is already built (pretest): no prepare run here, nothing rewritten in the work tree.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60000 });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = path.join(dir, pack.stdout.trim().split('\n').pop() ?? '');
    expect(fs.existsSync(tarball)).toBe(true);
    const prefix = path.join(dir, 'prefix');
    const inst = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', tarball], { encoding: 'utf8', timeout: 120000 });
    expect(inst.status, inst.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'redis-sentinel-ts');
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 15000 });
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^Redis server v=7\.0\.15 .* redis-sentinel-ts=\d+\.\d+\.\d+/);
    // The whole start-up path loads from the installed copy, too.
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, 'sentinel monitor m 127.0.0.1 6379 2\n');
    const t = spawnSync(bin, ['--test-config', conf], { encoding: 'utf8', timeout: 15000 });
    expect(t.status, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toBe('monitor m 127.0.0.1 6379 quorum 2 down-after-milliseconds 30000 failover-timeout 180000\n');
  }, 200000);
});

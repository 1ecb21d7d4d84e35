import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const bundleDir = path.resolve(__dirname, '../../dist/bundle');

/** Asks dist/bundle/load.js, in a fresh node, whether V8 takes the cache as a start would. */
function accepted(): string {
  const load = JSON.stringify(path.join(bundleDir, 'load.js'));
  const out = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${load}).codeCacheAccepted()))`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout;
}

describe('code cache of the bundle', () => {
  it('is made by the build and accepted under the daemon flags', () => {
    expect(fs.existsSync(path.join(bundleDir, 'cli.js.cache')), 'run `npm run build` first (npm test does)').toBe(true);
    expect(accepted()).toBe('true');
  });

  it('is refused, not fatal, when it does not match the source', () => {
    // A copy of the bundle directory with a cache made for other source.
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rsts-cache-'));
    try {
      for (const f of ['cli.js', 'load.js']) fs.copyFileSync(path.join(bundleDir, f), path.join(d, f));
      fs.writeFileSync(path.join(d, 'cli.js.cache'), Buffer.alloc(4096, 7));
      const load = JSON.stringify(path.join(d, 'load.js'));
      const out = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${load}).codeCacheAccepted()))`], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout).toBe('false');
      // And the daemon still starts from it: --version goes through main.
      const v = spawnSync(process.execPath, ['-e', `require(${load}).run(['--version'])`], { encoding: 'utf8', timeout: 20_000 });
      expect(v.status, v.stderr).toBe(0);
      expect(v.stdout).toMatch(/^Redis server v=7\.0\.15 /);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/config/atomic-write';
import { expectErr } from '../helpers/narrow';

const dirs: string[] = [];

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rsts-atomic-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) {
    fs.chmodSync(d, 0o755);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', () => {
    const d = tmpDir();
    const f = path.join(d, 'sentinel.conf');
    fs.writeFileSync(f, 'old\n');
    expect(writeFileAtomic(f, 'new\n')).toEqual({ ok: true });
    expect(fs.readFileSync(f, 'utf8')).toBe('new\n');
    expect(fs.readdirSync(d)).toEqual(['sentinel.conf']);
  });

  it('creates the file with 0644 minus the umask', () => {
    const d = tmpDir();
    const f = path.join(d, 'sentinel.conf');
    const old = process.umask(0o027);
    try {
      expect(writeFileAtomic(f, 'x').ok).toBe(true);
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(f).mode & 0o777).toBe(0o640);
  });

  it('replaces a symlink by a regular file, like rename(2)', () => {
    const d = tmpDir();
    const real = path.join(d, 'real.conf');
    const link = path.join(d, 'link.conf');
    fs.writeFileSync(real, 'real\n');
    fs.symlinkSync(real, link);
    expect(writeFileAtomic(link, 'new\n').ok).toBe(true);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(real, 'utf8')).toBe('real\n');
  });

  it('reports a missing directory as an error value', () => {
    const d = tmpDir();
    const r = writeFileAtomic(path.join(d, 'nope', 'sentinel.conf'), 'x');
    expect(r).toEqual({
      ok: false,
      error: 'Could not create tmp config file (No such file or directory)',
      strerror: 'No such file or directory',
    });
  });

  it('reports a path through a regular file as an error value', () => {
    const d = tmpDir();
    fs.writeFileSync(path.join(d, 'file'), '');
    const r = writeFileAtomic(path.join(d, 'file', 'sentinel.conf'), 'x');
    expect(r).toEqual({ ok: false, error: 'Could not create tmp config file (Not a directory)', strerror: 'Not a directory' });
  });

  // Root ignores directory permissions, so as root the write is done by a
  // child process running as "nobody" with the compiled module.
  it('reports a read-only directory and keeps the old content', () => {
    const d = tmpDir();
    const f = path.join(d, 'sentinel.conf');
    fs.writeFileSync(f, 'old\n');
    fs.chmodSync(d, 0o555);
    let r: unknown;
    if (isRoot) {
      const built = path.resolve(__dirname, '../../dist/src');
      expect(fs.existsSync(path.join(built, 'config', 'atomic-write.js')), 'run `npm run build` first (npm test does)').toBe(true);
      // The checkout may sit in a directory "nobody" cannot enter: give it a
      // copy of the module's layer and of what it imports: the core and entropy.js.
      const lib = tmpDir();
      fs.chmodSync(lib, 0o755);
      for (const layer of ['config', 'core']) {
        fs.mkdirSync(path.join(lib, layer), { mode: 0o755 });
        for (const f of fs.readdirSync(path.join(built, layer))) {
          if (f.endsWith('.js')) fs.copyFileSync(path.join(built, layer, f), path.join(lib, layer, f));
        }
      }
      fs.copyFileSync(path.join(built, 'entropy.js'), path.join(lib, 'entropy.js'));
      const mod = path.join(lib, 'config', 'atomic-write.js');
      const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(mod)}).writeFileAtomic(${JSON.stringify(f)}, "new\\n")))`;
      const out = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], { encoding: 'utf8', timeout: 20000 });
      expect(out.status, out.stderr).toBe(0);
      r = JSON.parse(out.stdout);
    } else {
      r = writeFileAtomic(f, 'new\n');
    }
    expect(r).toEqual({ ok: false, error: 'Could not create tmp config file (Permission denied)', strerror: 'Permission denied' });
    expect(fs.readFileSync(f, 'utf8')).toBe('old\n');
  });

  it('reports a failed rename, removes the temporary file and keeps the old content', () => {
    const d = tmpDir();
    const target = path.join(d, 'sentinel.conf');
    // A non-empty directory in the way makes rename(2) fail after the temp file was written.
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'k');
    expect(expectErr(writeFileAtomic(target, 'new\n'))).toMatch(/^Could not rename tmp config file \((Is a directory|Directory not empty)\)$/);
    expect(fs.readdirSync(d)).toEqual(['sentinel.conf']);
    expect(fs.readFileSync(path.join(target, 'keep'), 'utf8')).toBe('k');
  });

  it('never leaves a torn file: each reader sees the old or the new content', () => {
    const d = tmpDir();
    const f = path.join(d, 'sentinel.conf');
    const a = `${'a'.repeat(100_000)}\n`;
    const b = `${'b'.repeat(150_000)}\n`;
    fs.writeFileSync(f, a);
    for (let i = 0; i < 20; i++) {
      expect(writeFileAtomic(f, i % 2 === 0 ? b : a).ok).toBe(true);
      const seen = fs.readFileSync(f, 'utf8');
      expect(seen === a || seen === b).toBe(true);
    }
  });
});

/**
 * src/links/lazy-assert.ts, what the bundle hands redis-errors as `assert`:
 * the same checks as node:assert, with node:assert loaded only at the first
 * one. Each case runs in a fresh node, where nothing else has loaded
 * node:assert yet.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SHIM = path.resolve(__dirname, '../../dist/src/links/lazy-assert.js');
const BUNDLE = path.resolve(__dirname, '../../dist/bundle/cli.js');

function run(script: string): string {
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout;
}

const loaded = "process.moduleLoadList.includes('NativeModule assert')";

describe('lazy assert for redis-errors', () => {
  it('passes and fails as node:assert does, loading it at the first check', () => {
    const out = run(`
      const assert = require(${JSON.stringify(SHIM)});
      const seen = [${loaded}];
      assert(Buffer.from('x'));
      seen.push(${loaded});
      assert.strictEqual(typeof 1, 'number');
      const errs = [];
      for (const f of [() => assert(undefined), () => assert.strictEqual(typeof 'a', 'number')]) {
        try { f(); errs.push('no throw'); } catch (e) { errs.push(e.name + ':' + (e instanceof require('node:assert').AssertionError)); }
      }
      process.stdout.write(JSON.stringify({ seen, errs }));
    `);
    expect(JSON.parse(out)).toEqual({ seen: [false, true], errs: ['AssertionError:true', 'AssertionError:true'] });
  });

  it('is what the bundle gives redis-errors in place of node:assert', () => {
    const bundle = fs.readFileSync(BUNDLE, 'utf8');
    // redis-errors' own `require('assert')` (two: its modern and its old-Node variant) is resolved to the shim...
    expect(bundle).not.toMatch(/require\("assert"\)/);
    expect(bundle).toContain('dist/src/links/lazy-assert.js');
    // ...and loading the program still loads no node:assert (cli.js only defines main() when required).
    expect(run(`require(${JSON.stringify(BUNDLE)}); process.stdout.write(String(${loaded}))`)).toBe('false');
  });
});

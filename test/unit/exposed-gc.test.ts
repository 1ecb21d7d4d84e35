/**
 * src/exposed-gc.ts in a node of its own: gc() only exists under
 * --expose-gc, which the daemon's launcher sets and vitest's workers lack.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE = JSON.stringify(path.resolve(__dirname, '../../dist/src/exposed-gc.js'));

function runNode(flags: string[], script: string): unknown {
  const out = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as unknown;
}

// Old space left fragmented the way a start leaves it: many objects promoted,
// nearly all of them dead afterwards, the few survivors spread over every page.
const FRAGMENTED = `
  const g = require(${MODULE});
  let all = [];
  for (let i = 0; i < 300000; i++) all.push({ i, s: 'x' + i, a: [i, i + 1] });
  gc(); gc();
  const kept = all.filter((_, i) => i % 64 === 0);
  all = null;
  gc();
  const r = g.compactingGc();
  process.stdout.write(JSON.stringify({ r, kept: kept.length }));
`;

describe('exposed gc', () => {
  // A plain gc() at that point leaves the old space's resident size as it is
  // (44.5 MB before and after, measured on Node 20).
  it('gives the pages of a fragmented old space back', () => {
    const out = runNode(['--expose-gc'], FRAGMENTED) as {
      r: { usedBefore: number; usedAfter: number; committedBefore: number; committedAfter: number };
      kept: number;
    };
    expect(out.kept).toBe(4688);
    expect(out.r.usedAfter).toBeLessThan(out.r.usedBefore / 2);
    expect(out.r.committedBefore).toBeGreaterThan(8 * 1024 * 1024);
    expect(out.r.committedAfter).toBeLessThan(out.r.committedBefore / 2);
  });

  it('does nothing and says so without --expose-gc', () => {
    const out = runNode([], `const g = require(${MODULE}); g.minorGc(); process.stdout.write(JSON.stringify({ r: g.compactingGc() }));`);
    expect(out).toEqual({ r: null });
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigWriter } from '../../src/config/config-writer';

/**
 * What a vote's reply waits for (src/server/commands/sentinel.ts): whether
 * the durable write saved it. A failed one leaves the state unsaved until
 * a later write succeeds, and the vote is withheld meanwhile.
 */
describe('ConfigWriter durable writes', () => {
  it('report failure, stay unsaved, and recover with the next write that works', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-'));
    const parent = path.join(dir, 'conf');
    fs.writeFileSync(parent, 'a file where the directory should be');
    const logs: string[] = [];
    const w = new ConfigWriter(path.join(parent, 'sentinel.conf'), () => 'sentinel myid x\n', (_l, m) => logs.push(m));

    w.flush(true);
    const failed = w.durableWrite();
    expect(failed).not.toBeNull();
    expect(await failed).toBe(false);
    expect(w.durableUnsaved()).toBe(true);
    expect(logs.some((l) => l.includes('not able to save'))).toBe(true);

    fs.rmSync(parent);
    fs.mkdirSync(parent);
    w.flush(true);
    expect(await w.durableWrite()).toBe(true);
    expect(w.durableUnsaved()).toBe(false);
    expect(fs.readFileSync(path.join(parent, 'sentinel.conf'), 'utf8')).toContain('sentinel myid x');
    fs.rmSync(dir, { recursive: true });
  });
});

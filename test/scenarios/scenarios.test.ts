import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFile } from './datadriven';
import { ScenarioEnv } from './scenario-env';

/**
 * Every testdata/*.txt is a protocol trace run in the scripted environment
 * (scenario-env.ts): commands, then the events and commands they cause.
 * After a deliberate change of behaviour, REWRITE=1 rewrites the expected
 * sections from the actual outputs; read the diff before committing it.
 */
const DIR = path.join(__dirname, 'testdata');
const REWRITE = process.env.REWRITE === '1';

describe('scenario files', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
  it('there are at least six', () => expect(files.length).toBeGreaterThanOrEqual(6));
  it.each(files)('%s', (f) => {
    const env = new ScenarioEnv();
    const mismatches = runFile(path.join(DIR, f), (d) => env.run(d), REWRITE);
    const text = mismatches.map((m) => `${f}:${m.line}: ${m.cmd}\n--- expected\n${m.expected}\n--- actual\n${m.actual}`).join('\n\n');
    expect(mismatches.length, `${text}\n\n(REWRITE=1 npx vitest run test/scenarios rewrites the files)`).toBe(0);
  });
});

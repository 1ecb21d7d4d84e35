import { describe, expect, it } from 'vitest';
import { CommandTable } from '../../src/server/command-table';
import { COMMAND_DOCS, DOCS_TAG } from '../../src/server/commands/command-docs-data';
import { registerGenericCommands } from '../../src/server/commands/generic';
import { withDocs } from '../../src/server/commands/generic-docs';
import { publishCommand, roleCommand } from '../../src/server/commands/role-publish';
import { sentinelCommand } from '../../src/server/commands/sentinel';
import type { SentinelHost } from '../../src/server/commands/sentinel-host';
import type { GenericHost } from '../../src/server/server-host';

/** The specs only keep their host in closures: building the table never calls it. */
function fullTable(): CommandTable {
  const table = new CommandTable();
  registerGenericCommands(table, { facts: { compatRelease: 'redis-7.0.15' } } as GenericHost);
  const host = {} as SentinelHost;
  for (const spec of [sentinelCommand(host), roleCommand(host), publishCommand(host)]) table.register(withDocs(spec));
  return table;
}

describe(`generated COMMAND DOCS (redis ${DOCS_TAG})`, () => {
  it('documents every command of redis 7.4.1\'s and valkey 8.0.1\'s sentinel tables, served with the arity the table checks', () => {
    const table = fullTable();
    const served = new Map(table.all().map((c) => [c.fullName, c.spec]));
    for (const [name, gen] of Object.entries(COMMAND_DOCS)) {
      const spec = served.get(name);
      expect.soft(spec, `${name} is served`).toBeDefined();
      expect.soft(spec?.docs, `${name} has its docs`).toBe(gen.docs);
      expect.soft(spec?.arity, `${name} arity`).toBe(gen.arity);
    }
    // 7.2.5's and 7.4.1's 73, and Valkey's four PRIMARY spellings.
    expect(Object.keys(COMMAND_DOCS)).toHaveLength(77);
    expect(table.topLevel()).toHaveLength(15);
  });
});

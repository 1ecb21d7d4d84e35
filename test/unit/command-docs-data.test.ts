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
  registerGenericCommands(table, {} as GenericHost);
  const host = {} as SentinelHost;
  for (const spec of [sentinelCommand(host), roleCommand(host), publishCommand(host)]) table.register(withDocs(spec));
  return table;
}

describe(`generated COMMAND DOCS (redis ${DOCS_TAG})`, () => {
  it('documents exactly the commands the table serves, with the arity the table checks', () => {
    const table = fullTable();
    const served = table.all().map((c) => c.fullName);
    expect([...served].sort()).toEqual(Object.keys(COMMAND_DOCS).sort());
    for (const c of table.all()) {
      expect.soft(c.spec.docs, `${c.fullName} has docs`).toBe(COMMAND_DOCS[c.fullName]?.docs);
      expect.soft(c.spec.arity, `${c.fullName} arity`).toBe(COMMAND_DOCS[c.fullName]?.arity);
    }
    expect(table.topLevel()).toHaveLength(15);
    expect(served).toHaveLength(73);
  });
});

import type { CommandSpec } from '../command';
import { COMMAND_DOCS } from './command-docs-data';

/**
 * Attaches the generated COMMAND DOCS (Redis 7.2's, see command-docs-data.ts)
 * to a command and its subcommands; returns the same spec.
 */
export function withDocs(spec: CommandSpec): CommandSpec {
  spec.docs ??= COMMAND_DOCS[spec.name]?.docs;
  for (const sub of spec.subcommands?.values() ?? []) sub.docs ??= COMMAND_DOCS[`${spec.name}|${sub.name}`]?.docs;
  return spec;
}

/**
 * The generic part of a rewrite: every redis.conf directive, then the ACL
 * users, then modules. Redis walks its directive table in hash order, which
 * changes from process to process; alphabetical order is used here so that
 * two rewrites of the same state always produce the same file.
 */
import { DIRECTIVES } from './directives/table';
import { renderDirective } from './directives/render';
import type { GenericConfig } from './generic-config';
import type { RewriteOption } from './rewrite-types';
import type { LiveUsers } from './user-lines';

const ORDERED = [...DIRECTIVES].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * `cwd` is the absolute working directory at rewrite time (always written as
 * `dir`). `live` are the server's current users, as its ACL renders them.
 */
export function genericRewriteOptions(g: GenericConfig, cwd: string, live: LiveUsers): RewriteOption[] {
  const out = ORDERED.map((spec) => renderDirective(spec, g.values, { cwd }));
  // With an ACL file the users live there; handling the key without lines drops `user` lines from the config.
  const users = g.aclfile !== null ? [] : live.userLines().map((text) => ({ text, force: true }));
  out.push({ key: 'user', lines: users });
  // A sentinel never loads modules, so Redis has none to write back and old loadmodule lines go.
  out.push({ key: 'loadmodule', lines: [] });
  return out;
}

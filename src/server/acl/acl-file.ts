import { hasSpaces, ruleErrorText } from './errors';
import { mergeSelectorArgs } from './merge-selectors';
import type { CommandUniverse } from './universe';
import { User } from './user';

/**
 * Parses the text of an aclfile into a fresh set of users, with Redis's
 * error texts. Pure: the caller reads the file and swaps the users in.
 *
 * Redis's format is stricter than redis.conf: a line is split on single
 * spaces (no quoting), there are no comments (a `#` line is an error), and
 * every error is collected, one after the other, so the whole report can be
 * shown at once. `default` is absent from the result unless the file has it.
 */
export function parseAclFile(
  text: string,
  filename: string,
  universe: CommandUniverse,
  pubsubAll: boolean,
): { ok: true; users: Map<string, User> } | { ok: false; errors: string } {
  const users = new Map<string, User>();
  let errors = '';
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const linenum = i + 1;
    const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line === '') continue;
    const argv = line.split(' ');
    if (argv[0] !== 'user' || argv.length < 2) {
      errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
      continue;
    }
    const name = argv[1] as string;
    if (hasSpaces(name)) {
      // (the stray leading quote is Redis's)
      errors += `'${filename}:${linenum}: username '${name}' contains invalid characters. `;
      continue;
    }
    if (users.has(name)) {
      errors += `WARNING: Duplicate user '${name}' found on line ${linenum}. `;
      continue;
    }
    const user = new User(name, pubsubAll);
    users.set(name, user);
    const merged = mergeSelectorArgs(argv.slice(2));
    if (!merged.ok) {
      errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
      continue;
    }
    let syntaxReported = false;
    for (const raw of merged.args) {
      const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
      const err = user.apply(op, universe);
      if (err === null) continue;
      // Unknown commands are reported one by one; other mistakes once per line.
      if (err === 'ENOENT') errors += `${filename}:${linenum}: Error in applying operation '${op}': ${ruleErrorText(err)}. `;
      else if (!syntaxReported) {
        errors += `${filename}:${linenum}: ${ruleErrorText(err)}. `;
        syntaxReported = true;
      }
    }
  }
  if (errors !== '') {
    return { ok: false, errors: errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed' };
  }
  return { ok: true, users };
}

/** The aclfile text ACL SAVE writes: one `user` line per user, in the order given. */
export function renderAclFile(userLines: readonly string[]): string {
  return userLines.map((l) => `${l}\n`).join('');
}

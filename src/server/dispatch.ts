import type { Reply } from '../protocol/reply';
import { error } from '../protocol/reply';
import type { ClientContext, CommandSpec } from './command';
import type { CommandTable } from './command-table';
import type { CommandToCheck, Denial } from './acl/permissions';
import { cutBytes } from '../core/bytes';
import { caselessGet } from './caseless-get';

/** A refused command, for the ACL log: what was denied and what it named. */
export interface DeniedCommand {
  reason: Denial['reason'];
  /** the command's full name, or the channel that was refused */
  object: string;
}

export type Checked =
  | { ok: true; spec: CommandSpec; fullName: string }
  | {
      ok: false;
      reply: Reply;
      denied?: DeniedCommand;
      /** set once the command was found: Redis counts it as the client's last command */
      fullName?: string;
    };

/** Authentication and permissions, as the server's ACL decides them. */
export interface AccessCheck {
  authRequired(ctx: ClientContext): boolean;
  /** null when the client's user may run the command */
  denial(ctx: ClientContext, cmd: CommandToCheck): Denial | null;
  /** the client's user may run every command on every channel (as the default user may): no denial to look for */
  unrestricted(ctx: ClientContext): boolean;
}

export const NOAUTH = error('NOAUTH Authentication required.');

/**
 * Everything Redis verifies before running a command, in its order: existence
 * (command, then subcommand of a container), arity, authentication, ACL
 * permissions, and the RESP2 subscribed-context restriction. Unknown-command
 * and arity errors come before NOAUTH, so an unauthenticated client can still
 * probe the command table; that is observable and kept.
 */
export function checkCommand(table: CommandTable, access: AccessCheck, ctx: ClientContext, argv: string[]): Checked {
  const name = argv[0] ?? '';
  const last = lastFound;
  if (last.found !== null && last.table === table && last.version === table.version && last.name === name && (last.sub === null || argv[1] === last.sub)) {
    return checkFound(access, ctx, argv, last.found, last.sub !== null);
  }
  const top = table.lookup(name);
  if (!top) return { ok: false, reply: error(unknownCommandText(argv)) };
  let found = passed(top, null);
  let sub: string | null = null;
  if (top.subcommands) {
    // A container named without its subcommand finds itself (for the arity
    // error), which says nothing of the next request: not kept.
    if (argv.length < 2) return checkFound(access, ctx, argv, found, false);
    // argv[1] exists: argv.length >= 2. (The other argv casts in this file
    // index within argv too: the ACL check's argIndex, and a loop bound.)
    sub = argv[1] as string;
    const spec = caselessGet(top.subcommands, sub);
    if (!spec) {
      return { ok: false, reply: error(`ERR unknown subcommand '${cutBytes(sub, 128)}'. Try ${name.toUpperCase()} HELP.`) };
    }
    found = passed(spec, top);
  }
  last.table = table;
  last.version = table.version;
  last.name = name;
  last.sub = sub;
  last.found = found;
  return checkFound(access, ctx, argv, found, sub !== null);
}

type Found = Extract<Checked, { ok: true }>;

/**
 * The words of the last request that found a command, and what they found.
 * A client repeating one command (a poll, a pipeline of them) hands the same
 * strings again, since the decoder reuses a repeated word's string, and is
 * spared the caseless lookups of the command and its subcommand (~4% of a
 * pipelined SENTINEL request's CPU in perf, 2026-12-07). `sub` is null for a
 * command without subcommands, whose second word then does not matter.
 */
const lastFound: { table: CommandTable | null; version: number; name: string; sub: string | null; found: Found | null } = {
  table: null,
  version: -1,
  name: '',
  sub: null,
  found: null,
};

/** The checks after the lookup: arity, authentication, ACL, the subscribed context. */
function checkFound(access: AccessCheck, ctx: ClientContext, argv: string[], found: Found, isSubcommand: boolean): Checked {
  const { spec, fullName } = found;
  if (!arityOk(spec.arity, argv.length)) {
    return { ok: false, reply: error(`ERR wrong number of arguments for '${fullName}' command`), fullName };
  }
  if (!spec.noAuth && access.authRequired(ctx)) return { ok: false, reply: NOAUTH, fullName };
  const denial = access.unrestricted(ctx) ? null : access.denial(ctx, { fullName, noAuth: !!spec.noAuth, isSubcommand, argv });
  if (denial?.reason === 'command') {
    return {
      ok: false,
      reply: error(`NOPERM this user has no permissions to run the '${fullName}' command`),
      denied: { reason: 'command', object: fullName },
      fullName,
    };
  }
  if (denial) {
    return {
      ok: false,
      reply: error('NOPERM this user has no permissions to access one of the channels used as arguments'),
      denied: { reason: denial.reason, object: argv[denial.argIndex] as string },
      fullName,
    };
  }
  if (ctx.proto === 2 && ctx.subscriptionCount() > 0 && !spec.pubsubContext) {
    return {
      ok: false,
      reply: error(
        `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      ),
      fullName,
    };
  }
  return found;
}

/**
 * The verdict for a command that passes every check, one per command: made
 * once, it spares each request the object and, for a subcommand, building its
 * full name again (a fresh string would be hashed anew by every map it meets).
 */
const verdicts = new WeakMap<CommandSpec, { parent: CommandSpec | null; verdict: Extract<Checked, { ok: true }> }>();

function passed(spec: CommandSpec, parent: CommandSpec | null): Extract<Checked, { ok: true }> {
  const known = verdicts.get(spec);
  // A spec is keyed with its container too, should one ever be shared by two.
  if (known !== undefined && known.parent === parent) return known.verdict;
  const verdict = { ok: true as const, spec, fullName: parent === null ? spec.name : `${parent.name}|${spec.name}` };
  verdicts.set(spec, { parent, verdict });
  return verdict;
}

export function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

/**
 * The arguments are quoted one by one until the list reaches 128 bytes, each
 * cut to what is left of those 128 bytes, so the message stays bounded
 * whatever the client sent.
 */
export function unknownCommandText(argv: string[]): string {
  let args = '';
  let argsBytes = 0;
  for (let i = 1; i < argv.length && argsBytes < 128; i++) {
    const piece = `'${cutBytes(argv[i] as string, 128 - argsBytes)}' `;
    args += piece;
    argsBytes += piece.length;
  }
  return `ERR unknown command '${cutBytes(argv[0] ?? '', 128)}', with args beginning with: ${args}`;
}


/** The generic error of container commands whose handler rejects the argument count. */
export function subcommandSyntaxError(argv: string[]): Reply {
  return error(
    `ERR unknown subcommand or wrong number of arguments for '${cutBytes(argv[1] ?? '', 128)}'. Try ${(argv[0] ?? '').toUpperCase()} HELP.`,
  );
}

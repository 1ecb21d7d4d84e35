import { randomBytes } from '../../entropy';
import type { ClientContext, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int, nullBulk, setReply } from '../../protocol/reply';
import { cutBytes } from '../../core/bytes';
import type { GenericHost } from '../server-host';
import { arityOk, subcommandSyntaxError } from '../dispatch';
import { ACL_CATEGORIES, categoryByName } from '../acl/categories';
import { describeCommandRules, keyPatternText } from '../acl/describe';
import { checkCommandPermission } from '../acl/permissions';
import type { Selector } from '../acl/selector';
import { walk } from '../acl/universe';
import { ACL_HELP } from './help-texts';
import { helpReply } from './help-reply';
import { strictInt } from './parse-int';
import { aclDeleteUsers, aclSetUser, disconnectUsers } from './acl-users';
import { loadAclFile, saveAclFile } from '../acl/acl-file-io';

const NO_ACL_FILE = error(
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
);
const NOT_INTEGER = error('ERR value is not an integer or out of range');

type Kind = 'admin' | 'plain' | 'help';
type Run = (ctx: ClientContext, argv: string[]) => Reply;

function sub(name: string, arity: number, kind: Kind, run: Run): CommandSpec {
  return {
    name,
    arity,
    flags: kind === 'admin' ? ['admin', 'noscript', 'loading', 'stale'] : kind === 'help' ? ['loading', 'stale'] : ['noscript', 'loading', 'stale'],
    categories: kind === 'admin' ? ['@admin', '@slow', '@dangerous'] : ['@slow'],
    run,
  };
}

/** Commands of a category, subcommands included, under their original names. */
function cat(host: GenericHost, argv: string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  if (argv.length === 2) return array(ACL_CATEGORIES.map((c) => bulk(c)));
  // The argv casts in this file are at indexes that the subcommand's arity
  // (aclCommand's table) or a length test before them guarantees; here three
  // arguments. DRYRUN's `cmd[denial.argIndex]` is an index the check took from `cmd`.
  const name = categoryByName(argv[2] as string);
  if (name === null) return error(`ERR Unknown category '${cutBytes(argv[2] as string, 128)}'`);
  const out: Reply[] = [];
  for (const c of walk(host.acl.universe())) if (c.categories.has(name)) out.push(bulk(c.fullName));
  return array(out);
}

function genpass(argv: string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  let bits = 256;
  if (argv.length === 3) {
    const v = strictInt(argv[2] as string);
    if (v === null) return NOT_INTEGER;
    bits = v;
  }
  if (bits <= 0 || bits > 4096) {
    return error('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
  }
  const chars = Math.floor((bits + 3) / 4);
  return bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
}

/** Would this user be allowed to run this command? Answers in words rather than with NOPERM. */
function dryrun(host: GenericHost, argv: string[]): Reply {
  const user = host.acl.get(argv[2] as string);
  if (!user) return error(`ERR User '${argv[2] as string}' not found`);
  const cmd = argv.slice(3);
  const top = host.table.lookup(cmd[0] as string);
  let spec = top;
  let fullName = top?.name ?? '';
  if (top?.subcommands && cmd.length >= 2) {
    spec = top.subcommands.get((cmd[1] as string).toLowerCase());
    fullName = `${fullName}|${spec?.name ?? ''}`;
  }
  if (!spec) return error(`ERR Command '${cmd[0] as string}' not found`);
  if (!arityOk(spec.arity, cmd.length)) return error(`ERR wrong number of arguments for '${fullName}' command`);
  const denial = checkCommandPermission(user, { fullName, noAuth: !!spec.noAuth, isSubcommand: spec !== top, argv: cmd });
  if (denial === null) return OK;
  if (denial.reason === 'command') return bulk(`This user has no permissions to run the '${fullName}' command`);
  return bulk(`This user has no permissions to access the '${cmd[denial.argIndex] as string}' channel`);
}

function selectorFields(host: GenericHost, s: Selector): Array<[Reply, Reply]> {
  return [
    [bulk('commands'), bulk(describeCommandRules(s, host.acl.universe()))],
    [bulk('keys'), bulk(s.allKeys ? '~*' : s.keys.map(keyPatternText).join(' '))],
    [bulk('channels'), bulk(s.allChannels ? '&*' : s.channels.map((c) => `&${c}`).join(' '))],
  ];
}

function getuser(host: GenericHost, argv: string[]): Reply {
  const u = host.acl.get(argv[2] as string);
  if (!u) return nullBulk;
  return {
    t: 'map',
    entries: [
      [bulk('flags'), setReply(u.flagNames().map((f) => bulk(f)))],
      [bulk('passwords'), array(u.passwords.map((p) => bulk(p)))],
      ...selectorFields(host, u.root),
      [bulk('selectors'), array(u.selectors.slice(1).map((s): Reply => ({ t: 'map', entries: selectorFields(host, s) })))],
    ],
  };
}

function log(host: GenericHost, argv: string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  let count = 10;
  if (argv.length === 3) {
    if ((argv[2] as string).toLowerCase() === 'reset') {
      host.acl.log.reset();
      return OK;
    }
    const v = strictInt(argv[2] as string);
    if (v === null) return NOT_INTEGER;
    count = Math.max(0, v);
  }
  return host.acl.log.reply(count, Date.now());
}

/** ACL LOAD: all or nothing; the clients of the replaced users are disconnected, as in Redis. */
function aclLoad(host: GenericHost, ctx: ClientContext): Reply {
  const file = host.facts.aclfile ?? null;
  if (file === null) return NO_ACL_FILE;
  const r = loadAclFile(host.acl, file);
  if (!r.ok) return error(`ERR ${r.errors}`);
  disconnectUsers(host, ctx, new Set(r.replaced));
  return OK;
}

function aclSave(host: GenericHost): Reply {
  const file = host.facts.aclfile ?? null;
  if (file === null) return NO_ACL_FILE;
  if (saveAclFile(host.acl, file, (l, m) => host.log(l, m))) return OK;
  return error('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
}

/** The ACL command: users, their permissions, and the log of refusals. */
export function aclCommand(host: GenericHost): CommandSpec {
  const subs: CommandSpec[] = [
    sub('cat', -2, 'plain', (_c, argv) => cat(host, argv)),
    sub('deluser', -3, 'admin', (ctx, argv) => aclDeleteUsers(host, ctx, argv.slice(2))),
    sub('dryrun', -4, 'admin', (_c, argv) => dryrun(host, argv)),
    sub('genpass', -2, 'plain', (_c, argv) => genpass(argv)),
    sub('getuser', 3, 'admin', (_c, argv) => getuser(host, argv)),
    sub('help', 2, 'help', (_c, argv) => helpReply(argv, ACL_HELP)),
    sub('list', 2, 'admin', () => array(host.acl.userLines().map((l) => bulk(l)))),
    sub('load', 2, 'admin', (ctx) => aclLoad(host, ctx)),
    sub('log', -2, 'admin', (_c, argv) => log(host, argv)),
    sub('save', 2, 'admin', () => aclSave(host)),
    sub('setuser', -3, 'admin', (ctx, argv) => aclSetUser(host, ctx, argv[2] as string, argv.slice(3))),
    sub('users', 2, 'admin', () => array(host.acl.names().map((n) => bulk(n)))),
    sub('whoami', 2, 'plain', (ctx) => bulk(ctx.user)),
  ];
  return {
    name: 'acl',
    arity: -2,
    flags: [],
    categories: ['@slow'],
    subcommands: new Map(subs.map((s) => [s.name, s])),
  };
}

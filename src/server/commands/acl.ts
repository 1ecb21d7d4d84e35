import { createHash, randomBytes } from 'node:crypto';
import type { ClientContext, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int, nullBulk, setReply } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { arityOk, subcommandSyntaxError } from '../dispatch';
import { ACL_HELP } from './help-texts';
import { helpReply } from './help-reply';
import { strictInt } from './parse-int';

/** Redis 7.0's ACL categories, in its order (most are empty on a sentinel). */
const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

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

/** The only user: `default`, with `requirepass` as its password or `nopass`. */
function passwordHash(host: GenericHost): string | null {
  return host.requirepass === null ? null : createHash('sha256').update(host.requirepass).digest('hex');
}

function cat(host: GenericHost, argv: string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  if (argv.length === 2) return array(CATEGORIES.map((c) => bulk(c)));
  const name = (argv[2] as string).toLowerCase();
  if (!CATEGORIES.includes(name)) return error(`ERR Unknown category '${argv[2] as string}'`);
  return array(host.table.all().filter((c) => c.spec.categories.includes(`@${name}`)).map((c) => bulk(c.fullName)));
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

function dryrun(host: GenericHost, argv: string[]): Reply {
  if (argv[2] !== 'default') return error(`ERR User '${argv[2] as string}' not found`);
  const cmd = argv.slice(3);
  let spec = host.table.lookup(cmd[0] as string);
  let fullName = spec?.name ?? '';
  if (spec?.subcommands && cmd.length >= 2) {
    const s = spec.subcommands.get((cmd[1] as string).toLowerCase());
    fullName = `${fullName}|${s?.name ?? ''}`;
    spec = s;
  }
  if (!spec) return error(`ERR Command '${cmd[0] as string}' not found`);
  if (!arityOk(spec.arity, cmd.length)) return error(`ERR wrong number of arguments for '${fullName}' command`);
  return OK;
}

function getuser(host: GenericHost, argv: string[]): Reply {
  if (argv[2] !== 'default') return nullBulk;
  const hash = passwordHash(host);
  return {
    t: 'map',
    entries: [
      [bulk('flags'), setReply(hash === null ? [bulk('on'), bulk('nopass')] : [bulk('on')])],
      [bulk('passwords'), array(hash === null ? [] : [bulk(hash)])],
      [bulk('commands'), bulk('+@all')],
      [bulk('keys'), bulk('~*')],
      [bulk('channels'), bulk('&*')],
      [bulk('selectors'), array([])],
    ],
  };
}

function log(argv: string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  if (argv.length === 3 && (argv[2] as string).toLowerCase() !== 'reset' && strictInt(argv[2] as string) === null) return NOT_INTEGER;
  // Failed authentications are not recorded yet, so the log is always empty.
  return argv.length === 3 && (argv[2] as string).toLowerCase() === 'reset' ? OK : array([]);
}

/**
 * ACL with a single `default` user. Enough for clients and tools that ask who
 * they are or list users; creating users is refused rather than faked.
 */
export function aclCommand(host: GenericHost): CommandSpec {
  const subs: CommandSpec[] = [
    sub('cat', -2, 'plain', (_c, argv) => cat(host, argv)),
    sub('deluser', -3, 'admin', (_c, argv) =>
      argv.slice(2).includes('default') ? error("ERR The 'default' user cannot be removed") : int(0),
    ),
    sub('dryrun', -4, 'admin', (_c, argv) => dryrun(host, argv)),
    sub('genpass', -2, 'plain', (_c, argv) => genpass(argv)),
    sub('getuser', 3, 'admin', (_c, argv) => getuser(host, argv)),
    sub('help', 2, 'help', (_c, argv) => helpReply(argv, ACL_HELP)),
    sub('list', 2, 'admin', () => {
      const hash = passwordHash(host);
      return array([bulk(`user default on ${hash === null ? 'nopass' : `#${hash}`} ~* &* +@all`)]);
    }),
    sub('load', 2, 'admin', () => NO_ACL_FILE),
    sub('log', -2, 'admin', (_c, argv) => log(argv)),
    sub('save', 2, 'admin', () => NO_ACL_FILE),
    sub('setuser', -3, 'admin', () => error('ERR ACL SETUSER is not supported: this sentinel only has the default user')),
    sub('users', 2, 'admin', () => array([bulk('default')])),
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

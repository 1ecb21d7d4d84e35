import type { ClientContext, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int, noReply, nullBulk, setReply, verbatim } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { subcommandSyntaxError } from '../dispatch';
import { clientType, clientTypeByName } from '../client-info';
import type { Session } from '../session';
import { clientKill } from './client-kill';
import { validateClientName } from './client-name';
import { CLIENT_HELP } from './help-texts';
import { strictInt } from './parse-int';
import { helpReply } from './help-reply';

const SYNTAX = error('ERR syntax error');
const NO_SESSION = error('ERR this command needs a client connection');

type Kind = 'admin' | 'plain' | 'help';
type Run = (ctx: ClientContext, argv: string[]) => Reply;

function sub(name: string, arity: number, kind: Kind, run: Run, tips?: string[]): CommandSpec {
  const spec: CommandSpec = {
    name,
    arity,
    flags: kind === 'admin' ? ['admin', 'noscript', 'loading', 'stale'] : kind === 'help' ? ['loading', 'stale'] : ['noscript', 'loading', 'stale'],
    categories: kind === 'admin' ? ['@admin', '@slow', '@dangerous', '@connection'] : ['@slow', '@connection'],
    run,
  };
  if (tips) spec.tips = tips;
  return spec;
}

function withSession(host: GenericHost, f: (s: Session, ctx: ClientContext, argv: string[]) => Reply): Run {
  return (ctx, argv) => {
    const s = host.session(ctx);
    return s ? f(s, ctx, argv) : NO_SESSION;
  };
}

function list(host: GenericHost, argv: string[]): Reply {
  let clients: Session[];
  // The argv casts in this file are covered by the length test on the same
  // line or before them, or by the subcommand's arity in clientCommand's table
  // (argv[2] with arity 3 or -3).
  if (argv.length === 4 && (argv[2] as string).toLowerCase() === 'type') {
    const type = clientTypeByName(argv[3] as string);
    if (type === null) return error(`ERR Unknown client type '${argv[3] as string}'`);
    clients = [...host.sessions()].filter((s) => clientType(s) === type);
  } else if (argv.length > 3 && (argv[2] as string).toLowerCase() === 'id') {
    clients = [];
    const byId = new Map([...host.sessions()].map((s) => [s.id, s]));
    for (const a of argv.slice(3)) {
      const id = strictInt(a);
      if (id === null) return error('ERR Invalid client ID');
      const s = byId.get(id);
      if (s) clients.push(s);
    }
  } else if (argv.length !== 2) {
    return SYNTAX;
  } else {
    clients = [...host.sessions()];
  }
  return verbatim(clients.map((s) => `${s.infoLine()}\n`).join(''));
}

function pause(argv: string[]): Reply {
  if (argv.length > 4) return subcommandSyntaxError(argv);
  if (argv.length === 4) {
    const mode = (argv[3] as string).toLowerCase();
    if (mode !== 'write' && mode !== 'all') return error('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const ms = strictInt(argv[2] as string);
  if (ms === null) return error('ERR timeout is not an integer or out of range');
  if (ms < 0) return error('ERR timeout is negative');
  // Accepted but not enforced: a sentinel has no writes to hold back, and
  // pausing its clients would only delay failover information.
  return OK;
}

function tracking(host: GenericHost, s: Session, argv: string[]): Reply {
  const mode = (argv[2] as string).toLowerCase();
  if (mode !== 'on' && mode !== 'off') return SYNTAX;
  let opt: Session['trackingOpt'] = 'none';
  let redirected = false;
  for (let j = 3; j < argv.length; j++) {
    const o = (argv[j] as string).toLowerCase();
    if (o === 'redirect' && j + 1 < argv.length) {
      j++;
      if (redirected) return error('ERR A client can only redirect to a single other client');
      const id = strictInt(argv[j] as string);
      if (id === null) return error('ERR value is not an integer or out of range');
      // Redis requires the target to exist when tracking is turned on.
      if (![...host.sessions()].some((c) => c.id === id)) return error('ERR The client ID you want redirect to does not exist');
      redirected = true;
    } else if (o === 'prefix' && j + 1 < argv.length) j++;
    else if (o === 'optin' || o === 'optout') opt = o;
    else if (o !== 'bcast' && o !== 'noloop') return SYNTAX;
  }
  s.tracking = mode === 'on';
  s.trackingOpt = s.tracking ? opt : 'none';
  return OK;
}

function caching(s: Session, argv: string[]): Reply {
  if (!s.tracking) {
    return error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  const v = (argv[2] as string).toLowerCase();
  if (v === 'yes') return s.trackingOpt === 'optin' ? OK : error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
  if (v === 'no') return s.trackingOpt === 'optout' ? OK : error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
  return SYNTAX;
}

function unblock(argv: string[]): Reply {
  if (argv.length > 4) return subcommandSyntaxError(argv);
  if (argv.length === 4) {
    const r = (argv[3] as string).toLowerCase();
    if (r !== 'timeout' && r !== 'error') return error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  if (strictInt(argv[2] as string) === null) return error('ERR value is not an integer or out of range');
  // Nothing ever blocks on a sentinel.
  return int(0);
}

/**
 * CLIENT SETINFO LIB-NAME|LIB-VER <value> (Redis 7.2): checked as 7.2 checks
 * it; the values are not kept, CLIENT LIST keeps 7.0's fields.
 */
function setinfo(s: Session, argv: string[]): Reply {
  const attr = argv[2] as string;
  const lower = attr.toLowerCase();
  if (lower !== 'lib-name' && lower !== 'lib-ver') return error(`ERR Unrecognized option '${attr}'`);
  // Printable ASCII without spaces only: CLIENT LIST must stay splittable on spaces.
  const value = argv[3] as string;
  if (!/^[!-~]*$/.test(value)) return error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
  if (lower === 'lib-name') s.libName = value;
  else s.libVer = value;
  return OK;
}

function onOff(argv: string[]): Reply {
  const v = (argv[2] as string).toLowerCase();
  return v === 'on' || v === 'off' ? OK : SYNTAX;
}

export function clientCommand(host: GenericHost): CommandSpec {
  const nondeterministic = ['nondeterministic_output'];
  const subs: CommandSpec[] = [
    sub('caching', 3, 'plain', withSession(host, (s, _c, a) => caching(s, a))),
    sub('getname', 2, 'plain', (ctx) => (ctx.name === '' ? nullBulk : bulk(ctx.name))),
    sub('getredir', 2, 'plain', withSession(host, (s) => int(s.tracking ? 0 : -1))),
    sub('help', 2, 'help', (_c, argv) => helpReply(argv, CLIENT_HELP)),
    sub('id', 2, 'plain', (ctx) => int(ctx.id)),
    sub('info', 2, 'plain', withSession(host, (s) => verbatim(`${s.infoLine()}\n`)), nondeterministic),
    sub('kill', -3, 'admin', (ctx, argv) => clientKill(host, ctx, argv)),
    sub('list', -2, 'admin', (_c, argv) => list(host, argv), nondeterministic),
    sub('no-evict', 3, 'admin', (_c, argv) => onOff(argv)),
    sub('pause', -3, 'admin', (_c, argv) => pause(argv)),
    sub(
      'reply',
      3,
      'plain',
      withSession(host, (s, _c, argv) => {
        const mode = (argv[2] as string).toLowerCase();
        if (mode !== 'on' && mode !== 'off' && mode !== 'skip') return SYNTAX;
        s.setReplyMode(mode);
        return mode === 'on' ? OK : noReply;
      }),
    ),
    { ...sub('setinfo', 4, 'plain', withSession(host, (s, _c, argv) => setinfo(s, argv)), ['request_policy:all_nodes', 'response_policy:all_succeeded']), surface: 'redis-7.2.5' },
    sub('setname', 3, 'plain', (ctx, argv) => {
      const name = argv[2] as string;
      const bad = validateClientName(name);
      if (bad) return bad;
      ctx.name = name;
      return OK;
    }),
    sub('tracking', -3, 'plain', withSession(host, (s, _c, a) => tracking(host, s, a))),
    sub(
      'trackinginfo',
      2,
      'plain',
      withSession(host, (s) => ({
        t: 'map',
        entries: [
          [bulk('flags'), setReply([bulk(s.tracking ? 'on' : 'off')])],
          [bulk('redirect'), int(s.tracking ? 0 : -1)],
          [bulk('prefixes'), array([])],
        ],
      })),
    ),
    sub('unblock', -3, 'admin', (_c, argv) => unblock(argv)),
    sub('unpause', 2, 'admin', () => OK),
  ];
  return {
    name: 'client',
    arity: -2,
    flags: [],
    categories: ['@slow'],
    subcommands: new Map(subs.map((s) => [s.name, s])),
  };
}

import type { ClientContext, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { strictInt } from './parse-int';
import { validateClientName } from './client-name';

const WRONGPASS = error('WRONGPASS invalid username-password pair or user is disabled.');
const FLAGS = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'];

/**
 * Logs the client in as `user`, or records the failure in the ACL log
 * (under the name that was tried, with the command as sent).
 */
function authenticate(host: GenericHost, ctx: ClientContext, command: string, user: string, pass: string): boolean {
  if (host.acl.credentialsValid(user, pass)) {
    ctx.authenticated = true;
    ctx.user = user;
    return true;
  }
  const s = host.session(ctx);
  host.acl.log.add({ reason: 'auth', context: 'toplevel', object: command, username: user, ctime: Date.now(), clientInfo: s ? s.infoLine() : '' });
  return false;
}

export function authCommand(host: GenericHost): CommandSpec {
  return {
    name: 'auth',
    arity: -2,
    flags: FLAGS,
    categories: ['@fast', '@connection'],
    noAuth: true,
    run: (ctx, argv) => {
      if (argv.length > 3) return error('ERR syntax error');
      let user = 'default';
      // The argv casts in this file are covered by the arity (AUTH: -2, so
      // argv[1]; argv[0] is always the command) or a length test before them
      // (argv.length === 3 here; HELLO's `more`).
      let pass = argv[1] as string;
      if (argv.length === 2) {
        // The one-argument form predates users; Redis refuses it when there
        // is no password so that a misconfiguration does not go unnoticed.
        if (host.acl.defaultUser.nopass) {
          return error(
            'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
          );
        }
      } else {
        user = argv[1] as string;
        pass = argv[2] as string;
      }
      return authenticate(host, ctx, argv[0] as string, user, pass) ? OK : WRONGPASS;
    },
  };
}

export function helloCommand(host: GenericHost): CommandSpec {
  return {
    name: 'hello',
    arity: -1,
    flags: FLAGS,
    categories: ['@fast', '@connection'],
    noAuth: true,
    run: (ctx, argv) => {
      let ver = 0;
      if (argv.length >= 2) {
        const v = strictInt(argv[1] as string);
        if (v === null) return error('ERR Protocol version is not an integer or out of range');
        if (v < 2 || v > 3) return error('NOPROTO unsupported protocol version');
        ver = v;
      }
      // Options take effect one by one, as Redis applies them: a name set
      // before a failing AUTH stays set.
      for (let j = 2; j < argv.length; j++) {
        const opt = argv[j] as string;
        const more = argv.length - 1 - j;
        if (opt.toLowerCase() === 'auth' && more >= 2) {
          if (!authenticate(host, ctx, argv[0] as string, argv[j + 1] as string, argv[j + 2] as string)) return WRONGPASS;
          j += 2;
        } else if (opt.toLowerCase() === 'setname' && more >= 1) {
          const newName = argv[j + 1] as string;
          const bad = validateClientName(newName);
          if (bad) return bad;
          ctx.name = newName;
          j++;
        } else {
          return error(`ERR Syntax error in HELLO option '${opt}'`);
        }
      }
      if (!ctx.authenticated) {
        return error(
          'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
        );
      }
      if (ver !== 0) ctx.proto = ver as 2 | 3;
      return helloReply(ctx.proto, ctx.id);
    },
  };
}

/** Sentinel's HELLO map: redis-server's minus the `role` field. */
function helloReply(proto: 2 | 3, id: number): Reply {
  return {
    t: 'map',
    entries: [
      [bulk('server'), bulk('redis')],
      [bulk('version'), bulk('7.0.15')],
      [bulk('proto'), int(proto)],
      [bulk('id'), int(id)],
      [bulk('mode'), bulk('sentinel')],
      [bulk('modules'), array([])],
    ],
  };
}

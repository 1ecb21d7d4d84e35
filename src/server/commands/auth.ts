import { createHash, timingSafeEqual } from 'node:crypto';
import type { CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { strictInt } from './parse-int';
import { validateClientName } from './client-name';

const WRONGPASS = error('WRONGPASS invalid username-password pair or user is disabled.');
const FLAGS = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'];

/**
 * Only the `default` user exists: with `requirepass` it has that password,
 * otherwise it is `nopass` and accepts anything. Compared through digests so
 * the time taken does not depend on how much of the password matched.
 */
export function credentialsValid(requirepass: string | null, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  if (requirepass === null) return true;
  const a = createHash('sha256').update(pass).digest();
  const b = createHash('sha256').update(requirepass).digest();
  return timingSafeEqual(a, b);
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
      let pass = argv[1] as string;
      if (argv.length === 2) {
        // The one-argument form predates users; Redis refuses it when there
        // is no password so that a misconfiguration does not go unnoticed.
        if (host.requirepass === null) {
          return error(
            'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
          );
        }
      } else {
        user = argv[1] as string;
        pass = argv[2] as string;
      }
      if (!credentialsValid(host.requirepass, user, pass)) return WRONGPASS;
      ctx.authenticated = true;
      ctx.user = user;
      return OK;
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
      let creds: [string, string] | null = null;
      let newName: string | null = null;
      for (let j = 2; j < argv.length; j++) {
        const opt = argv[j] as string;
        const more = argv.length - 1 - j;
        if (opt.toLowerCase() === 'auth' && more >= 2) {
          creds = [argv[j + 1] as string, argv[j + 2] as string];
          j += 2;
        } else if (opt.toLowerCase() === 'setname' && more >= 1) {
          newName = argv[j + 1] as string;
          const bad = validateClientName(newName);
          if (bad) return bad;
          j++;
        } else {
          return error(`ERR Syntax error in HELLO option '${opt}'`);
        }
      }
      if (creds) {
        if (!credentialsValid(host.requirepass, creds[0], creds[1])) return WRONGPASS;
        ctx.authenticated = true;
        ctx.user = creds[0];
      }
      if (!ctx.authenticated) {
        return error(
          'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
        );
      }
      if (newName !== null) ctx.name = newName;
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

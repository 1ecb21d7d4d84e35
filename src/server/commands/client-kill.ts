import type { ClientContext } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, error, int } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import type { ClientType } from '../client-info';
import { clientType, clientTypeByName } from '../client-info';
import { strictInt } from './parse-int';

const SYNTAX = error('ERR syntax error');

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  id: number;
  user: string | null;
  skipme: boolean;
  /** seconds; 0: any age (MAXAGE is Redis 7.4's and Valkey 8's) */
  maxAge: number;
}

function parseFilter(host: GenericHost, argv: string[]): KillFilter | Reply {
  // The old form `CLIENT KILL ip:port` may kill the caller itself; the
  // filter form skips the caller unless SKIPME no.
  // argv[2] exists when argv.length === 3, and argv[i] below within the loop bound.
  if (argv.length === 3) return { addr: argv[2] as string, laddr: null, type: null, id: 0, user: null, skipme: false, maxAge: 0 };
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0, user: null, skipme: true, maxAge: 0 };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = (argv[i] as string).toLowerCase();
    const val = argv[i + 1];
    if (val === undefined) return SYNTAX;
    if (opt === 'id') {
      const v = strictInt(val);
      if (v === null || v < 1) return error('ERR client-id should be greater than 0');
      f.id = v;
    } else if (opt === 'maxage') {
      const v = strictInt(val);
      if (v === null) return error('ERR maxage is not an integer or out of range');
      if (v <= 0) return error('ERR maxage should be greater than 0');
      f.maxAge = v;
    } else if (opt === 'type') {
      f.type = clientTypeByName(val);
      if (f.type === null) return error(`ERR Unknown client type '${val}'`);
    } else if (opt === 'addr') {
      f.addr = val;
    } else if (opt === 'laddr') {
      f.laddr = val;
    } else if (opt === 'user') {
      if (!host.acl.get(val)) return error(`ERR No such user '${val}'`);
      f.user = val;
    } else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v !== 'yes' && v !== 'no') return SYNTAX;
      f.skipme = v === 'yes';
    } else {
      return SYNTAX;
    }
  }
  return f;
}

/** CLIENT KILL <ip:port> | CLIENT KILL <filter> <value> ... */
export function clientKill(host: GenericHost, ctx: ClientContext, argv: string[]): Reply {
  const f = parseFilter(host, argv);
  if ('t' in f) return f;
  const me = host.session(ctx);
  let killed = 0;
  let killSelf = false;
  // Ages in whole seconds of the clock, as Redis counts them from its unixtime.
  const nowSeconds = Math.floor(Date.now() / 1000);
  for (const s of [...host.sessions()]) {
    if (f.addr !== null && s.addr !== f.addr) continue;
    if (f.laddr !== null && s.laddr !== f.laddr) continue;
    if (f.type !== null && clientType(s) !== f.type) continue;
    if (f.id !== 0 && s.id !== f.id) continue;
    if (f.user !== null && s.user !== f.user) continue;
    if (f.maxAge !== 0 && nowSeconds - Math.floor(s.createdAt / 1000) < f.maxAge) continue;
    if (s === me && f.skipme) continue;
    if (s === me) killSelf = true;
    else s.kill();
    killed++;
  }
  // Closing ourselves waits until this very reply has been written.
  if (killSelf) ctx.closeAfterReply();
  if (argv.length === 3) return killed === 0 ? error('ERR No such client') : OK;
  return int(killed);
}

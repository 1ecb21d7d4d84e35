import type { ClientContext } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, error, int } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { clientType } from '../client-info';
import { narrowedChannels, subscriptionsAllowed } from '../acl/pubsub-revocation';

/**
 * ACL SETUSER. Clients already logged in as the user keep their connection
 * (even when it is turned off), except subscribers whose channels were taken
 * away: they could otherwise keep receiving what they may no longer read.
 */
export function aclSetUser(host: GenericHost, ctx: ClientContext, name: string, rules: string[]): Reply {
  const r = host.acl.setUser(name, rules);
  if (!r.ok) return error(`ERR ${r.error}`);
  const upcoming = r.before ? narrowedChannels(r.before, r.after) : null;
  if (upcoming === null) return OK;
  const me = host.session(ctx);
  for (const s of [...host.sessions()]) {
    if (s.user !== name || clientType(s) !== 'pubsub') continue;
    if (subscriptionsAllowed(upcoming, s.channels, s.patterns)) continue;
    if (s === me) ctx.closeAfterReply();
    else s.kill();
  }
  return OK;
}

/** ACL DELUSER: the deleted users' clients are disconnected (the caller after this reply). */
export function aclDeleteUsers(host: GenericHost, ctx: ClientContext, names: string[]): Reply {
  if (names.includes('default')) return error("ERR The 'default' user cannot be removed");
  const gone = new Set(host.acl.deleteUsers(names));
  disconnectUsers(host, ctx, gone);
  return int(gone.size);
}

/** Disconnects the clients of users that are gone (the caller's own after this reply). */
export function disconnectUsers(host: GenericHost, ctx: ClientContext, gone: ReadonlySet<string>): void {
  const me = host.session(ctx);
  for (const s of [...host.sessions()]) {
    if (!gone.has(s.user)) continue;
    // Until it is gone, the client must not act as the deleted user.
    s.user = 'default';
    s.authenticated = false;
    if (s === me) ctx.closeAfterReply();
    else s.kill();
  }
  if (me === undefined && gone.has(ctx.user)) {
    ctx.user = 'default';
    ctx.authenticated = false;
    ctx.closeAfterReply();
  }
}

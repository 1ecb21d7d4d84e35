/**
 * The users a rewrite writes, for tests that rewrite without a daemon: the
 * file's `user` lines and requirepass loaded into a server's ACL with the
 * daemon's command table, as the daemon does before its first flush.
 */
import type { GenericConfig } from '../../src/config/generic-config';
import type { LiveUsers } from '../../src/config/user-lines';
import { sentinelServer } from '../unit/server-acl-fixture';

export function configuredUsers(g: GenericConfig): LiveUsers {
  // With an aclfile the rewrite writes no user lines (and the file need not exist here).
  if (g.aclfile !== null) return { userLines: () => [] };
  const s = sentinelServer({
    requirepass: g.requirepass,
    users: g.users,
    aclPubsubDefault: g.aclPubsubDefault,
    renamedCommands: g.renameCommands,
  });
  if (!s.loadUsers()) throw new Error('the configured users do not load');
  return s.acl;
}

/** `cfg` with its users, as renderRewrite takes it. */
export function withUsers<C extends { generic: GenericConfig }>(cfg: C): C & { liveUsers: LiveUsers } {
  return { ...cfg, liveUsers: configuredUsers(cfg.generic) };
}

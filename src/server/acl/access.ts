import type { AccessCheck } from '../dispatch';
import type { Acl } from './acl-store';
import { checkCommandPermission } from './permissions';
import type { Selector } from './selector';

/** A selector that lets every command through on every channel: checkCommandPermission could only say yes. */
const allowsEverything = (s: Selector): boolean => s.allCommands && s.allChannels;

/** The dispatcher's view of the ACL: is a login needed, may this user run this. */
export function aclAccess(acl: Acl): AccessCheck {
  return {
    authRequired: (ctx) => acl.authRequired(ctx.authenticated),
    // A client's user can only be missing in the instant between its deletion and
    // the client's disconnection; refusing is the safe answer then.
    denial: (ctx, cmd) => {
      const user = acl.get(ctx.user);
      return user ? checkCommandPermission(user, cmd) : { reason: 'command' };
    },
    unrestricted: (ctx) => {
      const user = acl.get(ctx.user);
      return user !== undefined && user.selectors.some(allowsEverything);
    },
  };
}

import { describe, expect, it } from 'vitest';
import type { Acl } from '../../src/server/acl/acl-store';
import type { CommandToCheck } from '../../src/server/acl/permissions';
import { checkCommandPermission } from '../../src/server/acl/permissions';
import type { User } from '../../src/server/acl/user';
import { narrowedChannels, subscriptionsAllowed } from '../../src/server/acl/pubsub-revocation';
import { sentinelServer } from './server-acl-fixture';

function userWith(a: Acl, ...rules: string[]): User {
  const r = a.setUser('u', ['reset', ...rules]);
  if (!r.ok) throw new Error(r.error);
  return r.after;
}

function cmd(fullName: string, argv: string[], extra: Partial<CommandToCheck> = {}): CommandToCheck {
  return { fullName, argv, noAuth: false, isSubcommand: fullName.includes('|'), ...extra };
}

describe('ACL permission checks', () => {
  const a = sentinelServer().acl;

  it('checks the full command name, subcommands included', () => {
    const u = userWith(a, '+ping', '+sentinel|masters');
    expect(checkCommandPermission(u, cmd('ping', ['ping']))).toBeNull();
    expect(checkCommandPermission(u, cmd('sentinel|masters', ['sentinel', 'masters']))).toBeNull();
    expect(checkCommandPermission(u, cmd('sentinel|myid', ['sentinel', 'myid']))).toEqual({ reason: 'command' });
    expect(checkCommandPermission(u, cmd('info', ['info']))).toEqual({ reason: 'command' });
  });

  it('never refuses AUTH and HELLO', () => {
    const u = userWith(a);
    expect(checkCommandPermission(u, cmd('auth', ['auth', 'x'], { noAuth: true }))).toBeNull();
  });

  it('allows a denied command with an allowed first argument only', () => {
    const u = userWith(a, '+ping|hello');
    expect(checkCommandPermission(u, cmd('ping', ['ping', 'HELLO']))).toBeNull();
    expect(checkCommandPermission(u, cmd('ping', ['ping', 'bye']))).toEqual({ reason: 'command' });
    expect(checkCommandPermission(u, cmd('ping', ['ping']))).toEqual({ reason: 'command' });
  });

  it('matches channels by glob, and PSUBSCRIBE patterns literally', () => {
    const u = userWith(a, '+@pubsub', '&a*');
    expect(checkCommandPermission(u, cmd('publish', ['publish', 'ab', 'm']))).toBeNull();
    expect(checkCommandPermission(u, cmd('publish', ['publish', 'b', 'm']))).toEqual({ reason: 'channel', argIndex: 1 });
    expect(checkCommandPermission(u, cmd('subscribe', ['subscribe', 'ab', 'b']))).toEqual({ reason: 'channel', argIndex: 2 });
    expect(checkCommandPermission(u, cmd('psubscribe', ['psubscribe', 'a*']))).toBeNull();
    expect(checkCommandPermission(u, cmd('psubscribe', ['psubscribe', 'ab*']))).toEqual({ reason: 'channel', argIndex: 1 });
    // Leaving a channel is always possible.
    expect(checkCommandPermission(u, cmd('unsubscribe', ['unsubscribe', 'zzz']))).toBeNull();
  });

  it('allows a command when any selector does', () => {
    const u = userWith(a, '(+info)', '(+publish &x)');
    expect(checkCommandPermission(u, cmd('info', ['info']))).toBeNull();
    expect(checkCommandPermission(u, cmd('publish', ['publish', 'x', 'm']))).toBeNull();
    expect(checkCommandPermission(u, cmd('publish', ['publish', 'y', 'm']))).toEqual({ reason: 'channel', argIndex: 1 });
    expect(checkCommandPermission(u, cmd('ping', ['ping']))).toEqual({ reason: 'command' });
  });

  it('knows when narrowing channels must disconnect subscribers', () => {
    const before = userWith(a, '&a', '&b').clone();
    const same = userWith(a, '&b', '&a', '&c');
    expect(narrowedChannels(before, same)).toBeNull();
    const narrower = userWith(a, '&a').clone();
    expect(narrowedChannels(before, narrower)).toEqual(['a']);
    expect(subscriptionsAllowed(['a'], ['a'], [])).toBe(true);
    expect(subscriptionsAllowed(['a*'], ['ab'], ['a*'])).toBe(true);
    expect(subscriptionsAllowed(['a*'], [], ['ab*'])).toBe(false);
    expect(narrowedChannels(before, userWith(a, 'allchannels'))).toBeNull();
  });
});

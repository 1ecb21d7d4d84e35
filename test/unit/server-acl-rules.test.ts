import { describe, expect, it } from 'vitest';
import type { Acl } from '../../src/server/acl/acl-store';
import { sentinelServer } from './server-acl-fixture';

function acl(opts: Parameters<typeof sentinelServer>[0] = {}): Acl {
  return sentinelServer(opts).acl;
}

function setuser(a: Acl, name: string, ...rules: string[]): string {
  const r = a.setUser(name, rules);
  return r.ok ? 'OK' : r.error;
}

function line(a: Acl, name: string): string | undefined {
  return a.userLines().find((l) => l.startsWith(`user ${name} `));
}

describe('ACL rules: parsing and errors', () => {
  it('starts with the default user only, open to everything', () => {
    const a = acl();
    expect(a.userLines()).toEqual(['user default on nopass ~* &* +@all']);
    expect(a.defaultAuthenticates()).toBe(true);
  });

  it('gives requirepass to the default user as its only password', () => {
    const a = acl({ requirepass: 'secret' });
    expect(a.userLines()).toEqual([
      'user default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~* &* +@all',
    ]);
    expect(a.authRequired(false)).toBe(true);
    expect(a.credentialsValid('default', 'secret')).toBe(true);
    expect(a.credentialsValid('default', 'nope')).toBe(false);
  });

  // Regression: passwords were decoded as UTF-8, so every invalid byte became
  // U+FFFD and '\xfd\xfc' logged in as a user whose password is '\xff\xfe'.
  it('compares passwords as bytes: invalid UTF-8 and NUL bytes stay distinct', () => {
    const a = acl();
    expect(setuser(a, 'binu', 'on', '>\xff\xfe', '+@all')).toBe('OK');
    expect(a.credentialsValid('binu', '\xfd\xfc')).toBe(false);
    expect(a.credentialsValid('binu', '\xff\xfe')).toBe(true);
    // sha256 of the two bytes ff fe, as Redis shows it
    expect(line(a, 'binu')).toContain('#b3d510ef04275ca8e698e5b3cbb0ece3949ef9252f0cdc839e9ee347409a2209');
    const r = acl({ requirepass: 'a\x00b' });
    expect(r.credentialsValid('default', 'a\x00b')).toBe(true);
    expect(r.credentialsValid('default', 'a\x00c')).toBe(false);
    expect(r.credentialsValid('default', 'a')).toBe(false);
  });

  it("reports Redis's error for each kind of bad modifier", () => {
    const a = acl();
    const err = (op: string): string => setuser(a, 'x', op);
    expect(setuser(a, 'x', '~*', '~a')).toBe(
      "Error in ACL SETUSER modifier '~a': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
    );
    expect(setuser(a, 'x', '&*', '&a')).toBe(
      "Error in ACL SETUSER modifier '&a': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
    );
    expect(err('+foo')).toBe("Error in ACL SETUSER modifier '+foo': Unknown command or category name in ACL");
    expect(err('+@foo')).toBe("Error in ACL SETUSER modifier '+@foo': Unknown command or category name in ACL");
    expect(err('+sentinel|foo')).toBe("Error in ACL SETUSER modifier '+sentinel|foo': Unknown command or category name in ACL");
    expect(err('-ping|foo')).toBe("Error in ACL SETUSER modifier '-ping|foo': Unknown command or category name in ACL");
    expect(err('+sentinel|')).toBe("Error in ACL SETUSER modifier '+sentinel|': Syntax error");
    expect(err('+sentinel|myid|x')).toBe("Error in ACL SETUSER modifier '+sentinel|myid|x': Allowing first-arg of a subcommand is not supported");
    expect(err('#abc')).toBe(
      "Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
    );
    expect(err('<nope')).toBe("Error in ACL SETUSER modifier '<nope': The password you are trying to remove from the user does not exist");
    expect(err('bogus')).toBe("Error in ACL SETUSER modifier 'bogus': Syntax error");
    expect(err('%X~d')).toBe("Error in ACL SETUSER modifier '%X~d': Syntax error");
    expect(err('(+ping')).toBe("Unmatched parenthesis in acl selector starting at '(+ping'.");
    expect(setuser(a, 'a b')).toBe("Usernames can't contain spaces or null characters");
  });

  it('changes nothing when one rule of the list is bad', () => {
    const a = acl();
    expect(setuser(a, 'bob', 'on', '+ping')).toBe('OK');
    expect(setuser(a, 'bob', 'off', '+foo')).not.toBe('OK');
    expect(setuser(a, 'carl', 'on', '+foo')).not.toBe('OK');
    expect(a.names()).toEqual(['bob', 'default']);
    expect(line(a, 'bob')).toBe('user bob on resetchannels -@all +ping');
  });

  it('handles passwords: add, hash, remove, nopass, resetpass', () => {
    const a = acl();
    const h = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'; // sha256("a")
    expect(setuser(a, 'u', 'on', '>a', `#${h}`, '>b', '<b')).toBe('OK');
    expect(line(a, 'u')).toBe(`user u on #${h} resetchannels -@all`);
    expect(a.credentialsValid('u', 'a')).toBe(true);
    expect(a.credentialsValid('u', 'b')).toBe(false);
    expect(setuser(a, 'u', `!${h}`)).toBe('OK');
    expect(a.credentialsValid('u', 'a')).toBe(false);
    expect(setuser(a, 'u', 'nopass')).toBe('OK');
    expect(a.credentialsValid('u', 'anything')).toBe(true);
    expect(setuser(a, 'u', 'resetpass')).toBe('OK');
    expect(a.credentialsValid('u', 'anything')).toBe(false);
    expect(setuser(a, 'u', 'off', 'nopass')).toBe('OK');
    expect(a.credentialsValid('u', 'anything')).toBe(false);
  });

  it('follows acl-pubsub-default for new users and reset', () => {
    const open = acl({ aclPubsubDefault: 'allchannels' });
    expect(setuser(open, 'u')).toBe('OK');
    expect(line(open, 'u')).toBe('user u off &* -@all');
    expect(setuser(open, 'v', 'reset')).toBe('OK');
    expect(line(open, 'v')).toBe('user v off sanitize-payload &* -@all');
    const closed = acl();
    expect(setuser(closed, 'v', 'reset')).toBe('OK');
    expect(line(closed, 'v')).toBe('user v off sanitize-payload resetchannels -@all');
  });

  it('loads config users after requirepass, resetting a declared default user', () => {
    const notices: string[] = [];
    const s = sentinelServer({
      log: (level, m) => level === 'notice' && notices.push(m),
      requirepass: 'pw',
      users: [
        { name: 'bob', rules: ['on', '>b', '+ping', '+sentinel|masters'] },
        { name: 'default', rules: ['on', 'nopass', '~*', '&*', '+@all'] },
        { name: 'off-guy', rules: [] },
      ],
    });
    expect(s.loadUsers()).toBe(true);
    expect(s.acl.userLines()).toEqual([
      'user bob on #3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d resetchannels -@all +ping +sentinel|masters',
      'user default on nopass sanitize-payload ~* &* +@all',
      'user off-guy off resetchannels -@all',
    ]);
    expect(notices).toEqual([
      "The user 'off-guy' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.",
    ]);
  });

  it('refuses to start on an invalid configured rule, with Redis log lines', () => {
    const logs: string[] = [];
    const s = sentinelServer({ users: [{ name: 'bob', rules: ['on', '+nosuch'] }], log: (_l, m) => logs.push(m) });
    expect(s.loadUsers()).toBe(false);
    expect(logs).toEqual([
      "Error loading ACL rule '+nosuch' for the user named 'bob': Unknown command or category name in ACL",
      'Critical error while loading ACLs. Exiting.',
    ]);
  });
});

describe('ACL rules: rendering', () => {
  it('renders command rules with categories and single commands, as Redis does', () => {
    const a = acl();
    const cases: Array<[string[], string]> = [
      [['+ping', '+sentinel|masters'], '-@all +ping +sentinel|masters'],
      [['+@all', '-sentinel|myid', '-@pubsub'], '+@all -@pubsub -sentinel|myid'],
      [['+@admin', '-@dangerous', '+ping'], '-@all +ping'],
      [['+acl|whoami'], '-@all +acl|whoami'],
      [['+@all', '-@admin', '+sentinel|myid'], '+@all -@admin +sentinel|myid'],
      [['+ping|foo'], '-@all +ping|foo'],
      [['allcommands', 'nocommands', '+role'], '-@all +role'],
    ];
    for (const [rules, expected] of cases) {
      expect(setuser(a, 'u', 'reset', ...rules)).toBe('OK');
      expect(line(a, 'u')).toBe(`user u off sanitize-payload resetchannels ${expected}`);
    }
  });

  it('covers a container and its subcommands with one category', () => {
    const a = acl();
    // sentinel|help is only @slow, but allowing the @admin container allows all of it.
    expect(setuser(a, 'u', '+@admin')).toBe('OK');
    const r = a.setUser('u', []);
    expect(r.ok && r.after.root.bit('sentinel|help')).toBe(true);
  });

  it('renders keys, channels, flags and selectors in Redis order', () => {
    const a = acl();
    const hash = '148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940'; // sha256("p")
    expect(setuser(a, 'y', '%R~a', '~a', '%W~b', '&x', '&x', '>p', '>p', `#${hash}`, 'on')).toBe('OK');
    expect(line(a, 'y')).toBe(`user y on #${hash} ~a %W~b resetchannels &x -@all`);
    expect(setuser(a, 'k', '(+ping &x)', '(', '+info', '~k)', 'skip-sanitize-payload')).toBe('OK');
    expect(line(a, 'k')).toBe('user k off skip-sanitize-payload resetchannels -@all (resetchannels &x -@all +ping) (~k resetchannels -@all +info)');
    expect(setuser(a, 'k', 'clearselectors', 'allkeys', 'allchannels', 'allcommands')).toBe('OK');
    expect(line(a, 'k')).toBe('user k off skip-sanitize-payload ~* &* +@all');
  });
});

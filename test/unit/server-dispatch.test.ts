import { describe, expect, it } from 'vitest';
import type { ClientContext, CommandSpec } from '../../src/server/command';
import { CommandTable } from '../../src/server/command-table';
import type { AccessCheck } from '../../src/server/dispatch';
import { checkCommand as check, unknownCommandText } from '../../src/server/dispatch';
import type { Reply } from '../../src/protocol/reply';
import { OK } from '../../src/protocol/reply';

function ctx(over: Partial<{ authenticated: boolean; proto: 2 | 3; subs: number }> = {}): ClientContext {
  return {
    id: 1,
    proto: over.proto ?? 2,
    name: '',
    addr: '127.0.0.1:1',
    laddr: '127.0.0.1:2',
    authenticated: over.authenticated ?? true,
    user: 'default',
    subscriptionCount: () => over.subs ?? 0,
    write: () => undefined,
    closeAfterReply: () => undefined,
  };
}

const leaf = (name: string, arity: number, extra: Partial<CommandSpec> = {}): CommandSpec => ({
  name,
  arity,
  flags: [],
  categories: [],
  run: () => OK,
  ...extra,
});

function table(renames?: Record<string, string>): CommandTable {
  const t = new CommandTable(renames);
  t.register(leaf('ping', -1, { pubsubContext: true }));
  t.register(leaf('auth', -2, { noAuth: true }));
  t.register(leaf('info', -1));
  t.register({
    name: 'sentinel',
    arity: -2,
    flags: ['admin'],
    categories: [],
    subcommands: new Map([
      ['master', leaf('master', 3)],
      ['masters', leaf('masters', 2)],
    ]),
  });
  return t;
}

/** Authentication as before ACLs: a flag on the client, and every command allowed. */
const OPEN: AccessCheck = { authRequired: (c) => !c.authenticated, denial: () => null, unrestricted: () => true };

function checkCommand(t: CommandTable, c: ClientContext, argv: string[]): ReturnType<typeof check> {
  return check(t, OPEN, c, argv);
}

function errorOf(t: CommandTable, c: ClientContext, argv: string[]): string | null {
  const r = checkCommand(t, c, argv);
  return r.ok ? null : (r.reply as Extract<Reply, { t: 'error' }>).s;
}

describe('checkCommand', () => {
  it('finds commands and subcommands case-insensitively', () => {
    const r = checkCommand(table(), ctx(), ['SeNtInEl', 'MASTER', 'x']);
    expect(r.ok && r.fullName).toBe('sentinel|master');
    expect(checkCommand(table(), ctx(), ['PING']).ok).toBe(true);
  });

  it('reports unknown commands with their arguments quoted', () => {
    expect(errorOf(table(), ctx(), ['SSUBSCRIBE', 'x'])).toBe("ERR unknown command 'SSUBSCRIBE', with args beginning with: 'x' ");
    expect(errorOf(table(), ctx(), ['QUIT'])).toBe("ERR unknown command 'QUIT', with args beginning with: ");
  });

  it('reports unknown subcommands with the container name as typed, uppercased', () => {
    expect(errorOf(table(), ctx(), ['sentinel', 'FOO'])).toBe("ERR unknown subcommand 'FOO'. Try SENTINEL HELP.");
    expect(errorOf(table(), ctx(), ['sentinel', 'x'.repeat(200)])).toBe(`ERR unknown subcommand '${'x'.repeat(128)}'. Try SENTINEL HELP.`);
  });

  it('uses the full name in arity errors; a bare container fails its own arity', () => {
    expect(errorOf(table(), ctx(), ['sentinel', 'master'])).toBe("ERR wrong number of arguments for 'sentinel|master' command");
    expect(errorOf(table(), ctx(), ['sentinel', 'masters', 'x'])).toBe("ERR wrong number of arguments for 'sentinel|masters' command");
    expect(errorOf(table(), ctx(), ['SENTINEL'])).toBe("ERR wrong number of arguments for 'sentinel' command");
    expect(errorOf(table(), ctx(), ['auth'])).toBe("ERR wrong number of arguments for 'auth' command");
  });

  it('checks existence and arity before authentication', () => {
    const anon = ctx({ authenticated: false });
    expect(errorOf(table(), anon, ['foo'])).toMatch(/^ERR unknown command/);
    expect(errorOf(table(), anon, ['sentinel', 'foo'])).toMatch(/^ERR unknown subcommand/);
    expect(errorOf(table(), anon, ['sentinel', 'masters', 'x'])).toMatch(/^ERR wrong number/);
    expect(errorOf(table(), anon, ['ping'])).toBe('NOAUTH Authentication required.');
    expect(errorOf(table(), anon, ['sentinel', 'masters'])).toBe('NOAUTH Authentication required.');
    expect(errorOf(table(), anon, ['auth', 'pw'])).toBeNull();
  });

  it('restricts RESP2 subscribers but not RESP3 ones, after the auth check', () => {
    const sub2 = ctx({ subs: 1 });
    expect(errorOf(table(), sub2, ['info'])).toBe(
      "ERR Can't execute 'info': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    );
    expect(errorOf(table(), sub2, ['sentinel', 'masters'])).toMatch(/^ERR Can't execute 'sentinel\|masters'/);
    expect(errorOf(table(), sub2, ['ping'])).toBeNull();
    expect(errorOf(table(), ctx({ subs: 1, proto: 3 }), ['info'])).toBeNull();
    expect(errorOf(table(), ctx({ subs: 1, authenticated: false }), ['info'])).toBe('NOAUTH Authentication required.');
  });
});

describe('checkCommand on a repeated request (the last lookup kept)', () => {
  it('finds the same command again, and another subcommand or command when the words change', () => {
    const t = table();
    const words = ['SENTINEL', 'MASTER', 'x'];
    for (let i = 0; i < 3; i++) {
      const r = checkCommand(t, ctx(), words);
      expect(r.ok && r.fullName).toBe('sentinel|master');
    }
    const other = checkCommand(t, ctx(), ['SENTINEL', 'masters']);
    expect(other.ok && other.fullName).toBe('sentinel|masters');
    expect(errorOf(t, ctx(), ['SENTINEL', 'nope'])).toBe("ERR unknown subcommand 'nope'. Try SENTINEL HELP.");
    const ping = checkCommand(t, ctx(), ['PING', 'MASTER']);
    expect(ping.ok && ping.fullName).toBe('ping');
  });

  it('gives a container named alone its own arity error, after its subcommand was found', () => {
    const t = table();
    expect(checkCommand(t, ctx(), ['SENTINEL', 'masters']).ok).toBe(true);
    expect(errorOf(t, ctx(), ['SENTINEL'])).toBe("ERR wrong number of arguments for 'sentinel' command");
    expect(checkCommand(t, ctx(), ['SENTINEL', 'masters']).ok).toBe(true);
  });

  it('runs the checks after the lookup every time: arity, authentication, the subscribed context', () => {
    const t = table();
    expect(checkCommand(t, ctx(), ['sentinel', 'masters']).ok).toBe(true);
    expect(errorOf(t, ctx(), ['sentinel', 'masters', 'x'])).toBe("ERR wrong number of arguments for 'sentinel|masters' command");
    expect(errorOf(t, ctx({ authenticated: false }), ['sentinel', 'masters'])).toBe('NOAUTH Authentication required.');
    expect(errorOf(t, ctx({ subs: 1 }), ['sentinel', 'masters'])).toMatch(/^ERR Can't execute 'sentinel\|masters'/);
  });

  it('tells the ACL check a subcommand from a command on the kept path too', () => {
    const seen: boolean[] = [];
    const acl: AccessCheck = {
      authRequired: () => false,
      unrestricted: () => false,
      denial: (_c, cmd) => {
        seen.push(cmd.isSubcommand);
        return null;
      },
    };
    const t = table();
    for (let i = 0; i < 2; i++) check(t, acl, ctx(), ['sentinel', 'masters']);
    for (let i = 0; i < 2; i++) check(t, acl, ctx(), ['info']);
    expect(seen).toEqual([true, true, false, false]);
  });

  it('finds a command registered after the lookup was kept, and not in another table', () => {
    const t = table();
    expect(checkCommand(t, ctx(), ['info']).ok).toBe(true);
    t.register(leaf('info', 1));
    expect(errorOf(t, ctx(), ['info', 'x'])).toBe("ERR wrong number of arguments for 'info' command");
    const renamed = table({ info: '' });
    expect(errorOf(renamed, ctx(), ['info'])).toBe("ERR unknown command 'info', with args beginning with: ");
  });
});

describe('unknownCommandText', () => {
  it('cuts the command name to 128 bytes', () => {
    expect(unknownCommandText(['a'.repeat(130), 'x'])).toBe(`ERR unknown command '${'a'.repeat(128)}', with args beginning with: 'x' `);
  });

  it('cuts each argument to what is left of 128 bytes and stops once 128 is reached', () => {
    const b = 'b'.repeat(100);
    expect(unknownCommandText(['foo', b, b, 'c'])).toBe(`ERR unknown command 'foo', with args beginning with: '${b}' '${'b'.repeat(25)}' `);
    expect(unknownCommandText(['foo', '12345', b, 'c', 'd'])).toBe(
      `ERR unknown command 'foo', with args beginning with: '12345' '${b}' 'c' 'd' `,
    );
  });
});

describe('CommandTable', () => {
  it('answers renamed commands only under their new name and keeps the original full name', () => {
    const t = table({ sentinel: 'watch', info: '' });
    expect(t.lookup('sentinel')).toBeUndefined();
    expect(t.lookup('WATCH')?.name).toBe('sentinel');
    expect(t.lookup('info')).toBeUndefined();
    expect(errorOf(t, ctx(), ['info'])).toBe("ERR unknown command 'info', with args beginning with: ");
    expect(errorOf(t, ctx(), ['watch', 'nope'])).toBe("ERR unknown subcommand 'nope'. Try WATCH HELP.");
    expect(errorOf(t, ctx(), ['watch', 'master'])).toBe("ERR wrong number of arguments for 'sentinel|master' command");
    expect(t.topLevel().map((s) => s.name)).toEqual(['ping', 'auth', 'sentinel']);
  });

  it('renames commands registered after construction', () => {
    const t = new CommandTable([['role', 'myrole']]);
    t.register(leaf('role', 1));
    expect(t.lookup('role')).toBeUndefined();
    expect(t.lookup('myrole')?.name).toBe('role');
  });

  it('lists commands and subcommands with full names, and finds "container|sub"', () => {
    const t = table();
    expect(t.all().map((c) => c.fullName)).toEqual(['ping', 'auth', 'info', 'sentinel', 'sentinel|master', 'sentinel|masters']);
    expect(t.find('SENTINEL|Master')?.fullName).toBe('sentinel|master');
    expect(t.find('sentinel|nope')).toBeUndefined();
  });

  it('finds every spelling of a name, upper case and renamed ones too, and nothing else', () => {
    const t = table({ sentinel: 'watch' });
    for (const n of ['ping', 'PING', 'Ping', 'pInG']) expect(t.lookup(n)?.name).toBe('ping');
    expect(t.lookup('WATCH')?.name).toBe('sentinel');
    expect(t.lookup('SENTINEL')).toBeUndefined();
    expect(t.lookup('P\xc9NG')).toBeUndefined();
    expect(checkCommand(t, ctx(), ['WATCH', 'MASTERS'])).toMatchObject({ ok: true, fullName: 'sentinel|masters' });
    expect(checkCommand(t, ctx(), ['watch', 'Masters'])).toMatchObject({ ok: true, fullName: 'sentinel|masters' });
  });

  it('replaces a command registered twice', () => {
    const t = table();
    t.register(leaf('ping', 1));
    expect(t.lookup('ping')?.arity).toBe(1);
    expect(t.lookup('PING')?.arity).toBe(1);
    expect(t.topLevel().filter((s) => s.name === 'ping')).toHaveLength(1);
  });
});

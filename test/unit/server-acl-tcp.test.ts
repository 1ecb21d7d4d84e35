import { describe, expect, it } from 'vitest';
import { RawClient, cmd } from './server-raw-client';
import { serverHarness } from './server-harness';
import { sentinelServer } from './server-acl-fixture';

const { start, connect } = serverHarness(sentinelServer);

async function ask(c: RawClient, ...requests: string[][]): Promise<string[]> {
  c.send(requests.map((r) => cmd(...r)).join(''));
  const out: string[] = [];
  for (let i = 0; i < requests.length; i++) out.push(await c.readReply());
  return out;
}

const WRONGPASS = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';

describe('ACL over TCP', () => {
  it('limits a configured user to its commands, full names included', async () => {
    const s = await start({ users: [{ name: 'bob', rules: ['on', '>b', '+ping', '+sentinel|masters'] }] });
    const c = await connect(s);
    const r = await ask(c, ['AUTH', 'bob', 'b'], ['SENTINEL', 'MYID'], ['SENTINEL', 'MASTERS'], ['PING'], ['INFO'], ['ACL', 'WHOAMI']);
    expect(r).toEqual([
      '+OK\r\n',
      "-NOPERM this user has no permissions to run the 'sentinel|myid' command\r\n",
      '*0\r\n',
      '+PONG\r\n',
      "-NOPERM this user has no permissions to run the 'info' command\r\n",
      "-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n",
    ]);
    const admin = await connect(s);
    const [log] = await ask(admin, ['ACL', 'LOG', '1']);
    expect(log).toMatch(/^\*1\r\n\*14\r\n\$5\r\ncount\r\n:1\r\n\$6\r\nreason\r\n\$7\r\ncommand\r\n\$7\r\ncontext\r\n\$8\r\ntoplevel\r\n\$6\r\nobject\r\n\$10\r\nacl\|whoami\r\n\$8\r\nusername\r\n\$3\r\nbob\r\n/);
    expect(log).toContain('cmd=acl|whoami user=bob');
  });

  it('refuses channels the user may not use', async () => {
    const s = await start();
    const admin = await connect(s);
    expect(await ask(admin, ['ACL', 'SETUSER', 'z', 'on', 'nopass', '&a*', '+@pubsub'])).toEqual(['+OK\r\n']);
    const c = await connect(s);
    const r = await ask(c, ['AUTH', 'z', 'x'], ['PUBLISH', 'b', 'm'], ['PUBLISH', 'ab', 'm'], ['SUBSCRIBE', 'b']);
    expect(r).toEqual([
      '+OK\r\n',
      '-NOPERM this user has no permissions to access one of the channels used as arguments\r\n',
      '+OK\r\n', // the stand-in PUBLISH
      '-NOPERM this user has no permissions to access one of the channels used as arguments\r\n',
    ]);
  });

  it('turns default off without dropping its clients until CLIENT KILL USER', async () => {
    const s = await start();
    const a = await connect(s);
    expect(await ask(a, ['ACL', 'SETUSER', 'testuser', '>secret', '+@all', 'on'], ['ACL', 'SETUSER', 'default', 'off'], ['PING'])).toEqual([
      '+OK\r\n',
      '+OK\r\n',
      '+PONG\r\n',
    ]);
    const b = await connect(s);
    expect(await ask(b, ['PING'], ['AUTH', 'default', 'x'], ['AUTH', 'testuser', 'wrong'])).toEqual([
      '-NOAUTH Authentication required.\r\n',
      WRONGPASS,
      WRONGPASS,
    ]);
    expect(await ask(a, ['CLIENT', 'KILL', 'USER', 'nobody'], ['CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'no'])).toEqual([
      "-ERR No such user 'nobody'\r\n",
      ':2\r\n',
    ]);
    expect(await a.waitClosed()).toBe(true);
    expect(await b.waitClosed()).toBe(true);
    const c = await connect(s);
    expect(await ask(c, ['AUTH', 'testuser', 'secret'], ['ACL', 'WHOAMI'], ['ACL', 'SETUSER', 'default', 'on'], ['ACL', 'DELUSER', 'testuser'])).toEqual([
      '+OK\r\n',
      '$8\r\ntestuser\r\n',
      '+OK\r\n',
      ':1\r\n',
    ]);
    // Deleting the user one is logged in as ends the connection after the reply.
    expect(await c.waitClosed()).toBe(true);
  });

  it('authenticates HELLO against users and logs failures', async () => {
    const s = await start({ requirepass: 'pw' });
    const c = await connect(s);
    const r = await ask(c, ['HELLO', '3', 'AUTH', 'default', 'bad'], ['HELLO', '2', 'AUTH', 'default', 'pw'], ['ACL', 'LOG'], ['ACL', 'LOG', 'RESET'], ['ACL', 'LOG']);
    expect(r[0]).toBe(WRONGPASS);
    expect(r[1]).toMatch(/^\*12\r\n/);
    expect(r[2]).toMatch(/^\*1\r\n\*14\r\n\$5\r\ncount\r\n:1\r\n\$6\r\nreason\r\n\$4\r\nauth\r\n\$7\r\ncontext\r\n\$8\r\ntoplevel\r\n\$6\r\nobject\r\n\$5\r\nHELLO\r\n\$8\r\nusername\r\n\$7\r\ndefault\r\n/);
    expect(r.slice(3)).toEqual(['+OK\r\n', '*0\r\n']);
  });

  it('answers GETUSER and DRYRUN for users', async () => {
    const s = await start();
    const c = await connect(s);
    const r = await ask(
      c,
      ['ACL', 'SETUSER', 'bob', 'on', '>b', '+ping', '&x'],
      ['ACL', 'GETUSER', 'bob'],
      ['ACL', 'DRYRUN', 'bob', 'ping'],
      ['ACL', 'DRYRUN', 'bob', 'sentinel', 'myid'],
      ['ACL', 'USERS'],
    );
    expect(r[0]).toBe('+OK\r\n');
    expect(r[1]).toBe(
      '*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$9\r\npasswords\r\n*1\r\n$64\r\n3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d\r\n' +
        '$8\r\ncommands\r\n$11\r\n-@all +ping\r\n$4\r\nkeys\r\n$0\r\n\r\n$8\r\nchannels\r\n$2\r\n&x\r\n$9\r\nselectors\r\n*0\r\n',
    );
    expect(r.slice(2)).toEqual([
      '+OK\r\n',
      "$63\r\nThis user has no permissions to run the 'sentinel|myid' command\r\n",
      '*2\r\n$3\r\nbob\r\n$7\r\ndefault\r\n',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/server/command';
import { OK, int } from '../../src/protocol/reply';
import { CLIENT_HELP } from '../../src/server/commands/help-texts';
import { RawClient, cmd } from './server-raw-client';
import { serverHarness } from './server-harness';

const { start, connect } = serverHarness();

/** Sends requests and returns one raw reply per request. */
async function ask(c: RawClient, ...requests: string[]): Promise<string[]> {
  c.send(requests.join(''));
  const out: string[] = [];
  for (let i = 0; i < requests.length; i++) out.push(await c.readReply());
  return out;
}

const line = (...argv: string[]): string => cmd(...argv);

/** Stand-ins for the daemon's commands, to check the table is open for them. */
function daemonStubs(): CommandSpec[] {
  const leaf = (name: string, arity: number): CommandSpec => ({ name, arity, flags: [], categories: ['@admin'], run: () => OK });
  return [
    { name: 'sentinel', arity: -2, flags: ['admin'], categories: ['@admin'], subcommands: new Map([['myid', leaf('myid', 2)]]) },
    leaf('role', 1),
    leaf('publish', 3),
  ];
}

describe('HELLO', () => {
  it('reports the current protocol without arguments and validates its options', async () => {
    const s = await start();
    const c = await connect(s);
    const r = await ask(
      c,
      line('HELLO'),
      line('HELLO', '4'),
      line('HELLO', 'x'),
      line('HELLO', '2147483648'),
      line('HELLO', '3', 'foo'),
      line('HELLO', '2', 'SETNAME'),
      line('HELLO', '2', 'SETNAME', 'a b'),
      line('HELLO', '2', 'AUTH', 'a'),
      line('HELLO', '2', 'AUTH', 'default', 'x'),
    );
    expect(r[0]).toBe(
      '*12\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n',
    );
    expect(r.slice(1)).toEqual([
      '-NOPROTO unsupported protocol version\r\n',
      '-ERR Protocol version is not an integer or out of range\r\n',
      '-NOPROTO unsupported protocol version\r\n',
      "-ERR Syntax error in HELLO option 'foo'\r\n",
      "-ERR Syntax error in HELLO option 'SETNAME'\r\n",
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n',
      "-ERR Syntax error in HELLO option 'AUTH'\r\n",
      '*12\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n',
    ]);
  });
});

describe('CLIENT', () => {
  it('manages the connection name and id', async () => {
    const s = await start();
    const c = await connect(s);
    const r = await ask(
      c,
      line('CLIENT', 'GETNAME'),
      line('CLIENT', 'SETNAME', 'app-1'),
      line('CLIENT', 'GETNAME'),
      line('CLIENT', 'SETNAME', 'a\u0001'),
      line('CLIENT', 'SETNAME', ''),
      line('CLIENT', 'GETNAME'),
      line('CLIENT', 'ID'),
      line('CLIENT', 'SETNAME', 'a', 'b'),
      line('CLIENT', 'FOO'),
    );
    expect(r).toEqual([
      '$-1\r\n',
      '+OK\r\n',
      '$5\r\napp-1\r\n',
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n',
      '+OK\r\n',
      '$-1\r\n',
      ':1\r\n',
      "-ERR wrong number of arguments for 'client|setname' command\r\n",
      "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n",
    ]);
  });

  it('lists clients in Redis format with TYPE and ID filters', async () => {
    const s = await start();
    const a = await connect(s);
    const b = await connect(s);
    await ask(b, line('CLIENT', 'SETNAME', 'watcher'), line('SUBSCRIBE', 'x'));
    const [all, pubsub, byId, badType, badId, syntax] = await ask(
      a,
      line('CLIENT', 'LIST'),
      line('CLIENT', 'LIST', 'TYPE', 'pubsub'),
      line('CLIENT', 'LIST', 'ID', '2', '99'),
      line('CLIENT', 'LIST', 'TYPE', 'foo'),
      line('CLIENT', 'LIST', 'ID', '1', 'x'),
      line('CLIENT', 'LIST', 'foo'),
    );
    const body = (r: string): string[] => r.slice(r.indexOf('\r\n') + 2, -2).split('\n').filter((l) => l !== '');
    expect(body(all as string)).toHaveLength(2);
    expect(body(all as string)[0]).toMatch(
      /^id=1 addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name= age=\d+ idle=\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+ obl=\d+ oll=0 omem=\d+ tot-mem=\d+ events=rw? cmd=client\|list user=default redir=-1 resp=2$/,
    );
    expect(body(pubsub as string)).toEqual([expect.stringMatching(/^id=2 .* name=watcher .* flags=P db=0 sub=1 psub=0 .* cmd=subscribe /)]);
    expect(body(byId as string)).toEqual([expect.stringMatching(/^id=2 /)]);
    expect([badType, badId, syntax]).toEqual(["-ERR Unknown client type 'foo'\r\n", '-ERR Invalid client ID\r\n', '-ERR syntax error\r\n']);
  });

  it('answers CLIENT INFO as a verbatim string in RESP3', async () => {
    const s = await start();
    const c = await connect(s);
    const [, info] = await ask(c, line('HELLO', '3'), line('CLIENT', 'INFO'));
    expect(info).toMatch(/^=\d+\r\ntxt:id=1 addr=.* cmd=client\|info user=default redir=-1 resp=3\n\r\n$/);
  });

  it('kills other clients by filter, and itself only after replying', async () => {
    const s = await start();
    const a = await connect(s);
    const b = await connect(s);
    const [bAddr] = await ask(b, line('CLIENT', 'INFO'));
    const addr = /addr=(\S+)/.exec(bAddr as string)?.[1] as string;
    const r = await ask(
      a,
      line('CLIENT', 'KILL', '1.2.3.4:5'),
      line('CLIENT', 'KILL', 'ID', '0'),
      line('CLIENT', 'KILL', 'TYPE', 'foo'),
      line('CLIENT', 'KILL', 'ID', '1', 'SKIPME'),
      line('CLIENT', 'KILL', 'USER', 'nobody'),
      line('CLIENT', 'KILL', 'ADDR', addr, 'TYPE', 'normal'),
      line('CLIENT', 'KILL', 'ID', '1'),
    );
    expect(r).toEqual([
      '-ERR No such client\r\n',
      '-ERR client-id should be greater than 0\r\n',
      "-ERR Unknown client type 'foo'\r\n",
      '-ERR syntax error\r\n',
      "-ERR No such user 'nobody'\r\n",
      ':1\r\n',
      ':0\r\n',
    ]);
    expect(await b.waitClosed()).toBe(true);
    const [selfKill] = await ask(a, line('CLIENT', 'KILL', 'ID', '1', 'SKIPME', 'no'));
    expect(selfKill).toBe(':1\r\n');
    expect(await a.waitClosed()).toBe(true);
  });

  it('accepts the remaining subcommands with Redis error texts', async () => {
    const s = await start();
    const c = await connect(s);
    const r = await ask(
      c,
      line('CLIENT', 'PAUSE', 'abc'),
      line('CLIENT', 'PAUSE', '10', 'foo'),
      line('CLIENT', 'PAUSE', '10'),
      line('CLIENT', 'PAUSE', '-1'),
      line('CLIENT', 'PAUSE', '1', 'all', 'x'),
      line('CLIENT', 'UNPAUSE'),
      line('CLIENT', 'NO-EVICT', 'on'),
      line('CLIENT', 'NO-EVICT', 'maybe'),
      line('CLIENT', 'GETREDIR'),
      line('CLIENT', 'CACHING', 'yes'),
      line('CLIENT', 'TRACKING', 'on', 'x'),
      line('CLIENT', 'TRACKING', 'on'),
      line('CLIENT', 'GETREDIR'),
      line('CLIENT', 'CACHING', 'yes'),
      line('CLIENT', 'UNBLOCK', '5'),
      line('CLIENT', 'UNBLOCK', 'abc'),
      line('CLIENT', 'UNBLOCK', '5', 'foo'),
      line('CLIENT', 'REPLY', 'maybe'),
    );
    expect(r).toEqual([
      '-ERR timeout is not an integer or out of range\r\n',
      '-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n',
      '+OK\r\n',
      '-ERR timeout is negative\r\n',
      "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n",
      '+OK\r\n',
      '+OK\r\n',
      '-ERR syntax error\r\n',
      ':-1\r\n',
      '-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n',
      '-ERR syntax error\r\n',
      '+OK\r\n',
      ':0\r\n',
      '-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n',
      ':0\r\n',
      '-ERR value is not an integer or out of range\r\n',
      '-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n',
      '-ERR syntax error\r\n',
    ]);
  });

  it('prints the 54-line help (Redis 7.2\'s)', async () => {
    const s = await start();
    const c = await connect(s);
    const [help] = await ask(c, line('client', 'help'));
    expect(help).toBe(`*58\r\n${CLIENT_HELP.map((l) => `+${l}\r\n`).join('')}`);
  });
});

describe('COMMAND', () => {
  it('counts and lists the registered table, including commands added later', async () => {
    const s = await start();
    const c = await connect(s);
    const [count] = await ask(c, line('COMMAND', 'COUNT'));
    expect(count).toBe(':12\r\n');
    for (const spec of daemonStubs()) s.table.register(spec);
    const [count2, list] = await ask(c, line('COMMAND', 'COUNT'), line('COMMAND', 'LIST'));
    expect(count2).toBe(':15\r\n');
    // 15 top-level + 16 client + 7 command + 13 acl + 1 stub sentinel
    // subcommand; 7.2's client|setinfo is served but not listed under the
    // default compat-release, 7.0.15 (command.ts `surface`).
    expect(list).toMatch(/^\*52\r\n/);
    expect(list).not.toContain('$14\r\nclient|setinfo\r\n');
    expect(list).toContain('$9\r\nclient|id\r\n');
    expect(list).toContain('$13\r\nsentinel|myid\r\n');
  });

  it('lists client|setinfo when compat-release is a release that has it', async () => {
    for (const [release, listed] of [['redis-7.0.15', false], ['redis-7.2.5', true], ['redis-7.4.1', true], ['valkey-8.0.1', true]] as const) {
      const s = await start({ compatRelease: release });
      const c = await connect(s);
      const [list] = await ask(c, line('COMMAND', 'LIST'));
      expect((list ?? '').includes('$14\r\nclient|setinfo\r\n'), release).toBe(listed);
    }
  });

  it('filters COMMAND LIST by ACL category and pattern', async () => {
    const s = await start();
    const c = await connect(s);
    const [pattern, cat, mod, bad] = await ask(
      c,
      line('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'CLIENT|I*'),
      line('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'pubsub'),
      line('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'),
      line('COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'),
    );
    expect(pattern).toBe('*2\r\n$9\r\nclient|id\r\n$11\r\nclient|info\r\n');
    expect(cat).toBe('*4\r\n$9\r\nsubscribe\r\n$10\r\npsubscribe\r\n$11\r\nunsubscribe\r\n$12\r\npunsubscribe\r\n');
    expect([mod, bad]).toEqual(['*0\r\n', '-ERR syntax error\r\n']);
  });

  it('describes commands with COMMAND INFO in both protocols', async () => {
    const s = await start();
    const c = await connect(s);
    const pingInfo =
      '*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n';
    const [info, missing] = await ask(c, line('COMMAND', 'INFO', 'ping', 'get'), line('COMMAND', 'INFO', 'client|id'));
    expect(info).toBe(`*2\r\n${pingInfo}$-1\r\n`);
    expect(missing).toBe(
      '*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n',
    );
    const [, info3] = await ask(c, line('HELLO', '3'), line('COMMAND', 'INFO', 'ping'));
    expect(info3).toBe(
      '*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n~1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n',
    );
  });

  it('documents commands with COMMAND DOCS and reports keyless commands in GETKEYS', async () => {
    const s = await start();
    const c = await connect(s);
    const [docs, getkeys, invalid] = await ask(
      c,
      line('COMMAND', 'DOCS', 'nosuch', 'ping'),
      line('COMMAND', 'GETKEYS', 'ping', 'x'),
      line('COMMAND', 'GETKEYS', 'nosuch', 'x'),
    );
    expect(docs).toBe(
      '*2\r\n$4\r\nping\r\n*10\r\n$7\r\nsummary\r\n$41\r\nReturns the server\'s liveliness response.\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n' +
        '$9\r\narguments\r\n*1\r\n*8\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$12\r\ndisplay_text\r\n$7\r\nmessage\r\n$5\r\nflags\r\n*1\r\n+optional\r\n',
    );
    expect([getkeys, invalid]).toEqual(['-ERR The command has no key arguments\r\n', '-ERR Invalid command specified\r\n']);
  });
});

describe('ACL', () => {
  it('knows the default user', async () => {
    const s = await start();
    const c = await connect(s);
    const r = await ask(
      c,
      line('ACL', 'WHOAMI'),
      line('ACL', 'USERS'),
      line('ACL', 'LIST'),
      line('ACL', 'GETUSER', 'nobody'),
      line('ACL', 'DELUSER', 'default'),
      line('ACL', 'DRYRUN', 'default', 'ping'),
      line('ACL', 'DRYRUN', 'default', 'foo'),
      line('ACL', 'DRYRUN', 'nobody', 'ping'),
      line('ACL', 'GENPASS', '5'),
      line('ACL', 'GENPASS', '0'),
      line('ACL', 'CAT', 'foo'),
      line('ACL', 'LOG'),
      line('ACL', 'LOAD'),
    );
    expect(r.slice(0, 8)).toEqual([
      '$7\r\ndefault\r\n',
      '*1\r\n$7\r\ndefault\r\n',
      '*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n',
      '$-1\r\n',
      "-ERR The 'default' user cannot be removed\r\n",
      '+OK\r\n',
      "-ERR Command 'foo' not found\r\n",
      "-ERR User 'nobody' not found\r\n",
    ]);
    expect(r[8]).toMatch(/^\$2\r\n[0-9a-f]{2}\r\n$/);
    expect(r[9]).toBe('-ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096\r\n');
    expect(r[10]).toBe("-ERR Unknown category 'foo'\r\n");
    expect(r[11]).toBe('*0\r\n');
    expect(r[12]).toMatch(/^-ERR This Redis instance is not configured to use an ACL file\./);
  });

  it('shows the password hash when requirepass is set', async () => {
    const s = await start({ requirepass: 'secret' });
    const c = await connect(s);
    const [, list] = await ask(c, line('AUTH', 'secret'), line('ACL', 'LIST'));
    expect(list).toBe('*1\r\n$93\r\nuser default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~* &* +@all\r\n');
  });
});

describe('SHUTDOWN', () => {
  it('validates options and hands a valid request to the daemon without replying', async () => {
    let calls = 0;
    const s = await start({ onShutdown: () => calls++ });
    const c = await connect(s);
    const r = await ask(
      c,
      line('SHUTDOWN', 'foo'),
      line('SHUTDOWN', 'ABORT'),
      line('SHUTDOWN', 'SAVE', 'NOSAVE'),
      line('SHUTDOWN', 'ABORT', 'NOW'),
    );
    expect(r).toEqual(['-ERR syntax error\r\n', '-ERR No shutdown in progress.\r\n', '-ERR syntax error\r\n', '-ERR syntax error\r\n']);
    expect(calls).toBe(0);
    c.send(`${line('SHUTDOWN', 'nosave', 'now', 'force')}PING\r\n`);
    expect(await c.readLike('+PONG\r\n')).toBe('+PONG\r\n');
    expect(calls).toBe(1);
  });
});

describe('INFO', () => {
  it('selects sections in fixed order, drops unknown names, and is a plain bulk in RESP3', async () => {
    const s = await start({ sentinelInfo: () => 'sentinel_masters:0\r\nsentinel_tilt:0' });
    const c = await connect(s);
    const [sentinel, two, none, all] = await ask(
      c,
      line('INFO', 'sentinel'),
      line('INFO', 'SENTINEL', 'server', 'replication'),
      line('INFO', 'keyspace'),
      line('INFO', 'cpu', 'all'),
    );
    expect(sentinel).toBe('$49\r\n# Sentinel\r\nsentinel_masters:0\r\nsentinel_tilt:0\r\n\r\n');
    expect((two as string).match(/^# \w+/gm)).toEqual(['# Server', '# Sentinel']);
    expect(none).toBe('$0\r\n\r\n');
    expect((all as string).match(/^# \w+/gm)).toEqual(['# Server', '# Clients', '# Stats', '# CPU', '# Sentinel']);
    expect(all).toContain('\r\n\r\n# Clients\r\n');
    expect(all).toMatch(/\r\nredis_mode:sentinel\r\n/);
    expect(all).toMatch(/\r\nprocess_id:\d+\r\n/);
    expect(all).toMatch(/\r\nrun_id:[0-9a-f]{40}\r\n/);
    expect(all).toMatch(new RegExp(`\\r\\ntcp_port:${s.port}\\r\\n`));
    expect(all).toMatch(/\r\nconnected_clients:1\r\n/);
    expect(all).toMatch(/\r\nused_cpu_user:\d+\.\d{6}\r\n/);
    const [, info3] = await ask(c, line('HELLO', '3'), line('INFO', 'sentinel'));
    expect(info3).toBe(sentinel);
  });

  it('lists the Server fields in Redis order', async () => {
    const s = await start({ configFile: '/tmp/x/sentinel.conf', executable: '/usr/bin/redis-sentinel-ts' });
    const c = await connect(s);
    const [server] = await ask(c, line('INFO', 'server'));
    const keys = (server as string)
      .split('\r\n')
      .slice(2, -2)
      .map((l) => l.split(':')[0]);
    expect(keys).toEqual([
      'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os', 'arch_bits',
      'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version', 'process_id', 'process_supervised', 'run_id',
      'tcp_port', 'server_time_usec', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz', 'lru_clock', 'executable',
      'config_file', 'io_threads_active', 'sentinel_surfaces',
    ]);
    expect(server).toContain('\r\nsentinel_surfaces:redis-7.0.15,redis-7.2.5,redis-7.4.1,valkey-8.0.1\r\n');
    expect(server).toContain('\r\nconfig_file:/tmp/x/sentinel.conf\r\n');
    expect(server).toContain('\r\nexecutable:/usr/bin/redis-sentinel-ts\r\n');
  });
});

describe('rename-command', () => {
  it('serves renamed commands only under their new name', async () => {
    const s = await start({ renamedCommands: { client: 'conn', shutdown: '' } });
    const c = await connect(s);
    const r = await ask(c, line('CLIENT', 'ID'), line('CONN', 'ID'), line('SHUTDOWN'), line('conn', 'help'), line('COMMAND', 'COUNT'));
    expect(r.slice(0, 3)).toEqual([
      "-ERR unknown command 'CLIENT', with args beginning with: 'ID' \r\n",
      ':1\r\n',
      "-ERR unknown command 'SHUTDOWN', with args beginning with: \r\n",
    ]);
    expect(r[3]).toMatch(/^\*58\r\n\+CONN <subcommand> /);
    expect(r[4]).toBe(':11\r\n');
  });

  it('applies to commands the daemon registers later', async () => {
    const s = await start({ renamedCommands: [['role', 'myrole']] });
    s.table.register({ name: 'role', arity: 1, flags: [], categories: [], run: () => int(7) });
    const c = await connect(s);
    const r = await ask(c, line('ROLE'), line('MYROLE'));
    expect(r).toEqual(["-ERR unknown command 'ROLE', with args beginning with: \r\n", ':7\r\n']);
  });
});

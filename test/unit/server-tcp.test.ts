import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClientServer } from '../../src/server/server';
import { bulk, error, int } from '../../src/protocol/reply';
import { RawClient, cmd } from './server-raw-client';
import { serverHarness } from './server-harness';

const { start, connect, servers, clients } = serverHarness();

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ClientServer over TCP: framing', () => {
  it('answers pipelined requests in order, inline and multibulk mixed', async () => {
    const s = await start();
    const c = await connect(s);
    c.send(`PING\r\n${cmd('PING', 'hello')}ping "a b"\r\n${cmd('CLIENT', 'ID')}${'PING\r\n'.repeat(200)}`);
    const expected = `+PONG\r\n$5\r\nhello\r\n$3\r\na b\r\n:1\r\n${'+PONG\r\n'.repeat(200)}`;
    expect(await c.readLike(expected)).toBe(expected);
  });

  it('handles a request split at every byte', async () => {
    const s = await start();
    const c = await connect(s);
    c.socket.setNoDelay(true);
    const req = cmd('PING', 'split');
    for (const ch of req) {
      c.send(ch);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await c.readLike('$5\r\nsplit\r\n')).toBe('$5\r\nsplit\r\n');
  });

  it('closes a connection after a protocol error while other clients keep working', async () => {
    const s = await start();
    const bad = await connect(s);
    const good = await connect(s);
    bad.send('PING\r\n*1\r\n$abc\r\nPING\r\n');
    const expected = '+PONG\r\n-ERR Protocol error: invalid bulk length\r\n';
    expect(await bad.readLike(expected)).toBe(expected);
    expect(await bad.waitClosed()).toBe(true);
    good.send('PING\r\n');
    expect(await good.readLike('+PONG\r\n')).toBe('+PONG\r\n');
    expect(good.closed).toBe(false);
  });

  it('drops HTTP requests without a reply, discarding replies not yet written', async () => {
    const logs: string[] = [];
    const s = await start({ log: (_l, m) => logs.push(m) });
    const c = await connect(s);
    c.send('PING\r\nPOST / HTTP/1.1\r\n');
    expect(await c.waitClosed()).toBe(true);
    expect(await c.drain(0)).toBe('');
    expect(logs.some((l) => l.startsWith('Possible SECURITY ATTACK detected.'))).toBe(true);
  });

  it('keeps replies in request order when a command answers asynchronously', async () => {
    const s = await start();
    s.table.register({
      name: 'slow',
      arity: 2,
      flags: [],
      categories: [],
      run: (_ctx, argv) => new Promise((resolve) => setTimeout(() => resolve(bulk(argv[1] as string)), 50)),
    });
    const c = await connect(s);
    c.send(`${cmd('slow', 'a')}PING\r\n${cmd('slow', 'b')}${cmd('CLIENT', 'ID')}`);
    const expected = '$1\r\na\r\n+PONG\r\n$1\r\nb\r\n:1\r\n';
    expect(await c.readLike(expected)).toBe(expected);
  });

  it('turns a throwing or rejecting handler into an error reply and keeps serving', async () => {
    const logs: string[] = [];
    const s = await start({ log: (_l, m) => logs.push(m) });
    s.table.register({ name: 'boom', arity: 1, flags: [], categories: [], run: () => { throw new Error('kaboom'); } });
    s.table.register({ name: 'aboom', arity: 1, flags: [], categories: [], run: () => Promise.reject(new Error('async kaboom')) });
    const c = await connect(s);
    c.send('boom\r\naboom\r\nPING\r\n');
    const expected = "-ERR internal error while executing 'boom'\r\n-ERR internal error while executing 'aboom'\r\n+PONG\r\n";
    expect(await c.readLike(expected)).toBe(expected);
    expect(logs.filter((l) => l.includes('kaboom'))).toHaveLength(2);
  });

  it('stops writing after CLIENT REPLY OFF and skips exactly one reply after SKIP', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('CLIENT REPLY SKIP\r\nPING one\r\nPING two\r\nCLIENT REPLY OFF\r\nPING three\r\nfoo\r\nCLIENT REPLY ON\r\nPING four\r\n');
    const expected = '$3\r\ntwo\r\n+OK\r\n$4\r\nfour\r\n';
    expect(await c.readLike(expected)).toBe(expected);
    expect(await c.drain(50)).toBe('');
  });
});

describe('ClientServer over TCP: pub/sub', () => {
  it('delivers published events to RESP2 subscribers and restricts their commands', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('SUBSCRIBE +sdown\r\nPSUBSCRIBE *\r\n');
    const conf = '*3\r\n$9\r\nsubscribe\r\n$6\r\n+sdown\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n';
    expect(await c.readLike(conf)).toBe(conf);
    expect(s.publish('+sdown', 'master m 127.0.0.1 6379')).toBe(2);
    const msgs =
      '*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$23\r\nmaster m 127.0.0.1 6379\r\n' +
      '*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$6\r\n+sdown\r\n$23\r\nmaster m 127.0.0.1 6379\r\n';
    expect(await c.readLike(msgs)).toBe(msgs);
    c.send('PING\r\nINFO\r\nUNSUBSCRIBE\r\nPUNSUBSCRIBE\r\nUNSUBSCRIBE\r\n');
    const rest =
      '*2\r\n$4\r\npong\r\n$0\r\n\r\n' +
      "-ERR Can't execute 'info': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
      '*3\r\n$11\r\nunsubscribe\r\n$6\r\n+sdown\r\n:1\r\n' +
      '*3\r\n$12\r\npunsubscribe\r\n$1\r\n*\r\n:0\r\n' +
      '*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n';
    expect(await c.readLike(rest)).toBe(rest);
  });

  it('uses push frames for RESP3 subscribers, which may run any command', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('HELLO 3\r\n');
    const hello = await c.readReply();
    expect(hello).toBe(
      '%6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n',
    );
    c.send('SUBSCRIBE +switch-master\r\nPING\r\nUNSUBSCRIBE nope\r\n');
    const conf = '>3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n+PONG\r\n>3\r\n$11\r\nunsubscribe\r\n$4\r\nnope\r\n:1\r\n';
    expect(await c.readLike(conf)).toBe(conf);
    s.publish('+switch-master', 'm 127.0.0.1 1 127.0.0.1 2');
    const msg = '>3\r\n$7\r\nmessage\r\n$14\r\n+switch-master\r\n$25\r\nm 127.0.0.1 1 127.0.0.1 2\r\n';
    expect(await c.readLike(msg)).toBe(msg);
    c.send('PUNSUBSCRIBE\r\n');
    expect(await c.readReply()).toBe('>3\r\n$12\r\npunsubscribe\r\n_\r\n:1\r\n');
  });

  it('disconnects a subscriber that stops reading once 32 MB are pending', async () => {
    const logs: string[] = [];
    const s = await start({ log: (_l, m) => logs.push(m) });
    const c = await connect(s);
    c.send('SUBSCRIBE flood\r\n');
    await c.readReply();
    c.socket.pause();
    const payload = 'x'.repeat(1024 * 1024);
    let delivered = 0;
    for (let i = 0; i < 64 && s.pubsub.channelCount > 0; i++) delivered += s.publish('flood', payload);
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(64);
    expect(s.pubsub.channelCount).toBe(0);
    expect(logs.some((l) => l.includes('scheduled to be closed ASAP for overcoming of output buffer limits'))).toBe(true);
  });

  it('forgets the subscriptions of a client that disconnects', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('SUBSCRIBE a b\r\nPSUBSCRIBE x*\r\n');
    for (let i = 0; i < 3; i++) expect(await c.readReply()).toMatch(/^\*3\r\n\$\d+\r\np?subscribe\r\n/);
    await until(() => s.pubsub.channelCount === 2 && s.pubsub.patternCount === 1);
    c.close();
    await until(() => s.pubsub.channelCount === 0 && s.pubsub.patternCount === 0);
    expect(s.publish('a', 'm')).toBe(0);
  });
});

describe('ClientServer over TCP: authentication', () => {
  it('requires AUTH when requirepass is set, after unknown-command and arity checks', async () => {
    const s = await start({ requirepass: 'secret' });
    const c = await connect(s);
    c.send('PING\r\nfoo\r\nCLIENT ID x\r\nHELLO 3\r\nAUTH wrong\r\nAUTH default secret\r\nAUTH bad\r\nPING\r\n');
    const expected =
      '-NOAUTH Authentication required.\r\n' +
      "-ERR unknown command 'foo', with args beginning with: \r\n" +
      "-ERR wrong number of arguments for 'client|id' command\r\n" +
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n' +
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
      '+OK\r\n' +
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
      '+PONG\r\n';
    expect(await c.readLike(expected)).toBe(expected);
  });

  it('authenticates and switches protocol with HELLO AUTH', async () => {
    const s = await start({ requirepass: 'secret' });
    const c = await connect(s);
    c.send('HELLO 3 AUTH default secret SETNAME app\r\nCLIENT GETNAME\r\n');
    const hello = await c.readReply();
    expect(hello.startsWith('%6\r\n')).toBe(true);
    expect(await c.readReply()).toBe('$3\r\napp\r\n');
  });

  it('limits request sizes before authentication and closes the connection', async () => {
    const s = await start({ requirepass: 'secret' });
    const c1 = await connect(s);
    c1.send('*11\r\n');
    expect(await c1.readLike('-ERR Protocol error: unauthenticated multibulk length\r\n')).toBe(
      '-ERR Protocol error: unauthenticated multibulk length\r\n',
    );
    expect(await c1.waitClosed()).toBe(true);
    const c2 = await connect(s);
    c2.send(`${cmd('AUTH', 'secret')}*1\r\n$20000\r\n${'x'.repeat(20000)}\r\n`);
    expect(await c2.readLike("+OK\r\n-ERR unknown command '")).toBe("+OK\r\n-ERR unknown command '");
  });

  it('rejects AUTH <password> when no password is configured', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('AUTH x\r\nAUTH default anything\r\nAUTH a b c\r\n');
    const expected =
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n+OK\r\n-ERR syntax error\r\n';
    expect(await c.readLike(expected)).toBe(expected);
  });
});

describe('ClientServer over TCP: lifecycle', () => {
  it('counts connections, commands, bytes and errors for INFO', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('PING\r\nfoo\r\n');
    await c.read('+PONG\r\n'.length);
    await c.readReply();
    expect(s.stats.connectionsReceived).toBe(1);
    expect(s.stats.commandsProcessed).toBe(1);
    expect(s.stats.errorReplies).toBe(1);
    expect(s.stats.netInputBytes).toBe('PING\r\nfoo\r\n'.length);
    expect(s.stats.netOutputBytes).toBeGreaterThan(7);
  });

  it('refuses clients beyond maxclients', async () => {
    const s = await start({ maxclients: 1 });
    const c1 = await connect(s);
    const c2 = await connect(s);
    expect(await c2.readLike('-ERR max number of clients reached\r\n')).toBe('-ERR max number of clients reached\r\n');
    expect(await c2.waitClosed()).toBe(true);
    c1.send('PING\r\n');
    expect(await c1.readLike('+PONG\r\n')).toBe('+PONG\r\n');
    expect(s.stats.rejectedConnections).toBe(1);
  });

  it('in protected mode without a password, refuses non-loopback clients with -DENIED', async () => {
    const s = new ClientServer({ port: 0, bind: ['127.0.0.1'], protectedMode: true });
    let c: RawClient | undefined;
    // Hand the server connections that claim to come from elsewhere.
    const front = net.createServer((sock) => {
      Object.defineProperty(sock, 'remoteAddress', { value: '10.1.2.3' });
      s.accept(sock);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const port = (front.address() as net.AddressInfo).port;
      c = await RawClient.connect(port);
      expect(await c.readLike('-DENIED Redis is running in protected mode')).toBe('-DENIED Redis is running in protected mode');
      expect(await c.waitClosed()).toBe(true);
      expect(s.stats.rejectedConnections).toBe(1);
    } finally {
      c?.close();
      await s.close();
      await new Promise<void>((r) => front.close(() => r()));
    }
  });

  it('logs accepted connections and protocol errors at verbose level, Redis style', async () => {
    const logs: Array<[string, string]> = [];
    const s = await start({ log: (l, m) => logs.push([l, m]) });
    const c = await connect(s);
    c.send('*abc\r\n');
    expect(await c.waitClosed()).toBe(true);
    await until(() => logs.some(([, m]) => m.startsWith('Protocol error')));
    expect(logs[0]).toEqual(['verbose', expect.stringMatching(/^Accepted 127\.0\.0\.1:\d+$/)]);
    expect(logs.find(([, m]) => m.startsWith('Protocol error'))).toEqual([
      'verbose',
      expect.stringMatching(/^Protocol error \(invalid mbulk count\) from client: id=1 addr=.* cmd=NULL user=default redir=-1 resp=2\. Query buffer during protocol error: '\*abc\.\.'$/),
    ]);
  });

  it('ends every session on close()', async () => {
    const s = await start();
    const c = await connect(s);
    c.send('PING\r\n');
    await c.readLike('+PONG\r\n');
    await s.close();
    expect(await c.waitClosed()).toBe(true);
  });

  it('lets a registered command use the context', async () => {
    const s = await start();
    s.table.register({ name: 'whoami2', arity: 1, flags: [], categories: [], run: (ctx) => (ctx.proto === 2 ? int(ctx.id) : error('ERR x')) });
    const c = await connect(s);
    c.send('whoami2\r\n');
    expect(await c.readLike(':1\r\n')).toBe(':1\r\n');
  });
});

describe('ClientServer: binding', () => {
  it('fails like Redis when the port is taken', async () => {
    const a = await start();
    const logs: string[] = [];
    const b = new ClientServer({ port: a.port, bind: ['127.0.0.1'], log: (_l, m) => logs.push(m) });
    servers.push(b);
    await expect(b.listen()).rejects.toThrow(`Failed listening on port ${a.port} (TCP), aborting.`);
    expect(logs[0]).toBe(`Warning: Could not create server TCP listening socket 127.0.0.1:${a.port}: bind: Address already in use`);
  });

  it('skips an optional address that does not exist, with a warning', async () => {
    const logs: string[] = [];
    const s = await start({ bind: ['127.0.0.1', '-192.0.2.123'], log: (_l, m) => logs.push(m) });
    expect(logs).toEqual([`Warning: Could not create server TCP listening socket 192.0.2.123:${s.port}: bind: Cannot assign requested address`]);
    const c = await connect(s);
    c.send('PING\r\n');
    expect(await c.readLike('+PONG\r\n')).toBe('+PONG\r\n');
  });

  it('listens on all IPv4 addresses (and IPv6 when available) by default, on one port', async () => {
    const s = new ClientServer({ port: 0 });
    servers.push(s);
    await s.listen();
    const c4 = await RawClient.connect(s.port, '127.0.0.1');
    clients.push(c4);
    c4.send('CLIENT INFO\r\n');
    expect(await c4.readReply()).toMatch(/ addr=127\.0\.0\.1:\d+ /);
    const c6 = await RawClient.connect(s.port, '::1').catch(() => null);
    if (c6) {
      clients.push(c6);
      c6.send('CLIENT INFO\r\n');
      expect(await c6.readReply()).toMatch(/ addr=\[::1\]:\d+ /);
    }
  });
});

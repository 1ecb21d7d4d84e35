import { describe, expect, it } from 'vitest';
import type { ClientServer } from '../../src/server/server';
import type { Reply } from '../../src/protocol/reply';
import { RawClient, cmd } from './server-raw-client';
import { serverHarness } from './server-harness';

/**
 * Replies rendered as bytes (INFO's way, see protocol/byte-writer.ts) go
 * through one writer shared by every client: they must arrive whole, in
 * request order among the other replies, to the right client, also when the
 * kernel does not take a write at once and libuv keeps its memory.
 */
const { start, connect } = serverHarness();

/** `rb <char> <n>`: a bulk of n times char, rendered into the writer. */
function rendered(s: ClientServer, opts: { async?: boolean } = {}): void {
  s.table.register({
    name: 'rb',
    arity: 3,
    flags: [],
    categories: [],
    run: (_ctx, argv) => {
      const text = (argv[1] as string).repeat(Number(argv[2]));
      const reply: Reply = { t: 'renderedBulk', render: (w) => w.text(text) };
      return opts.async === true ? new Promise((resolve) => setTimeout(() => resolve(reply), 5)) : reply;
    },
  });
}

const bulkOf = (text: string): string => `$${text.length}\r\n${text}\r\n`;

describe('rendered replies on the client port', () => {
  it('keep request order with the replies around them, small and large', async () => {
    const s = await start();
    rendered(s);
    const c = await connect(s);
    // below WRITE_FROM_WRITER_AT (taken as a string), between it and FLUSH_AT_ONCE, above both
    const sizes = [0, 1, 100, 1000, 1500, 4000, 17_000, 3, 70_000, 5];
    let req = 'PING\r\n';
    let expected = '+PONG\r\n';
    sizes.forEach((n, i) => {
      const ch = String.fromCharCode(97 + i);
      req += `${cmd('rb', ch, String(n))}${cmd('PING', `p${i}`)}`;
      expected += `${bulkOf(ch.repeat(n))}${bulkOf(`p${i}`)}`;
    });
    c.send(req);
    expect(await c.readLike(expected)).toBe(expected);
  });

  it('keep order when pipelined string replies add up past the writer threshold and move into it', async () => {
    const s = await start();
    rendered(s);
    const c = await connect(s);
    // PING <text> answers with a bulk string, which goes to the client's
    // pending text until the pump's output reaches WRITE_FROM_WRITER_AT.
    const sizes = [10, 600, 600, 3000, 5, 20_000, 1, 900, 200];
    let req = '';
    let expected = '';
    sizes.forEach((n, i) => {
      const text = String.fromCharCode(65 + i).repeat(n);
      req += cmd('PING', text);
      expected += bulkOf(text);
      if (i === 4) {
        req += cmd('rb', 'z', '700');
        expected += bulkOf('z'.repeat(700));
      }
    });
    c.send(req);
    expect(await c.readLike(expected)).toBe(expected);
    // and a small reply after it, alone in its read, still arrives
    c.send(cmd('PING'));
    expect(await c.readLike('+PONG\r\n')).toBe('+PONG\r\n');
  });

  it('arrive intact when the client reads late, while others use the writer (writes queued by libuv)', async () => {
    const s = await start();
    rendered(s);
    const late = await connect(s);
    const other = await connect(s);
    late.socket.pause();
    // Bursts of ~800 KB of replies, each request with its own byte, until
    // far more than the socket buffers hold: a write then stays queued in
    // libuv, from the writer's memory, while the other client's replies
    // are made in the same writer.
    let expected = '';
    for (let burst = 0, k = 0; burst < 24; burst++) {
      let req = '';
      for (let i = 0; i < 40; i++, k++) {
        const ch = String.fromCharCode(33 + (k % 90));
        req += cmd('rb', ch, '20000');
        expected += bulkOf(ch.repeat(20_000));
      }
      late.send(req);
      await new Promise((r) => setTimeout(r, 20));
      let mine = '';
      for (let i = 0; i < 5; i++) mine += bulkOf(String.fromCharCode(48 + i).repeat(30_000));
      other.send(`${cmd('rb', '0', '30000')}${cmd('rb', '1', '30000')}${cmd('rb', '2', '30000')}${cmd('rb', '3', '30000')}${cmd('rb', '4', '30000')}`);
      expect((await other.readLike(mine)) === mine).toBe(true);
    }
    late.socket.resume();
    const got = await late.readLike(expected, 20_000);
    expect(got.length).toBe(expected.length);
    expect(got === expected).toBe(true);
  });

  it('go to the client that asked when several ask at once', async () => {
    const s = await start();
    rendered(s);
    const clients: RawClient[] = [];
    for (let i = 0; i < 5; i++) clients.push(await connect(s));
    const want = clients.map((c, i) => {
      const ch = String.fromCharCode(65 + i);
      let req = '';
      let exp = '';
      for (let k = 0; k < 20; k++) {
        req += `${cmd('rb', ch, String(1000 * k))}${cmd('PING', `${ch}${k}`)}`;
        exp += `${bulkOf(ch.repeat(1000 * k))}${bulkOf(`${ch}${k}`)}`;
      }
      c.send(req);
      return exp;
    });
    const got = await Promise.all(clients.map((c, i) => c.readLike(want[i] as string, 10_000)));
    got.forEach((g, i) => expect(g === want[i]).toBe(true));
  });

  it('follow CLIENT REPLY SKIP and OFF like any reply', async () => {
    const s = await start();
    rendered(s);
    const c = await connect(s);
    c.send(`${cmd('CLIENT', 'REPLY', 'SKIP')}${cmd('rb', 'x', '20000')}${cmd('rb', 'y', '3')}${cmd('CLIENT', 'REPLY', 'OFF')}${cmd('rb', 'z', '20000')}${cmd('CLIENT', 'REPLY', 'ON')}${cmd('rb', 'w', '2')}`);
    const expected = `${bulkOf('yyy')}+OK\r\n${bulkOf('ww')}`;
    expect(await c.readLike(expected)).toBe(expected);
    expect(await c.drain(100)).toBe('');
  });

  it('are written the same way when the command answers later', async () => {
    const s = await start();
    rendered(s, { async: true });
    const c = await connect(s);
    c.send(`${cmd('rb', 'q', '20000')}PING\r\n${cmd('rb', 'r', '7')}`);
    const expected = `${bulkOf('q'.repeat(20_000))}+PONG\r\n${bulkOf('rrrrrrr')}`;
    expect(await c.readLike(expected)).toBe(expected);
  });
});

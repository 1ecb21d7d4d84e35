import { describe, expect, it } from 'vitest';
import type { ClientServer } from '../../src/server/server';
import type { RawClient } from './server-raw-client';
import { serverHarness } from './server-harness';

const { start, connect } = serverHarness();
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function subscribed(s: ClientServer, hello3: boolean, channels: string): Promise<RawClient> {
  const c = await connect(s);
  if (hello3) {
    c.send('HELLO 3\r\n');
    await c.readReply();
  }
  const n = channels.split(' ').length;
  c.send(`SUBSCRIBE ${channels}\r\n`);
  for (let i = 0; i < n; i++) await c.readReply();
  return c;
}

describe('ClientServer over TCP: pub/sub fan-out', () => {
  it('sends the events of one loop turn to each subscriber in order, in one write, in its own framing', async () => {
    const s = await start();
    const r2 = await subscribed(s, false, 'a b');
    const r3 = await subscribed(s, true, 'a b');
    const before = s.stats.writesProcessed;
    expect(s.publish('a', 'one')).toBe(2);
    expect(s.publish('b', 'two')).toBe(2);
    expect(s.publish('a', 'three')).toBe(2);
    const frames = (head: string): string =>
      `${head}3\r\n$7\r\nmessage\r\n$1\r\na\r\n$3\r\none\r\n` +
      `${head}3\r\n$7\r\nmessage\r\n$1\r\nb\r\n$3\r\ntwo\r\n` +
      `${head}3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nthree\r\n`;
    expect(await r2.readLike(frames('*'))).toBe(frames('*'));
    expect(await r3.readLike(frames('>'))).toBe(frames('>'));
    expect(s.stats.writesProcessed - before).toBe(2);
  });

  it('keeps a RESP3 subscriber\'s replies and messages in the order they were produced', async () => {
    const s = await start();
    const c = await subscribed(s, true, 'a');
    // The PING's reply waits for the end of the turn; the message published
    // after it was read must follow it, and the next PING's reply must follow both.
    c.send('PING x\r\n');
    await until(() => s.stats.commandsProcessed >= 3);
    s.publish('a', 'm');
    c.send('PING y\r\n');
    const expected = '$1\r\nx\r\n>3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n$1\r\ny\r\n';
    expect(await c.readLike(expected)).toBe(expected);
  });

  it('stops delivering to a killed subscriber and goes on with the others', async () => {
    const s = await start();
    await subscribed(s, false, 'a');
    const kept = await subscribed(s, false, 'a');
    const ids = [...s.sessions()].map((x) => x.id);
    const victim = [...s.sessions()].find((x) => x.id === Math.min(...ids));
    victim?.kill();
    expect(s.publish('a', 'm')).toBe(1);
    const msg = '*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n';
    expect(await kept.readLike(msg)).toBe(msg);
  });

  it('queues what a slow subscriber\'s kernel buffers do not take, and sends it all in order once it reads', async () => {
    const s = await start();
    const c = await subscribed(s, false, 'big');
    const [session] = [...s.sessions()];
    c.socket.pause();
    const chunks: Buffer[] = [];
    c.socket.removeAllListeners('data');
    // 12 MB is more than loopback's socket buffers take at once, so part of
    // the first write waits in the handle; the later ones queue behind it.
    const sizes = [12 << 20, 1000, 3 << 20, 10];
    const bodies = sizes.map((n, i) => String.fromCharCode(97 + i).repeat(n));
    let queuedSeen = false;
    for (const body of bodies) {
      expect(s.publish('big', body)).toBe(1);
      await nextTurn();
      if ((session?.outputLength() ?? 0) > 0) queuedSeen = true;
    }
    expect(queuedSeen).toBe(true);
    const expected = bodies.map((b) => `*3\r\n$7\r\nmessage\r\n$3\r\nbig\r\n$${b.length}\r\n${b}\r\n`).join('');
    const total = Buffer.byteLength(expected, 'latin1');
    let got = 0;
    const all = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${got} of ${total} bytes in 20 s`)), 20_000);
      c.socket.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got >= total) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    c.socket.resume();
    await all;
    expect(Buffer.concat(chunks).toString('latin1') === expected).toBe(true);
    await until(() => session?.outputLength() === 0);
  });

  it('disconnects a subscriber that stops reading once 32 MB are pending across loop turns', async () => {
    const logs: string[] = [];
    const s = await start({ log: (_l, m) => logs.push(m) });
    const c = await subscribed(s, false, 'flood');
    c.socket.pause();
    const payload = 'x'.repeat(1024 * 1024);
    let delivered = 0;
    for (let i = 0; i < 128 && s.pubsub.channelCount > 0; i++) {
      delivered += s.publish('flood', payload);
      await nextTurn();
    }
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(128);
    expect(s.pubsub.channelCount).toBe(0);
    expect(logs.some((l) => l.includes('scheduled to be closed ASAP for overcoming of output buffer limits'))).toBe(true);
  });
});

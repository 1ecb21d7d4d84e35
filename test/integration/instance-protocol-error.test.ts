/**
 * An "instance" that answers the sentinel's links with bytes that are not
 * RESP. The link's reader (src/protocol/reply-reader.ts) reports a protocol
 * error; the sentinel drops that link and reconnects, and goes on answering
 * clients.
 *
 * The fake instance is a net.Server in this process, closed in `finally`;
 * the sentinel is started through SentinelProcess (killed by PID in
 * afterAll); every port is free-picked and every wait bounded.
 */
import * as net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

describe('an instance that speaks no RESP', () => {
  it('costs its link, not the daemon', async () => {
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const fake = net.createServer((sock) => {
      connections++;
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => undefined);
      // '!' is no RESP2 type byte: the reader's "Protocol error".
      sock.on('data', () => sock.write('!not-resp\r\n'));
    });
    const port = await getFreePort();
    await new Promise<void>((resolve) => fake.listen(port, '127.0.0.1', resolve));
    try {
      const s = await SentinelProcess.start({ binary: OUR_SENTINEL_BIN, masterPort: port });
      try {
        // Two links per instance, each dropped and connected again.
        await waitFor(() => connections >= 4, 15_000, 50, 'the sentinel reconnects its links after protocol errors');
        const pong = await s.call(['PING']);
        expect(pong.value).toEqual({ type: 'simple', value: 'PONG' });
        expect(s.running).toBe(true);
      } finally {
        await s.stop();
      }
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});

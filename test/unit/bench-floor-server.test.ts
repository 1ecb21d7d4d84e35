import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, makeTmpDir, removeTmpDirs, spawnTracked } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

/**
 * bench:client's Node floor (bench/lib/floor-server.ts) answers each known
 * request with its reply. It reads through the client port's shared read
 * buffer, so it must count only the bytes of each read, however the
 * requests are cut: a floor answering the wrong number of requests makes
 * every floor figure of the bench meaningless.
 */
const FLOOR = path.join(__dirname, '..', '..', 'dist', 'bench', 'lib', 'floor-server.js');
const PING = '*1\r\n$4\r\nPING\r\n';
const MASTERS = '*2\r\n$8\r\nSENTINEL\r\n$7\r\nmasters\r\n';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

async function startFloor(): Promise<number> {
  const dir = makeTmpDir('floor');
  const file = path.join(dir, 'replies.json');
  fs.writeFileSync(file, JSON.stringify([{ request: PING, reply: '+PONG\r\n' }, { request: MASTERS, reply: '*0\r\n' }]), 'latin1');
  const port = await getFreePort();
  spawnTracked('floor-server', process.execPath, [FLOOR, String(port), file], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    10000,
    50,
    { description: 'floor-server listening' },
  );
  return port;
}

/** Sends `pieces` one write at a time and reads until `expected` bytes came, or 5 s passed. */
async function exchange(port: number, pieces: string[], expected: number): Promise<string> {
  const s = net.connect(port, '127.0.0.1');
  s.setNoDelay(true);
  let got = '';
  s.on('data', (d: Buffer) => (got += d.toString('latin1')));
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  for (const p of pieces) {
    s.write(p, 'latin1');
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitFor(() => got.length >= expected, 5000, 10, { description: `${expected} bytes of replies` }).catch(() => undefined);
  // a little longer, so that replies beyond the expected ones would show
  await new Promise((r) => setTimeout(r, 50));
  s.destroy();
  return got;
}

describe('bench floor-server', () => {
  it('answers once per request, whole, pipelined, or cut anywhere', async () => {
    const port = await startFloor();
    const three = PING.repeat(3);
    expect(await exchange(port, [three], 21)).toBe('+PONG\r\n'.repeat(3));
    expect(await exchange(port, [PING.slice(0, 5), PING.slice(5) + PING.slice(0, 2), PING.slice(2)], 14)).toBe('+PONG\r\n'.repeat(2));
    expect(await exchange(port, [MASTERS.repeat(16)], 64)).toBe('*0\r\n'.repeat(16));
  });
});

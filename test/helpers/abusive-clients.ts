import * as fs from 'node:fs';
import * as net from 'node:net';
import { waitFor, withTimeout } from './wait';

/**
 * Clients that try to make a server hold memory: a huge declared bulk, a
 * flood of subscriptions, many idle connections. Each leaves (closes its
 * sockets) before returning, and every wait is bounded.
 */

/** Resident set size of a process, in MB (VmRSS from /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

/** The soft limit on open files of this process (children inherit it). */
export function openFilesLimit(): number {
  const m = /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}

function connect(port: number, timeoutMs = 5000): Promise<net.Socket> {
  return withTimeout(
    new Promise<net.Socket>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.off('error', reject);
        c.on('error', () => undefined);
        resolve(c);
      });
      c.once('error', reject);
    }),
    timeoutMs,
    `connection to port ${port}`,
  );
}

function writeAll(c: net.Socket, b: Buffer, timeoutMs = 10000): Promise<void> {
  if (c.write(b)) return Promise.resolve();
  return withTimeout(new Promise<void>((resolve) => c.once('drain', () => resolve())), timeoutMs, 'socket drain');
}

/** Declares a `declared`-byte bulk argument, sends `sent` bytes of it, then leaves. */
export async function partialBigBulk(port: number, declared: number, sent: number): Promise<void> {
  const c = await connect(port);
  try {
    await writeAll(c, Buffer.from(`*2\r\n$4\r\nPING\r\n$${declared}\r\n`));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let n = 0; n < sent; n += chunk.length) await writeAll(c, chunk);
    // The server reads what the kernel still holds for it before we go.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    c.destroy();
  }
}

/** One connection sends `n` SUBSCRIBEs to distinct channels (reading every reply), then leaves. */
export async function subscribeFlood(port: number, n: number): Promise<void> {
  const c = await connect(port);
  try {
    let received = 0;
    c.on('data', (d: Buffer) => (received += d.length));
    let expected = 0;
    for (let i = 0; i < n; i += 1000) {
      let req = '';
      for (let j = i; j < Math.min(n, i + 1000); j++) {
        const ch = `channel:${j}`;
        req += `*2\r\n$9\r\nSUBSCRIBE\r\n$${ch.length}\r\n${ch}\r\n`;
        expected += `*3\r\n$9\r\nsubscribe\r\n$${ch.length}\r\n${ch}\r\n:${j + 1}\r\n`.length;
      }
      await writeAll(c, Buffer.from(req));
      await waitFor(() => received >= expected, 20000, 5, `replies to ${Math.min(n, i + 1000)} SUBSCRIBEs`);
    }
  } finally {
    c.destroy();
  }
}

/** Opens `n` connections that send nothing, holds them `holdMs`, then closes them all. */
export async function idleConnections(port: number, n: number, holdMs: number): Promise<void> {
  const socks: net.Socket[] = [];
  try {
    for (let i = 0; i < n; i += 250) {
      socks.push(...(await Promise.all(Array.from({ length: Math.min(250, n - i) }, () => connect(port)))));
    }
    await new Promise((r) => setTimeout(r, holdMs));
  } finally {
    for (const s of socks) s.destroy();
  }
}

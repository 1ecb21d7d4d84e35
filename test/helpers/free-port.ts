import * as net from 'node:net';

/**
 * Free TCP ports on 127.0.0.1. The OS picks the port (bind to port 0); ports
 * handed out by this process are remembered so that two calls never return the
 * same one, even if the first has not been bound by its user yet.
 */

const handedOut = new Set<number>();

function bindOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const addr = srv.address();
      const p = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(p));
    });
  });
}

/** True if `port` can be bound on 127.0.0.1 right now. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await bindOnce(port);
    return true;
  } catch {
    return false;
  }
}

/** A port that is free now and was not handed out before by this process. */
export async function getFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = await bindOnce(0);
    // Keep clear of the well-known redis ports even if the OS ever picked them.
    if (p === 6379 || p === 26379 || handedOut.has(p)) continue;
    handedOut.add(p);
    return p;
  }
  throw new Error('getFreePort: could not find a free port after 50 attempts');
}

/** `n` distinct free ports. */
export async function getFreePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await getFreePort());
  return out;
}

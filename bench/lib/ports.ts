/**
 * Ports for a bench run: anywhere free (freePorts, the default), or only
 * within a fixed range (`--port-base B`: B … B+999) when the machine is shared
 * and each user keeps to their own range.
 */
import * as net from 'node:net';
import { freePorts } from './procs';

export const PORT_SPAN = 1000;

/** Listens on 127.0.0.1:`port`; the server, or null when the port is taken. */
function hold(port: number): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(null));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

/**
 * Picks `n` free ports. Within a range the search goes on from where the
 * previous pick stopped (wrapping around), so consecutive runs get fresh ports
 * rather than the ones a just-killed process may still be closing.
 */
export type PortPicker = (n: number) => Promise<number[]>;

export function portPicker(base: number | undefined): PortPicker {
  if (base === undefined) return freePorts;
  let next = 0;
  return async (n) => {
    const held: net.Server[] = [];
    try {
      for (let tried = 0; tried < PORT_SPAN && held.length < n; tried++) {
        const s = await hold(base + next);
        next = (next + 1) % PORT_SPAN;
        if (s) held.push(s);
      }
      if (held.length < n) throw new Error(`only ${held.length} of ${n} ports free in ${base}–${base + PORT_SPAN - 1}`);
      return held.map((s) => (s.address() as net.AddressInfo).port);
    } finally {
      await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  };
}

/** The `--port-base` argument: undefined (any free port) or the first port of the range. */
export function portBase(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1024 || n + PORT_SPAN - 1 > 65535) {
    throw new Error(`--port-base must be an integer from 1024 to ${65536 - PORT_SPAN}, not ${JSON.stringify(text)}`);
  }
  return n;
}

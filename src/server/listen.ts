import * as net from 'node:net';
import { socketStrerror } from '../config/strerror';
import type { ServerLog } from './server-host';

/** Redis 7's default `bind * -::*`: all IPv4 addresses, and IPv6 when the host has it. */
export const DEFAULT_BIND = ['*', '-::*'];

/** Errors that an optional ("-" prefixed) bind address may hit without stopping start-up. */
const OPTIONAL_BIND_ERRORS = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EPFNOSUPPORT']);

interface BindTarget {
  display: string;
  host: string;
  ipv6Only: boolean;
  optional: boolean;
}

function parseBind(entry: string): BindTarget {
  const optional = entry.startsWith('-');
  const display = optional ? entry.slice(1) : entry;
  if (display === '*') return { display, host: '0.0.0.0', ipv6Only: false, optional };
  if (display === '::*') return { display, host: '::', ipv6Only: true, optional };
  return { display, host: display, ipv6Only: display.includes(':'), optional };
}

function listenOne(server: net.Server, host: string, port: number, ipv6Only: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, ipv6Only, exclusive: true });
  });
}

/** Makes one listening server; the TLS listener passes a tls.createServer wrapper. */
export type ServerFactory = (onConnection: (socket: net.Socket) => void) => net.Server;

const plainServer: ServerFactory = (onConnection) => net.createServer({ pauseOnConnect: false }, onConnection);

/**
 * Opens one listening socket per bind address, as Redis does (rather than one
 * dual-stack socket), so IPv4 clients show up with IPv4 addresses. With port
 * 0 the first socket picks a free port and the others reuse it. Failures are
 * logged with Redis's words; the promise rejects with the fatal line.
 * `kind` only changes the words: Redis says "(TLS)" for its tls-port.
 */
export async function listenAll(
  bind: readonly string[],
  port: number,
  onConnection: (socket: net.Socket) => void,
  log: ServerLog,
  kind: 'TCP' | 'TLS' = 'TCP',
  createServer: ServerFactory = plainServer,
): Promise<net.Server[]> {
  const servers: net.Server[] = [];
  let actualPort = port;
  const fatal = async (msg: string): Promise<never> => {
    log('warning', msg);
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    throw new Error(msg);
  };
  for (const entry of bind.length > 0 ? bind : DEFAULT_BIND) {
    const t = parseBind(entry);
    const server = createServer(onConnection);
    try {
      await listenOne(server, t.host, actualPort, t.ipv6Only);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      log('warning', `Warning: Could not create server TCP listening socket ${t.display}:${actualPort}: bind: ${socketStrerror(e)}`);
      if (t.optional && OPTIONAL_BIND_ERRORS.has(code)) continue;
      return fatal(`Failed listening on port ${actualPort} (${kind}), aborting.`);
    }
    servers.push(server);
    const addr = server.address();
    if (actualPort === 0 && addr !== null && typeof addr === 'object') actualPort = addr.port;
  }
  if (servers.length === 0) return fatal('Configured to not listen anywhere, exiting.');
  return servers;
}

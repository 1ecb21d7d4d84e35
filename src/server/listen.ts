import * as net from 'node:net';
import { socketStrerror } from '../config/strerror';
import type { ServerLog } from './server-host';

/**
 * listen() failed and Redis's own lines for it (the bind warning, then
 * "Failed listening ... aborting." or the unix socket's) are logged already:
 * the caller exits 1 and adds nothing.
 */
export class ListenFailure extends Error {}

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
    if (!listenOnLiteral(server, host, port, ipv6Only)) server.listen({ host, port, ipv6Only, exclusive: true });
  });
}

/** libuv's UV_TCP_IPV6ONLY bind flag (uv.h), what `ipv6Only: true` passes. */
const UV_TCP_IPV6ONLY = 1;

type Listen2 = (address: string, port: number, addressType: 4 | 6, backlog: number | undefined, fd: undefined, flags: number) => void;

/**
 * Binds an address given as a literal (Redis's default `* -::*`, or a dotted
 * IPv4 address) without going through server.listen(). For a literal,
 * listen() only resolves it to itself through dns.lookup and, with
 * `exclusive`, asks the cluster module nothing but still loads it, then calls
 * the server's own setup (`_listen2`, the name Node keeps for it). Starting
 * the resolver (c-ares reads resolv.conf), compiling Node's IPv6 address
 * regex and loading cluster and child_process cost some 9 ms of a 30 ms
 * start-up before the first PONG, for nothing. Errors and the 'listening'
 * event come from that same setup, so they are the ones listen() gives.
 * Anything else (an IPv6 address other than `::`, a hostname), or a Node
 * without `_listen2`, takes listen().
 */
function listenOnLiteral(server: net.Server, host: string, port: number, ipv6Only: boolean): boolean {
  const setup = (server as unknown as { _listen2?: Listen2 })._listen2;
  if (typeof setup !== 'function') return false;
  let addressType: 4 | 6;
  if (host === '::') addressType = 6;
  else if (!host.includes(':') && net.isIPv4(host)) addressType = 4;
  else return false;
  setup.call(server, host, port, addressType, undefined, undefined, ipv6Only ? UV_TCP_IPV6ONLY : 0);
  return true;
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
    throw new ListenFailure(msg);
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

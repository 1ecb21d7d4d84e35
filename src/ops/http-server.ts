/**
 * The operations HTTP endpoint (node:http). It shares the event loop with
 * the monitor and the client port, so every limit is deliberate: small
 * headers, short timeouts, few connections, and answers computed in one
 * synchronous O(instances) pass.
 */
import * as http from 'node:http';
import type { OpsSource } from './ops-source';
import { renderMetrics } from './metrics';
import { healthz, masterAnswer, readyz } from './health';
import type { HttpAnswer } from './health';

/** Requests are a line and a few headers; anything bigger is not a scraper. */
const MAX_HEADER_BYTES = 8 * 1024;
/** A client must send its headers within this (slowloris gets a 408 and is closed). */
const HEADERS_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 10000;
/** Idle keep-alive connections go after this; scrapers reconnect cheaply. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/** Scrapers and health checkers are few; more connections than this are refused. */
const MAX_CONNECTIONS = 64;
const MAX_REQUESTS_PER_SOCKET = 1000;

const TEXT = 'text/plain; charset=utf-8';
const PROM = 'text/plain; version=0.0.4; charset=utf-8';

export type ListenResult = { ok: true; port: number } | { ok: false; error: string };

export function route(src: OpsSource, method: string, url: string): HttpAnswer & { allow?: string } {
  // Query strings are ignored (Prometheus may add some); paths are exact.
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let answer: (() => HttpAnswer) | null = null;
  if (path === '/metrics') answer = () => ({ status: 200, contentType: PROM, body: renderMetrics(src) });
  else if (path === '/healthz') answer = () => healthz(src);
  else if (path === '/readyz') answer = () => readyz(src);
  else if (path.startsWith('/masters/') && path.length > '/masters/'.length) {
    let name: string;
    try {
      name = decodeURIComponent(path.slice('/masters/'.length));
    } catch {
      return { status: 400, contentType: TEXT, body: 'Bad master name encoding\n' };
    }
    answer = () => masterAnswer(src, name);
  }
  if (answer === null) return { status: 404, contentType: TEXT, body: 'Not found\n' };
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, contentType: TEXT, body: 'Method not allowed\n', allow: 'GET, HEAD' };
  return answer();
}

export class OpsHttpServer {
  private readonly server: http.Server;

  constructor(
    private readonly src: OpsSource,
    private readonly log: (msg: string) => void,
  ) {
    this.server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => this.handle(req, res));
    this.server.headersTimeout = HEADERS_TIMEOUT_MS;
    this.server.requestTimeout = REQUEST_TIMEOUT_MS;
    this.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    this.server.maxHeadersCount = 32;
    this.server.maxRequestsPerSocket = MAX_REQUESTS_PER_SOCKET;
    this.server.maxConnections = MAX_CONNECTIONS;
    // A socket that stops reading our answer must not pin memory forever.
    this.server.setTimeout(REQUEST_TIMEOUT_MS, (socket) => socket.destroy());
    this.server.on('clientError', (err, socket) => {
      // Oversized or malformed requests: answer 400/431 when the socket still takes it, then close.
      const code = (err as NodeJS.ErrnoException).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const a = route(this.src, req.method ?? '', req.url ?? '/');
    const body = Buffer.from(a.body, 'utf8');
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': a.contentType,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    };
    if (a.allow !== undefined) headers.Allow = a.allow;
    res.writeHead(a.status, headers);
    // Request bodies are never read: drain them so keep-alive stays usable, up to the request timeout.
    req.resume();
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  listen(port: number, bind: string): Promise<ListenResult> {
    return new Promise((resolve) => {
      const onError = (e: Error): void => resolve({ ok: false, error: e.message });
      this.server.once('error', onError);
      this.server.listen(port, bind, () => {
        this.server.off('error', onError);
        this.server.on('error', (e) => this.log(`HTTP endpoint error: ${e.message}`));
        const addr = this.server.address();
        resolve({ ok: true, port: typeof addr === 'object' && addr !== null ? addr.port : port });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

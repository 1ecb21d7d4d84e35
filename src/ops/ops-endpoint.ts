/**
 * Starts and stops the operations endpoint for the daemon: one call each,
 * so the daemon's own wiring stays two lines. Off unless http-port is set.
 */
import type { OpsSource } from './ops-source';
import type { OpsHttpServer } from './http-server';

export type OpsStart = { ok: true; server: OpsHttpServer | null } | { ok: false; error: string };

export async function startOpsEndpoint(src: OpsSource, port: number, bind: string, log: (level: 'notice' | 'warning', msg: string) => void): Promise<OpsStart> {
  if (port === 0) return { ok: true, server: null };
  src.lag.start(() => src.now());
  // Required here rather than imported: node:http and the endpoint's modules
  // cost start-up time and memory that a sentinel without http-port never uses.
  const { OpsHttpServer: Server } = require('./http-server') as typeof import('./http-server');
  const server = new Server(src, (msg) => log('warning', msg));
  const r = await server.listen(port, bind);
  if (!r.ok) {
    src.lag.stop();
    return { ok: false, error: `Failed listening on ${bind}:${port} (http): ${r.error}` };
  }
  log('notice', `Operations HTTP endpoint on http://${bind.includes(':') ? `[${bind}]` : bind}:${r.port}/ (metrics, healthz, readyz, masters/<name>)`);
  return { ok: true, server };
}

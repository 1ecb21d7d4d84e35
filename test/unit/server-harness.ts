import { afterEach } from 'vitest';
import type { ClientServerOptions } from '../../src/server/server';
import { ClientServer } from '../../src/server/server';
import { RawClient } from './server-raw-client';

/**
 * Servers on ephemeral ports and raw clients for one test file, all closed
 * after each test. `make` builds the server (a bare ClientServer by default).
 */
export function serverHarness(
  make: (opts: Partial<ClientServerOptions>) => ClientServer = (opts) => new ClientServer({ port: 0, bind: ['127.0.0.1'], ...opts }),
): {
  start(opts?: Partial<ClientServerOptions>): Promise<ClientServer>;
  connect(s: ClientServer): Promise<RawClient>;
  /** for servers and clients a test builds itself, closed the same way */
  servers: ClientServer[];
  clients: RawClient[];
} {
  const servers: ClientServer[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    servers,
    clients,
    async start(opts = {}) {
      const s = make(opts);
      servers.push(s);
      await s.listen();
      return s;
    },
    async connect(s) {
      const c = await RawClient.connect(s.port);
      clients.push(c);
      return c;
    },
  };
}

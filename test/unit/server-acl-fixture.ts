import type { CommandSpec } from '../../src/server/command';
import { OK, array } from '../../src/protocol/reply';
import type { ClientServerOptions } from '../../src/server/server';
import { ClientServer } from '../../src/server/server';

const ADMIN = ['@admin', '@slow', '@dangerous'];

/** The daemon's commands with their real flags and categories, answering trivially. */
export function daemonCommands(): CommandSpec[] {
  const sub = (name: string, arity: number, categories = ADMIN): CommandSpec => ({ name, arity, flags: ['admin'], categories, run: () => OK });
  return [
    {
      name: 'sentinel',
      arity: -2,
      flags: ['admin'],
      categories: ADMIN,
      subcommands: new Map(
        [sub('myid', 2), { ...sub('masters', 2), run: () => array([]) }, sub('master', 3), sub('help', 2, ['@slow'])].map((s) => [s.name, s]),
      ),
    },
    { name: 'role', arity: 1, flags: ['fast'], categories: ['@admin', '@fast', '@dangerous'], run: () => OK },
    { name: 'publish', arity: 3, flags: ['pubsub'], categories: ['@pubsub', '@fast'], run: () => OK },
  ];
}

/** A server with the full sentinel-mode command table (not listening unless asked). */
export function sentinelServer(opts: Partial<ClientServerOptions> = {}): ClientServer {
  const s = new ClientServer({ port: 0, bind: ['127.0.0.1'], ...opts });
  for (const c of daemonCommands()) s.table.register(c);
  return s;
}

import type { Surface } from '../core/surfaces';
import { DEFAULT_RELEASE, RELEASE_SURFACES } from '../core/surfaces';

/** The per-connection facts CLIENT LIST / CLIENT INFO print. */
export interface ClientInfoSource {
  readonly id: number;
  readonly addr: string;
  readonly laddr: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastInteraction: number;
  readonly lastCommand: string;
  readonly user: string;
  readonly proto: 2 | 3;
  readonly tracking: boolean;
  readonly isClosing: boolean;
  /** connected over the unixsocket (flag U) */
  readonly unixSocket?: boolean;
  subscriptionCount(): number;
  readonly channels: ReadonlySet<string>;
  readonly patterns: ReadonlySet<string>;
  /** CLIENT SETINFO's values (Redis 7.2), shown from compat-release redis-7.2.5 on */
  readonly libName: string;
  readonly libVer: string;
  /** bytes read from and written to this client (Valkey 8's tot-net-in/out) */
  readonly netIn: number;
  readonly netOut: number;
  fd(): number;
  queryBufferLength(): number;
  outputLength(): number;
  pendingOutput(): number;
}

/** Redis's client types as CLIENT LIST TYPE / CLIENT KILL TYPE name them. */
export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

export function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

export function clientType(c: ClientInfoSource): ClientType {
  return c.subscriptionCount() > 0 ? 'pubsub' : 'normal';
}

/**
 * One CLIENT LIST line (without the trailing newline), field for field as
 * Redis 7.0 prints it, with the fields later releases added when
 * compat-release is one of them (a 7.0 parser may expect its own list).
 * Memory figures describe our buffers, not Redis's allocator, so only their
 * shape is comparable.
 */
export function clientInfoLine(c: ClientInfoSource, now: number, release: Surface = DEFAULT_RELEASE): string {
  const has = RELEASE_SURFACES[release];
  let flags = '';
  if (c.subscriptionCount() > 0) flags += 'P';
  if (c.isClosing) flags += 'c';
  if (c.unixSocket === true) flags += 'U';
  if (flags === '') flags = 'N';
  const qbuf = c.queryBufferLength();
  const omem = c.outputLength();
  return [
    `id=${c.id}`,
    `addr=${c.addr}`,
    `laddr=${c.laddr}`,
    `fd=${c.fd()}`,
    `name=${c.name}`,
    `age=${Math.floor((now - c.createdAt) / 1000)}`,
    `idle=${Math.floor((now - c.lastInteraction) / 1000)}`,
    `flags=${flags}`,
    'db=0',
    `sub=${c.channels.size}`,
    `psub=${c.patterns.size}`,
    'ssub=0',
    'multi=-1',
    ...(has.includes('redis-7.4.1') ? ['watch=0'] : []),
    `qbuf=${qbuf}`,
    `qbuf-free=${Math.max(0, 16384 - qbuf)}`,
    'argv-mem=0',
    'multi-mem=0',
    `rbs=${Math.max(1024, qbuf)}`,
    'rbp=0',
    `obl=${c.pendingOutput()}`,
    'oll=0',
    `omem=${omem}`,
    `tot-mem=${22272 + qbuf + omem + c.pendingOutput()}`,
    `events=r${omem > 0 ? 'w' : ''}`,
    `cmd=${c.lastCommand}`,
    `user=${c.user}`,
    `redir=${c.tracking ? 0 : -1}`,
    `resp=${c.proto}`,
    ...(has.includes('redis-7.2.5') ? [`lib-name=${c.libName}`, `lib-ver=${c.libVer}`] : []),
    ...(has.includes('valkey-8.0.1') ? [`tot-net-in=${c.netIn}`, `tot-net-out=${c.netOut}`] : []),
  ].join(' ');
}

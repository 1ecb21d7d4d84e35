/**
 * The sentinel surfaces this binary serves, each named by the release whose
 * behaviour it follows. The Redis version we report (INFO's redis_version,
 * HELLO, --version) stays the oldest: clients gate features on it, and every
 * later surface is added on top of that one without changing it.
 */
export type Surface = 'redis-7.0.15' | 'redis-7.2.5' | 'redis-7.4.1' | 'valkey-8.0.1';

export const SURFACES: readonly Surface[] = ['redis-7.0.15', 'redis-7.2.5', 'redis-7.4.1', 'valkey-8.0.1'];

/** How INFO and --version list them. */
export const SURFACES_TEXT = SURFACES.join(',');

/**
 * Everything is served whatever the release chosen with `compat-release`;
 * the choice only settles the answers where the releases contradict each
 * other (COMMAND LIST: 7.0.15's own tests assert its 72 entries, 7.2's
 * require client|setinfo among them). Each release shows the surfaces its
 * code base has: Valkey 8 forked from Redis 7.2 and took 7.4's sentinel-visible
 * changes too (CLIENT KILL MAXAGE, the CONFIG usage error's spacing).
 */
export const RELEASE_SURFACES: Readonly<Record<Surface, readonly Surface[]>> = {
  'redis-7.0.15': ['redis-7.0.15'],
  'redis-7.2.5': ['redis-7.0.15', 'redis-7.2.5'],
  'redis-7.4.1': ['redis-7.0.15', 'redis-7.2.5', 'redis-7.4.1'],
  'valkey-8.0.1': ['redis-7.0.15', 'redis-7.2.5', 'redis-7.4.1', 'valkey-8.0.1'],
};

/** The release a drop-in for redis-sentinel 7.0 answers as unless told otherwise. */
export const DEFAULT_RELEASE: Surface = 'redis-7.0.15';

export function isSurface(s: string): s is Surface {
  return (SURFACES as readonly string[]).includes(s);
}

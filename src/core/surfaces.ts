/**
 * The sentinel surfaces this binary serves, each named by the release whose
 * behaviour it follows. The Redis version we report (INFO's redis_version,
 * HELLO, --version) stays the oldest: clients gate features on it, and every
 * later surface is added on top of that one without changing it.
 */
export const SURFACES: readonly string[] = ['redis-7.0.15', 'redis-7.2.5'];

/** How INFO and --version list them. */
export const SURFACES_TEXT = SURFACES.join(',');

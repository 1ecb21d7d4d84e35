import { channelAllowedBy } from './permissions';
import type { User } from './user';

/**
 * After a user's channel permissions changed: the patterns its subscribers
 * must now fit, or null when nobody can have lost access (some selector allows
 * all channels, or every old pattern is still there). Mirrors Redis's quick
 * checks so that the same clients are disconnected.
 */
export function narrowedChannels(before: User, after: User): string[] | null {
  if (after.selectors.some((s) => s.allChannels)) return null;
  const upcoming = after.selectors.flatMap((s) => s.channels);
  const kept = before.selectors.every((s) => !s.allChannels && s.channels.every((c) => upcoming.includes(c)));
  return kept ? null : upcoming;
}

/** A subscriber loses its connection if any of its subscriptions is no longer allowed. */
export function subscriptionsAllowed(upcoming: readonly string[], channels: Iterable<string>, patterns: Iterable<string>): boolean {
  for (const p of patterns) if (!channelAllowedBy(upcoming, p, true)) return false;
  for (const c of channels) if (!channelAllowedBy(upcoming, c, false)) return false;
  return true;
}

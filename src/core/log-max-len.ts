/**
 * Redis prints log lines and event messages into one fixed LOG_MAX_LEN
 * buffer, so a longer text is cut, not wrapped: the log and the events
 * (pub/sub payloads, scripts' arguments) are cut at the same byte.
 */
import { cutBytes } from './bytes';

export const LOG_MAX_LEN = 1024;

/** The text as it fits that buffer with its terminating NUL (byte strings: one char per byte). */
export function clipToLogMax(s: string): string {
  return cutBytes(s, LOG_MAX_LEN - 1);
}

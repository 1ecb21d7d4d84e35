import type { Instance } from './instance';
import type { Master } from './master';
import { announcedHost } from './address';

/**
 * The `%@` instance description that prefixes most events. Replicas and
 * sentinels name their master by its configured address, not the promoted
 * one, so that a subscriber can correlate all events of one failover.
 */
export function describeInstance(inst: Instance, master: Master | null, announceHostnames = false): string {
  const self = `${inst.kind} ${inst.name} ${announcedHost(inst, announceHostnames)} ${inst.port}`;
  if (inst.kind === 'master' || master === null) return self;
  return `${self} @ ${master.name} ${announcedHost(master, announceHostnames)} ${master.port}`;
}

/** Payloads longer than this are cut, as Redis does with its fixed event buffer. */
export const MAX_EVENT_PAYLOAD = 1023;

export function clipPayload(s: string): string {
  return s.length > MAX_EVENT_PAYLOAD ? s.slice(0, MAX_EVENT_PAYLOAD) : s;
}

/** ctime(3)-style local time ("Tue Nov 24 22:13:25 2026"), for the failover-delay log line. */
export function ctimeString(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

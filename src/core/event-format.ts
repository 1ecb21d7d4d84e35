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

/** ctime(3)-style local time ("Tue Nov 24 22:13:25 2026"), for the failover-delay log line. */
export function ctimeString(ms: number, tzOffsetMinutes: number): string {
  // Calendar arithmetic by hand: the core holds no Date, so that nothing in
  // it can read the clock (test/unit/house-rules.test.ts).
  const local = ms - tzOffsetMinutes * 60000;
  const days = Math.floor(local / 86400000);
  const secOfDay = Math.floor((local - days * 86400000) / 1000);
  const { year, month, day } = civilFromDays(days);
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const hh = Math.floor(secOfDay / 3600);
  const mm = Math.floor((secOfDay % 3600) / 60);
  const ss = secOfDay % 60;
  // 1970-01-01 was a Thursday.
  const wd = (((days + 4) % 7) + 7) % 7;
  return `${weekdays[wd]} ${months[month - 1]} ${String(day).padStart(2, ' ')} ${p2(hh)}:${p2(mm)}:${p2(ss)} ${year}`;
}

/** Proleptic Gregorian date of a day count since 1970-01-01, by 400-year eras counted from March. */
function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

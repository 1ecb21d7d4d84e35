import type { Reply } from '../../protocol/reply';
import { array, bulk, int } from '../../protocol/reply';

export type LogReason = 'command' | 'key' | 'channel' | 'auth';

export interface LogEntry {
  count: number;
  reason: LogReason;
  context: 'toplevel';
  object: string;
  username: string;
  ctime: number;
  clientInfo: string;
}

/** Similar events closer than this are counted on one entry instead of flooding the log. */
const GROUPING_MS = 60_000;
/** Only the most recent entries are searched for a similar one, to bound the work per event. */
const SCAN = 10;

/** %.17g, as Redis prints doubles. */
function formatDouble(x: number): string {
  const s = x.toPrecision(17);
  if (s.includes('e')) return s;
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** ACL LOG: denied commands and failed authentications, newest first. */
export class AclLog {
  private entries: LogEntry[] = [];

  constructor(private readonly maxLen: () => number) {}

  add(e: Omit<LogEntry, 'count'>): void {
    for (const [i, old] of this.entries.entries()) {
      if (i >= SCAN) break;
      if (
        old.reason === e.reason &&
        old.context === e.context &&
        Math.abs(old.ctime - e.ctime) <= GROUPING_MS &&
        old.object === e.object &&
        old.username === e.username
      ) {
        this.entries.splice(i, 1);
        old.count++;
        old.ctime = e.ctime;
        old.clientInfo = e.clientInfo;
        this.entries.unshift(old);
        return;
      }
    }
    this.entries.unshift({ ...e, count: 1 });
    if (this.entries.length > this.maxLen()) this.entries.length = Math.max(0, this.maxLen());
  }

  reset(): void {
    this.entries = [];
  }

  get length(): number {
    return this.entries.length;
  }

  reply(count: number, now: number): Reply {
    return array(
      this.entries.slice(0, Math.max(0, count)).map((e) => ({
        t: 'map',
        entries: [
          [bulk('count'), int(e.count)],
          [bulk('reason'), bulk(e.reason)],
          [bulk('context'), bulk(e.context)],
          [bulk('object'), bulk(e.object)],
          [bulk('username'), bulk(e.username)],
          [bulk('age-seconds'), bulk(formatDouble((now - e.ctime) / 1000))],
          [bulk('client-info'), bulk(e.clientInfo)],
        ],
      })),
    );
  }
}

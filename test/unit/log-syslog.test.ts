import { describe, expect, it } from 'vitest';
import { Logger } from '../../src/log/logger';
import type { SyslogWriter } from '../../src/log/syslog';
import { syslogPriority } from '../../src/log/syslog';
import type { LogLevel } from '../../src/core/output';

function recorder(): SyslogWriter & { lines: Array<[LogLevel, string]>; closed: boolean } {
  const r = {
    lines: [] as Array<[LogLevel, string]>,
    closed: false,
    write: (level: LogLevel, msg: string) => void r.lines.push([level, msg]),
    close: () => {
      r.closed = true;
    },
  };
  return r;
}

describe('syslog', () => {
  it('priority = facility * 8 + severity (debug 7, verbose = info 6, notice 5, warning 4)', () => {
    expect(syslogPriority('user', 'warning')).toBe(12);
    expect(syslogPriority('local0', 'notice')).toBe(133);
    expect(syslogPriority('local3', 'warning')).toBe(156);
    expect(syslogPriority('local7', 'verbose')).toBe(190);
    expect(syslogPriority('local7', 'debug')).toBe(191);
  });

  it('gets the lines that pass loglevel, the bare message only; signal-handler lines are not sent; setSyslog closes the old writer', () => {
    const first = recorder();
    const out: string[] = [];
    const logger = new Logger({ logfile: '', level: 'notice', sink: (l) => out.push(l), syslog: first, format: 'redis' });
    logger.log('verbose', 'hidden');
    logger.log('notice', 'shown');
    logger.signal('Received SIGTERM scheduling shutdown...');
    const second = recorder();
    logger.setSyslog(second);
    logger.log('warning', 'later');
    expect(first.lines).toEqual([['notice', 'shown']]);
    expect(first.closed).toBe(true);
    expect(second.lines).toEqual([['warning', 'later']]);
    expect(out).toHaveLength(3);
  });
});

describe('syslogTimestamp', () => {
  it("is syslog(3)'s local RFC 3164 stamp, the day padded with a space", async () => {
    const { syslogTimestamp } = await import('../../src/log/syslog');
    expect(syslogTimestamp(new Date(2026, 11, 2, 5, 3, 9))).toBe('Dec  2 05:03:09');
    expect(syslogTimestamp(new Date(2026, 0, 31, 23, 59, 59))).toBe('Jan 31 23:59:59');
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '../../src/log/logger';
import { formatLogLine, formatLogTime } from '../../src/log/log-line';
import { logFormatFromEnv } from '../../src/log/json-format';

beforeAll(() => {
  // Log times are local; pin the zone so the expected strings hold anywhere.
  process.env.TZ = 'UTC';
});

const T = Date.UTC(2026, 10, 4, 21, 57, 4, 68); // 04 Nov 2026 21:57:04.068

function capture(level: 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing', format: 'redis' | 'json' = 'redis') {
  const lines: string[] = [];
  const logger = new Logger({ logfile: '', level, pid: 8983, clock: () => T, format, sink: (l) => lines.push(l) });
  return { logger, lines };
}

describe('log line format', () => {
  it('formats time like strftime with zero-padded day and milliseconds', () => {
    expect(formatLogTime(T)).toBe('04 Nov 2026 21:57:04.068');
  });

  it('writes pid, role X, time, level mark and message', () => {
    const { logger, lines } = capture('debug');
    logger.log('warning', '+switch-master mymaster 127.0.0.1 44000 127.0.0.1 44002');
    logger.log('notice', 'Sentinel new configuration saved on disk');
    logger.log('verbose', '+role-change x');
    logger.log('debug', '+script-child 1');
    expect(lines).toEqual([
      '8983:X 04 Nov 2026 21:57:04.068 # +switch-master mymaster 127.0.0.1 44000 127.0.0.1 44002\n',
      '8983:X 04 Nov 2026 21:57:04.068 * Sentinel new configuration saved on disk\n',
      '8983:X 04 Nov 2026 21:57:04.068 - +role-change x\n',
      '8983:X 04 Nov 2026 21:57:04.068 . +script-child 1\n',
    ]);
  });

  it('filters by loglevel', () => {
    const { logger, lines } = capture('notice');
    logger.log('debug', 'a');
    logger.log('verbose', 'b');
    logger.log('notice', 'c');
    logger.log('warning', 'd');
    expect(lines.map((l) => l.slice(-2, -1))).toEqual(['c', 'd']);
    logger.setLevel('warning');
    logger.log('notice', 'e');
    expect(lines).toHaveLength(2);
  });

  it('lets nothing through at loglevel nothing (Redis 7.2), signal-handler lines included', () => {
    const { logger, lines } = capture('nothing');
    logger.log('warning', 'a');
    logger.event('warning', '+sdown', 'master m 127.0.0.1 6379');
    logger.signal('Received SIGTERM scheduling shutdown...');
    expect(lines).toEqual([]);
    logger.setLevel('debug');
    logger.log('debug', 'b');
    expect(lines).toHaveLength(1);
  });

  it('writes signal-handler lines with unix seconds and no level mark', () => {
    const { logger, lines } = capture('warning');
    logger.signal('Received SIGTERM scheduling shutdown...');
    expect(lines).toEqual([`8983:signal-handler (${Math.floor(T / 1000)}) Received SIGTERM scheduling shutdown...\n`]);
  });

  it('cuts messages at Redis buffer size', () => {
    const line = formatLogLine(1, T, 'notice', 'x'.repeat(5000));
    expect(line.length).toBe('1:X 04 Nov 2026 21:57:04.068 * '.length + 1023 + 1);
  });

  it('appends to the log file, reopening it for every line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsts-log-'));
    const file = path.join(dir, 's.log');
    try {
      const logger = new Logger({ logfile: file, level: 'notice', pid: 7, clock: () => T, format: 'redis' });
      logger.log('notice', 'one');
      fs.renameSync(file, `${file}.1`); // logrotate moves the file away
      logger.log('warning', 'two');
      expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('7:X 04 Nov 2026 21:57:04.068 * one\n');
      expect(fs.readFileSync(file, 'utf8')).toBe('7:X 04 Nov 2026 21:57:04.068 # two\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores a log file it cannot open', () => {
    const logger = new Logger({ logfile: '/nonexistent-dir/x.log', level: 'notice', format: 'redis' });
    expect(() => logger.log('warning', 'lost')).not.toThrow();
  });
});

describe('JSON format', () => {
  it('is chosen by REDIS_SENTINEL_TS_LOG_FORMAT', () => {
    expect(logFormatFromEnv({ REDIS_SENTINEL_TS_LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormatFromEnv({ REDIS_SENTINEL_TS_LOG_FORMAT: 'JSON' })).toBe('json');
    expect(logFormatFromEnv({})).toBe('redis');
  });

  it('writes one JSON object per line with Redis level names, filtered the same way', () => {
    const { logger, lines } = capture('verbose', 'json');
    logger.log('debug', 'hidden');
    logger.log('verbose', 'v');
    logger.event('warning', '+sdown', 'master m 127.0.0.1 1');
    logger.event('warning', '+slave', 'slave 10.0.0.2:6380 10.0.0.2 6380 @ m 127.0.0.1 1');
    logger.event('warning', '+odown', 'master m 127.0.0.1 1 #quorum 2/2');
    logger.event('warning', '+new-epoch', '5');
    logger.signal('Received SIGINT scheduling shutdown...');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const base = { time: T, pid: 8983, role: 'sentinel' };
    expect(parsed).toEqual([
      { ...base, level: 'verbose', message: 'v' },
      { ...base, level: 'warning', message: '+sdown master m 127.0.0.1 1', event: '+sdown', instance: { type: 'master', name: 'm', ip: '127.0.0.1', port: 1 } },
      {
        ...base,
        level: 'warning',
        message: '+slave slave 10.0.0.2:6380 10.0.0.2 6380 @ m 127.0.0.1 1',
        event: '+slave',
        instance: { type: 'slave', name: '10.0.0.2:6380', ip: '10.0.0.2', port: 6380, master: { name: 'm', ip: '127.0.0.1', port: 1 } },
      },
      {
        ...base,
        level: 'warning',
        message: '+odown master m 127.0.0.1 1 #quorum 2/2',
        event: '+odown',
        instance: { type: 'master', name: 'm', ip: '127.0.0.1', port: 1, extra: '#quorum 2/2' },
      },
      { ...base, level: 'warning', message: '+new-epoch 5', event: '+new-epoch' },
      { ...base, level: 'warning', message: 'Received SIGINT scheduling shutdown...' },
    ]);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('writes events in the Redis format unchanged', () => {
    const { logger, lines } = capture('verbose');
    logger.event('warning', '+sdown', 'master m 127.0.0.1 1');
    expect(lines[0]).toMatch(/ # \+sdown master m 127\.0\.0\.1 1\n$/);
  });
});

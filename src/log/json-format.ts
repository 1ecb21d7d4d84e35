/**
 * Optional JSON log lines (--log-format json or REDIS_SENTINEL_TS_LOG_FORMAT=json), produced by
 * pino with Redis's four levels. pino only formats here: its output goes to
 * the same sink as the Redis-format lines, so the file handling (append per
 * line) and level filtering stay identical in both formats.
 */
import type { LogLevel } from '../core/output';
import type { LogSink } from './sink';

export const LOG_FORMAT_ENV = 'REDIS_SENTINEL_TS_LOG_FORMAT';

export type LogFormat = 'redis' | 'json';

export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env[LOG_FORMAT_ENV]?.toLowerCase() === 'json' ? 'json' : 'redis';
}

export interface JsonLogger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(sink: LogSink, pid: number, clock: () => number): JsonLogger {
  // Required here rather than imported: pino and its dependencies cost start-up
  // time and memory that only `--log-format json` uses.
  const { pino } = require('pino') as typeof import('pino');
  const logger = pino<LogLevel, true>(
    {
      level: 'debug',
      customLevels: { debug: 20, verbose: 25, notice: 30, warning: 40 },
      useOnlyCustomLevels: true,
      // The field names a log pipeline expects; role is Redis's `X` spelled out.
      base: { pid, role: 'sentinel' },
      messageKey: 'message',
      timestamp: () => `,"time":${clock()}`,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (s: string) => sink(s) },
  );
  return { log: (level, msg, fields) => (fields ? logger[level](fields, msg) : logger[level](msg)) };
}

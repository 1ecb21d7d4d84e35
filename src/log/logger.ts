/**
 * The sentinel's logger: Redis-format lines filtered by `loglevel`, to the
 * log file or stdout; JSON lines instead when asked for. Time and pid are
 * injected so tests can pin every byte of the output.
 */
import type { LogLevel, Verbosity } from '../core/output';
import type { LogFormat, JsonLogger } from './json-format';
import { jsonLogger, logFormatFromEnv } from './json-format';
import { parseEventDetail } from './event-detail';
import { clipToLogMax } from '../core/log-max-len';
import { formatLogLine, formatSignalLine, LEVEL_RANK } from './log-line';
import type { LogSink } from './sink';
import { sinkFor } from './sink';
import type { SyslogWriter } from './syslog';

export interface LoggerOptions {
  /** `""` = stdout */
  logfile: string;
  level: Verbosity;
  /** with `logfile ""` a daemonized sentinel discards its log, as Redis does */
  daemonized?: boolean;
  pid?: number;
  /** milliseconds since the epoch */
  clock?: () => number;
  /** defaults to REDIS_SENTINEL_TS_LOG_FORMAT */
  format?: LogFormat;
  /** replaces the file/stdout destination (tests) */
  sink?: LogSink;
  /** syslog-enabled: also gets every line that passes the level (see syslog.ts) */
  syslog?: SyslogWriter;
}

export class Logger {
  private level: Verbosity;
  private readonly pid: number;
  private readonly clock: () => number;
  private readonly sink: LogSink;
  private readonly json: JsonLogger | null;
  private syslog: SyslogWriter | null;

  constructor(o: LoggerOptions) {
    this.level = o.level;
    this.pid = o.pid ?? process.pid;
    this.clock = o.clock ?? Date.now;
    this.sink = o.sink ?? sinkFor(o.logfile, o.daemonized ?? false);
    this.syslog = o.syslog ?? null;
    this.json = (o.format ?? logFormatFromEnv()) === 'json' ? jsonLogger(this.sink, this.pid, this.clock) : null;
  }

  /** Switches syslog writers (Redis calls openlog() only after its first lines); the old one is closed. */
  setSyslog(w: SyslogWriter | null): void {
    this.syslog?.close();
    this.syslog = w;
  }

  setLevel(level: Verbosity): void {
    this.level = level;
  }

  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.level];
  }

  log(level: LogLevel, msg: string): void {
    if (!this.enabled(level)) return;
    if (this.json) this.json.log(level, clipToLogMax(msg));
    else this.sink(formatLogLine(this.pid, this.clock(), level, msg));
    if (this.syslog) this.syslog.write(level, clipToLogMax(msg));
  }

  /** A sentinel event (`+sdown master m 127.0.0.1 6379`): in JSON also its parsed fields. */
  event(level: LogLevel, channel: string, payload: string): void {
    if (!this.enabled(level)) return;
    const msg = `${channel} ${payload}`;
    if (this.syslog) this.syslog.write(level, clipToLogMax(msg));
    if (!this.json) {
      this.sink(formatLogLine(this.pid, this.clock(), level, msg));
      return;
    }
    const instance = parseEventDetail(payload);
    this.json.log(level, clipToLogMax(msg), instance ? { event: channel, instance } : { event: channel });
  }

  /** A line without any prefix (the ASCII-art logo). */
  raw(msg: string): void {
    this.sink(msg.endsWith('\n') ? msg : `${msg}\n`);
  }

  /** Lines Redis writes from signal handlers, at warning level, in their own reduced format. */
  signal(msg: string): void {
    if (!this.enabled('warning')) return;
    if (this.json) this.json.log('warning', msg);
    else this.sink(formatSignalLine(this.pid, this.clock(), msg));
  }
}

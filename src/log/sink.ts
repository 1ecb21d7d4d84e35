/**
 * Where finished log lines go. A log file is opened in append mode for every
 * line, as Redis does, so logrotate can move the file away without any
 * signal and the next line lands in a fresh file. Failures to write are
 * dropped silently: logging must never stop the sentinel.
 */
import * as fs from 'node:fs';
import { toBytes } from '../core/bytes';

export type LogSink = (line: string) => void;

export function fileSink(path: string): LogSink {
  return (line) => {
    try {
      fs.appendFileSync(toBytes(path), toBytes(line));
    } catch {
      // Redis ignores a log file it cannot open at this point.
    }
  };
}

export function stdoutSink(): LogSink {
  return (line) => {
    try {
      fs.writeSync(1, toBytes(line));
    } catch {
      // stdout closed: nothing sensible to do
    }
  };
}

/** `logfile ""` means stdout, except for a daemon, which has no terminal: Redis sends it to /dev/null. */
export function sinkFor(logfile: string, daemonized: boolean): LogSink {
  if (logfile !== '') return fileSink(logfile);
  return daemonized ? () => undefined : stdoutSink();
}

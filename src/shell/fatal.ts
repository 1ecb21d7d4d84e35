import type { LogLevel } from '../core/output';
import { CoreAssertionError } from '../core/assert';

/**
 * The end of the process after a core exception, as redis's serverAssert:
 * the state behind the exception is half-updated, so nothing it would decide
 * next (or save: the config file keeps its last good contents) can be
 * trusted. The lines go out at warning level before the exit.
 */
export function coreFailureLines(e: unknown): string[] {
  if (e instanceof CoreAssertionError) {
    const lines = ['=== ASSERTION FAILED ===', `==> '${e.condition}' is not true${e.detail === undefined ? '' : ` (${e.detail})`}`];
    return [...lines, ...stackLines(e)];
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return ['=== CORE EXCEPTION ===', `==> ${err.name}: ${err.message}`, ...stackLines(err)];
}

function stackLines(e: Error): string[] {
  return (e.stack ?? '').split('\n').slice(1).map((l) => l.trim()).filter((l) => l !== '');
}

export function failOnCoreException(e: unknown, log: (level: LogLevel, msg: string) => void, exit: (code: number) => void): void {
  for (const line of coreFailureLines(e)) log('warning', line);
  exit(1);
}

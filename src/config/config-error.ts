/**
 * A fatal problem in the configuration, and Redis's report for it. Operators
 * (and scripts that grep for it) know this exact format, so it is reproduced
 * byte for byte, including the empty first line.
 */
import type { LogLevel } from '../core/output';

export const REDIS_VERSION = '7.0.15';

export interface ConfigError {
  /** 1-based line in the text that was being read; null for errors found after reading (e.g. the log file) */
  line: number | null;
  /** the offending line, trimmed; null together with `line` */
  lineText: string | null;
  message: string;
}

/** A log line Redis writes while loading (e.g. `Failed to resolve hostname`), in order. */
export interface ConfigLog {
  level: LogLevel;
  message: string;
}

export function configError(line: number | null, lineText: string | null, message: string): ConfigError {
  return { line, lineText, message };
}

export function formatConfigError(e: ConfigError): string {
  let out = `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n`;
  if (e.line !== null) out += `Reading the configuration file, at line ${e.line}\n>>> '${e.lineText ?? ''}'\n`;
  return `${out}${e.message}\n`;
}

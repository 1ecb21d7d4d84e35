/**
 * Start-up loading for the daemon: read the named file (and stdin when
 * asked), parse it with the command-line lines, then insist on a writable
 * file, because a sentinel persists its state there. Failures carry the text
 * Redis prints and how it prints it.
 */
import * as fs from 'node:fs';
import type { PersistentState } from '../core/persistent-state';
import type { ConfigError, ConfigLog } from './config-error';
import { formatConfigError } from './config-error';
import type { ConfigFs } from './config-fs';
import { nodeConfigFs } from './config-fs';
import type { GenericConfig } from './generic-config';
import { parseConfig } from './parse';
import type { Result } from './result';
import { err, ok } from './result';

export interface LoadRequest {
  configPath: string | null;
  extraLines: readonly string[];
  readStdin: boolean;
}

export interface LoadedConfig {
  /** absolute path of the config file, where every flush goes */
  configPath: string;
  generic: GenericConfig;
  sentinel: PersistentState;
  /** log lines produced while loading, to be written once the logger exists */
  logs: ConfigLog[];
}

/**
 * `log`: write `message` with the warning level through the logger, then exit 1
 * (`generic` is there when the file was parsed, so the configured log file is known).
 * `fatal-config`: write `message` (the full FATAL CONFIG FILE ERROR report) to stderr, then exit 1.
 */
export type LoadFailure =
  | { kind: 'log'; message: string; logs: ConfigLog[]; generic: GenericConfig | null }
  | { kind: 'fatal-config'; message: string; error: ConfigError; logs: ConfigLog[] };

export interface LoadOptions {
  fs?: ConfigFs;
  cwd?: string;
  stdin?: () => string;
}

function readStdin(): string {
  try {
    return fs.readFileSync(0, 'latin1');
  } catch {
    return '';
  }
}

export function loadConfig(req: LoadRequest, opts: LoadOptions = {}): Result<LoadedConfig, LoadFailure> {
  const cfs = opts.fs ?? nodeConfigFs;
  const logs: ConfigLog[] = [];
  let text = '';
  if (req.configPath !== null) {
    const r = cfs.readFile(req.configPath);
    if (!r.ok) {
      return err({ kind: 'log', message: `Fatal error, can't open config file '${req.configPath}': ${r.error}`, logs, generic: null });
    }
    text = r.value;
  }
  if (req.readStdin) {
    logs.push({ level: 'warning', message: 'Reading config from stdin' });
    text += (opts.stdin ?? readStdin)();
  }
  const parsed = parseConfig(text, req.extraLines, { fs: cfs, ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
  if (!parsed.ok) {
    const f = parsed.error;
    const all = [...logs, ...f.logs];
    if (f.kind === 'log') return err({ kind: 'log', message: f.message, logs: all, generic: null });
    return err({ kind: 'fatal-config', message: formatConfigError(f.error), error: f.error, logs: all });
  }
  const { generic, sentinel } = parsed.value;
  const allLogs = [...logs, ...parsed.value.logs];
  if (req.configPath === null) {
    return err({ kind: 'log', message: 'Sentinel needs config file on disk to save state. Exiting...', logs: allLogs, generic });
  }
  const problem = cfs.canWrite(req.configPath);
  if (problem !== null) {
    return err({
      kind: 'log',
      message: `Sentinel config file ${req.configPath} is not writable: ${problem}. Exiting...`,
      logs: allLogs,
      generic,
    });
  }
  return ok({ configPath: req.configPath, generic, sentinel, logs: allLogs });
}

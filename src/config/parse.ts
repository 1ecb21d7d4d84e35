/**
 * Reading a sentinel configuration: the file text followed by the lines built
 * from command-line options, exactly as redis-sentinel glues them together
 * (so command-line lines are numbered after the file, one line further than
 * one might expect when the file ends with a newline). Generic directives are
 * applied while reading; `sentinel` lines are queued and applied at the end.
 */
import * as path from 'node:path';
import type { PersistentState } from '../core/persistent-state';
import type { ConfigError, ConfigLog } from './config-error';
import { configError } from './config-error';
import type { ConfigFs } from './config-fs';
import { hasGlobChars, nodeConfigFs } from './config-fs';
import { applyDirective } from './directives/apply';
import type { ApplyContext } from './directives/apply';
import { DEPRECATED_DIRECTIVES, lookupDirective } from './directives/table';
import type { DirectiveValues } from './directives/values';
import { sentinelDefaults } from './directives/values';
import type { GenericConfig, GenericExtras } from './generic-config';
import { materialize } from './generic-config';
import type { Result } from './result';
import { err, ok } from './result';
import type { QueuedSentinelLine } from './sentinel-directives';
import { applySentinelQueue } from './sentinel-directives';
import { splitArgs } from '../core/split-args';
import { asciiLower } from '../core/bytes';

export interface ParsedConfig {
  generic: GenericConfig;
  sentinel: PersistentState;
  /** lines Redis would have logged while loading (before the start-up banner) */
  logs: ConfigLog[];
}

/**
 * `fatal-config`: the FATAL CONFIG FILE ERROR report (see formatConfigError).
 * `log`: Redis logs the message at warning level and exits (an `include` it cannot open).
 */
export type ParseFailure =
  | { kind: 'fatal-config'; error: ConfigError; logs: ConfigLog[] }
  | { kind: 'log'; message: string; logs: ConfigLog[] };

export interface ParseOptions {
  fs?: ConfigFs;
  /** working directory relative paths start from; defaults to process.cwd() */
  cwd?: string;
}

/** The commands a sentinel serves: the only ones top-level `rename-command` may name. */
const SENTINEL_COMMANDS = [
  'sentinel',
  'ping',
  'info',
  'role',
  'publish',
  'subscribe',
  'psubscribe',
  'unsubscribe',
  'punsubscribe',
  'auth',
  'hello',
  'client',
  'command',
  'acl',
  'shutdown',
];

interface Reader {
  fs: ConfigFs;
  cwd: string;
  values: DirectiveValues;
  extras: GenericExtras;
  commands: Set<string>;
  queue: QueuedSentinelLine[];
  logs: ConfigLog[];
}

function trimConfigLine(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function applyContext(rd: Reader): ApplyContext {
  return {
    chdir: (p) => {
      const target = path.resolve(rd.cwd, p);
      const problem = rd.fs.canChdir(target);
      if (problem !== null) return { ok: false, error: problem };
      rd.cwd = target;
      return { ok: true, value: target };
    },
  };
}

type Step = null | ParseFailure;

function fatal(rd: Reader, line: number | null, text: string | null, message: string): ParseFailure {
  return { kind: 'fatal-config', error: configError(line, text, message), logs: rd.logs };
}

/** Reads an `include` target (a glob pulls in every match, concatenated, as one text). */
function include(rd: Reader, target: string): Step {
  const abs = path.resolve(rd.cwd, target);
  const files = hasGlobChars(target) ? rd.fs.glob(abs) : [abs];
  let text = '';
  for (const f of files) {
    const r = rd.fs.readFile(f);
    const shown = !hasGlobChars(target) ? target : path.isAbsolute(target) ? f : path.relative(rd.cwd, f);
    if (!r.ok) return { kind: 'log', message: `Fatal error, can't open config file '${shown}': ${r.error}`, logs: rd.logs };
    text += r.value;
  }
  if (files.length === 0) return null;
  rd.extras.includes.push(...files);
  return readText(rd, text);
}

function renameCommand(rd: Reader, from: string, to: string): string | null {
  const key = asciiLower(from);
  if (!rd.commands.has(key)) return 'No such command in rename-command';
  rd.commands.delete(key);
  if (to !== '') {
    if (rd.commands.has(asciiLower(to))) return 'Target command name already exists';
    rd.commands.add(asciiLower(to));
  }
  rd.extras.renameCommands.push([key, to]);
  return null;
}

/** One non-comment line; returns an error message, a failure, or null. */
function readLine(rd: Reader, args: string[], lineNo: number, text: string): string | Step {
  // args is never empty (readText skips empty lines), and each args[n] cast
  // below follows an argc test that covers it.
  const name = asciiLower(args[0] as string);
  const spec = lookupDirective(name);
  if (spec) return applyDirective(rd.values, spec, args.slice(1), applyContext(rd));
  if (DEPRECATED_DIRECTIVES.get(name) === args.length) return null;
  const argc = args.length;
  if (name === 'include' && argc === 2) return include(rd, args[1] as string);
  if (name === 'rename-command' && argc === 3) return renameCommand(rd, args[1] as string, args[2] as string);
  if (name === 'user' && argc >= 2) {
    rd.extras.users.push({ name: args[1] as string, rules: args.slice(2) });
    return null;
  }
  if (name === 'loadmodule' && argc >= 2) {
    rd.extras.loadmodules.push(args.slice(1));
    return null;
  }
  // Module options (`module.option value`) are accepted; a sentinel never loads modules.
  if (name.includes('.')) return argc < 2 ? 'Module config specified without value' : null;
  if (name === 'sentinel') {
    if (argc > 1) rd.queue.push({ args: args.slice(1), line: lineNo, lineText: text });
    return null;
  }
  return 'Bad directive or wrong number of arguments';
}

/** One text (file + options, or an included file) with its own line numbering. */
function readText(rd: Reader, content: string): Step {
  const lines = content.split('\n');
  for (const [i, line] of lines.entries()) {
    const text = trimConfigLine(line);
    if (text === '' || text.startsWith('#')) continue;
    const args = splitArgs(text);
    if (args === null) return fatal(rd, i + 1, text, 'Unbalanced quotes in configuration line');
    if (args.length === 0) continue;
    const r = readLine(rd, args, i + 1, text);
    if (typeof r === 'string') return fatal(rd, i + 1, text, r);
    if (r !== null) return r;
  }
  return afterText(rd);
}

/** Checks Redis runs at the end of every text it reads (including each include). */
function afterText(rd: Reader): Step {
  const logfile = rd.values.strings.get('logfile') ?? '';
  if (logfile !== '') {
    const problem = rd.fs.canAppend(path.resolve(rd.cwd, logfile));
    if (problem !== null) return fatal(rd, null, null, `Can't open the log file: ${problem}`);
  }
  if (rd.values.bools.get('cluster-enabled') === true && rd.values.replicaof !== null) {
    return fatal(rd, null, null, 'replicaof directive not allowed in cluster mode');
  }
  const hz = rd.values.numbers.get('hz');
  // Out-of-range hz is clamped, not refused.
  if (hz !== undefined && hz < 1n) rd.values.numbers.set('hz', 1n);
  if (hz !== undefined && hz > 500n) rd.values.numbers.set('hz', 500n);
  return null;
}

/**
 * Parses the config file text plus the command-line lines (each already in
 * config-line form, e.g. `port "26380"`), then applies the sentinel lines.
 */
export function parseConfig(fileText: string, extraLines: readonly string[], opts: ParseOptions = {}): Result<ParsedConfig, ParseFailure> {
  const rd: Reader = {
    fs: opts.fs ?? nodeConfigFs,
    cwd: opts.cwd ?? process.cwd(),
    values: sentinelDefaults(),
    extras: { renameCommands: [], users: [], loadmodules: [], includes: [] },
    commands: new Set(SENTINEL_COMMANDS),
    queue: [],
    logs: [],
  };
  const failed = readText(rd, `${fileText}\n${extraLines.join('\n')}`);
  if (failed !== null) return err(failed);
  const fs = rd.fs;
  const sentinel = applySentinelQueue(rd.queue, { canExecute: (p) => fs.canExecute(path.resolve(rd.cwd, p)) });
  if (!sentinel.ok) {
    const { logs, ...error } = sentinel.error;
    return err({ kind: 'fatal-config', error, logs: [...rd.logs, ...logs] });
  }
  return ok({
    generic: materialize(rd.values, rd.extras),
    sentinel: sentinel.value.state,
    logs: [...rd.logs, ...sentinel.value.logs],
  });
}

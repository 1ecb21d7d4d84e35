/**
 * Loads the one-file bundle (dist/bundle/cli.js) with V8's code cache, so a
 * start skips parsing and compiling what the last build's warm-up already
 * compiled. Bundled by itself into dist/bundle/load.js, next to cli.js;
 * bin/redis-sentinel-ts requires it, and scripts/bundle.mjs runs it once with
 * REDIS_SENTINEL_TS_WRITE_CODE_CACHE set to write the cache (cli.js.cache).
 *
 * Why a code cache and not a startup snapshot (node --snapshot-blob), which
 * measured a few ms faster still: a snapshot carries the evaluated module
 * state of the build into every process (a run_id or a random seed taken at
 * load time would be the same in every sentinel), only `node --snapshot-blob`
 * can use it, and a blob made by another Node, or used with any V8 flag or
 * NODE_OPTIONS, stops the process with exit code 14. V8 checks a code cache
 * against the source, its own version and its flags, and simply compiles
 * from source when it does not match, so a stale or missing cache costs time,
 * never a start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const WRITE_CODE_CACHE_ENV = 'REDIS_SENTINEL_TS_WRITE_CODE_CACHE';

interface CliModule {
  main(argv: readonly string[]): void;
}

type ModuleWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/**
 * V8 flags the daemon runs with. Set before the bundle is compiled: the code
 * cache is only accepted under the flags it was made with, and the warm-up
 * that writes it goes through here too.
 *
 * V8 grows its young generation up to 32 MB under a burst of requests and
 * only shrinks it at a collection made while allocation is slow, which an
 * idle daemon may not reach for minutes: keep it at its initial size, at the
 * cost of a few more (cheap) scavenges during a burst. --expose-gc gives new
 * contexts gc(), used only to sweep socket read buffers during floods of
 * input (src/server/input-gc.ts).
 *
 * Flags set here apply to a V8 that is already running. Those that change how
 * the collector uses its threads do not survive that: with
 * --single-threaded-gc added, the daemon aborted under a burst of INFO
 * ("Check failed: concurrent_marking_handle_ ..."), measured 2026-12-03.
 */
const DAEMON_V8_FLAGS = '--semi-space-growth-factor=1 --expose-gc';

function readOrNull(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

const BUNDLE = path.join(__dirname, 'cli.js');
const CACHE_FILE = `${BUNDLE}.cache`;

/** cli.js compiled with the cache when it fits. */
function compileCli(): vm.Script {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // The same parameters as Node's own CommonJS wrapper, on the first line so
  // that line numbers in stack traces stay those of the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  return new vm.Script(wrapped, { filename: BUNDLE, cachedData: readOrNull(CACHE_FILE) });
}

/** Evaluates the compiled cli.js as CommonJS would. */
function evaluateCli(script: vm.Script): CliModule {
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const mod: { exports: object } = { exports: {} };
  // This file's own require: it sits beside cli.js, so it resolves pino and
  // yargs from dist/bundle as cli.js's would. createRequire made the same
  // function but loaded node:module, and with it parts of the ES module
  // loader, at every start.
  wrapper.call(mod.exports, mod.exports, require, mod, BUNDLE, path.dirname(BUNDLE));
  return mod.exports as CliModule;
}

/** Runs the daemon's main with `argv` (the arguments after the script). */
export function run(argv: readonly string[]): void {
  v8.setFlagsFromString(DAEMON_V8_FLAGS);
  const script = compileCli();
  const cli = evaluateCli(script);
  const out = process.env[WRITE_CODE_CACHE_ENV];
  if (out !== undefined && out !== '') {
    delete process.env[WRITE_CODE_CACHE_ENV];
    // At exit, so the cache also holds what the warm-up run compiled.
    process.on('exit', () => fs.writeFileSync(out, script.createCachedData()));
  }
  cli.main(argv);
}

/**
 * Whether V8 takes the built cache under the daemon's flags: what a start
 * would do, short of evaluating cli.js. For the tests (in a process of its
 * own, since it sets the flags).
 */
export function codeCacheAccepted(): boolean {
  v8.setFlagsFromString(DAEMON_V8_FLAGS);
  return fs.existsSync(CACHE_FILE) && !compileCli().cachedDataRejected;
}

// Bundles tsc's output (dist/src/cli.js and everything it imports) into the
// one file bin/redis-sentinel-ts runs, dist/bundle/cli.js. Run after tsc by
// the build, prepare and pretest scripts; the tests of dist/src and the
// program run the same compiled code.
//
// Why: Node spends most of a start-up resolving, reading and wrapping some
// two hundred small modules; one file skips that work (see the README's
// dependencies paragraph for the measurements). pino and yargs stay packages
// in node_modules, required lazily where used (json logs, --help).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One file of tsc's output and all it imports, as CommonJS for Node 20. */
const bundleOf = (entry, outfile, extra = {}) =>
  build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Whitespace and syntax only: names stay, so stack traces and messages
    // read as the source does. The source string V8 keeps is a third smaller;
    // an idle daemon measured ~1.3 MB less resident than unminified.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    ...extra,
  });

await bundleOf('dist/src/cli.js', 'dist/bundle/cli.js', { external: ['pino', 'yargs', 'yargs/*'], sourcemap: 'linked' });
// The loader the bin requires (src/boot/load-bundle.ts): builtins only.
await bundleOf('dist/src/boot/load-bundle.js', 'dist/bundle/load.js');

// V8's code cache for cli.js, written at the exit of one warm-up start that
// goes as far as a start goes without a socket: command line, config,
// daemon, core and client server are built, then `port 0` with nothing else
// to listen on ends it ("Configured to not listen anywhere"). A stale or
// missing cache only costs start-up time, but a build that cannot make one
// is broken, so it fails here.
const cache = path.join(root, 'dist/bundle/cli.js.cache');
fs.rmSync(cache, { force: true });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rsts-warmup-'));
try {
  const conf = path.join(scratch, 'sentinel.conf');
  fs.writeFileSync(conf, 'port 0\nlogfile /dev/null\nsentinel monitor warmup 127.0.0.1 1 1\n');
  const load = JSON.stringify(path.join(root, 'dist/bundle/load.js'));
  try {
    execFileSync(process.execPath, ['-e', `require(${load}).run(${JSON.stringify([conf])})`], {
      env: { ...process.env, REDIS_SENTINEL_TS_WRITE_CODE_CACHE: cache },
      stdio: 'ignore',
      timeout: 30_000,
    });
  } catch {
    // The warm-up ends with exit code 1 by design; the cache file is the test.
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (!fs.existsSync(cache)) throw new Error(`bundle: the warm-up start wrote no code cache (${cache})`);

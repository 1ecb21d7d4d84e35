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
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
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

// tsc compiles `import * as fs from 'node:fs'` to __importStar(require(...)),
// which copies every export of the builtin behind a getter of its own: some
// two thousand closures and property definitions at start for the program's
// thirty-odd namespace imports of builtins, and a getter call at every use.
// A builtin is a plain CommonJS object whose members are all the program
// reads from it (it never reads `default` of a namespace), so the bundle
// takes the builtin itself.
const builtinNamespacesAsIs = {
  name: 'builtin-namespaces-as-is',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8').replace(/__importStar\(require\("node:([a-z0-9_/]+)"\)\)/g, 'require("node:$1")'),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

await bundleOf('dist/src/cli.js', 'dist/bundle/cli.js', {
  external: ['pino', 'yargs', 'yargs/*'],
  sourcemap: 'linked',
  plugins: [builtinNamespacesAsIs],
});
// The loader the bin requires (src/boot/load-bundle.ts): builtins only.
await bundleOf('dist/src/boot/load-bundle.js', 'dist/bundle/load.js', { plugins: [builtinNamespacesAsIs] });

// V8's code cache for cli.js, written at the exit of one warm-up run that
// goes through what every start does before and just after its first PONG:
// command line, config, daemon, core and client server are built, the
// config is rewritten with the new myid, the first tick connects the links
// (to a port where nothing listens), a client is accepted and answered, and
// SIGTERM's shutdown rewrites the config again. Functions that ran are in
// the cache; any other is compiled when first called. The warm-up listens
// on a unix socket only (`port 0`), so the build needs no free TCP port. A
// stale or missing cache only costs start-up time, but a build that cannot
// make one is broken, so it fails here.
const cache = path.join(root, 'dist/bundle/cli.js.cache');
fs.rmSync(cache, { force: true });
const WARMUP_BOUND_MS = 30_000;

/** Resolves once `sock` answers PING with +PONG; retries while the daemon is not listening yet. */
function firstPong(sock, deadline) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (Date.now() > deadline) return reject(new Error('bundle: the warm-up daemon never answered PING'));
      const c = net.createConnection(sock);
      let got = '';
      c.on('connect', () => c.write('PING\r\n'));
      c.on('data', (d) => {
        got += d.toString('latin1');
        if (got.startsWith('+PONG\r\n')) {
          c.end();
          resolve();
        }
      });
      c.on('error', () => setTimeout(attempt, 20));
    };
    attempt();
  });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rsts-warmup-'));
try {
  const conf = path.join(scratch, 'sentinel.conf');
  const sock = path.join(scratch, 'warmup.sock');
  fs.writeFileSync(conf, `port 0\nunixsocket ${sock}\nlogfile /dev/null\nsentinel monitor warmup 127.0.0.1 1 1\n`);
  const load = JSON.stringify(path.join(root, 'dist/bundle/load.js'));
  const child = spawn(process.execPath, ['-e', `require(${load}).run(${JSON.stringify([conf])})`], {
    env: { ...process.env, REDIS_SENTINEL_TS_WRITE_CODE_CACHE: cache },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const bound = setTimeout(() => child.kill('SIGKILL'), WARMUP_BOUND_MS);
  try {
    await Promise.race([firstPong(sock, Date.now() + WARMUP_BOUND_MS), exited.then((c) => Promise.reject(new Error(`bundle: the warm-up daemon exited early (${c})`)))]);
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`bundle: the warm-up daemon ended with ${code} after SIGTERM`);
  } finally {
    clearTimeout(bound);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (!fs.existsSync(cache)) throw new Error(`bundle: the warm-up start wrote no code cache (${cache})`);

/**
 * redis-sentinel's command line: `[config-file] [--directive value ...] [-]`.
 *
 * The directive pass-through is hand-written rather than done with yargs:
 * Redis turns `--name v1 v2` into the config line `name "v1" "v2"` with its
 * own quoting, special cases `--save` and `--sentinel` without values, and
 * numbers the resulting lines after the file. A general option parser would
 * coerce, reorder or reject some of these. yargs only renders `--help`.
 */
import { redisAbsolutePath } from './abs-path';
import { REDIS_VERSION } from './config-error';
import { SURFACES, SURFACES_TEXT } from '../core/surfaces';
import { reprArg, splitArgs } from '../core/split-args';

export type CliAction =
  | { kind: 'version'; text: string }
  | { kind: 'help'; text: string }
  | {
      kind: 'run';
      /** absolute (Redis-style) path of the config file, null when none was named */
      configPath: string | null;
      /** config lines built from `--options`, appended after the file */
      extraLines: string[];
      /** `-` as the first or last argument: stdin is read after the file */
      readStdin: boolean;
      /** `--test-config` first: validate as a start would, report, exit (no port, no write) */
      testOnly?: boolean;
      /** `--log-format json|redis` (ours; not a directive) */
      logFormat?: 'json' | 'redis';
    };

export function versionLine(packageVersion: string): string {
  // Tools parse the first `v=` as the Redis version they talk to, so the
  // compatibility version comes first and ours is appended.
  return `Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=0 redis-sentinel-ts=${packageVersion} surfaces=${SURFACES_TEXT}`;
}

export function helpText(): string {
  // Required here rather than imported: yargs and its dependencies are a
  // fifth of the start-up's module loading, and only --help needs them.
  const yargs = require('yargs/yargs') as typeof import('yargs/yargs');
  let text = '';
  yargs([])
    .scriptName('redis-sentinel-ts')
    .usage('Usage: $0 [/path/to/sentinel.conf] [options] [-]')
    // Our own --version answers before yargs runs; its built-in one would only warn.
    .version(false)
    .option('version', { alias: 'v', type: 'boolean', describe: 'Print the version and exit' })
    .option('help', { alias: 'h', type: 'boolean', describe: 'Print this help and exit' })
    .option('log-format', { choices: ['redis', 'json'], describe: 'Log lines as Redis writes them (default) or one JSON object per line' })
    .option('test-config', { type: 'boolean', describe: 'First argument only: check the config as a start would, print the masters, exit' })
    .option('supervised', { choices: ['no', 'systemd', 'upstart', 'auto'], describe: 'Tell systemd (READY=1, STATUS=, STOPPING=1) or upstart when serving' })
    .option('http-port', { type: 'number', describe: 'Serve /metrics, /healthz, /readyz and /masters/<name> on this port (off by default)' })
    .option('http-bind', { type: 'string', describe: 'Address of the HTTP endpoint (default 127.0.0.1)' })
    .option('compat-release', { choices: [...SURFACES], describe: 'Whose answer where the served releases contradict each other (COMMAND LIST, CLIENT LIST fields; default redis-7.0.15)' })
    .example('$0 /etc/redis/sentinel.conf', 'run with a config file (it must exist and be writable)')
    .example('$0 /etc/redis/sentinel.conf --port 26380 --loglevel verbose', 'override directives')
    .example('$0 /etc/redis/sentinel.conf --sentinel announce-ip 10.0.0.5', 'add a sentinel directive')
    .example('echo "port 26380" | $0 /etc/redis/sentinel.conf -', 'append directives from stdin')
    .epilogue(
      'Every "--<directive> <value> ..." after the config file is appended to the file as the ' +
        'config line "<directive> <value> ...". A "-" as the first or last argument also appends stdin.',
    )
    .wrap(100)
    .showHelp((s) => {
      text = s;
    });
  return text;
}

/** argv without the node executable and script (process.argv.slice(2)). */
export function parseCliArgs(argv: readonly string[], cwd: string, packageVersion: string): CliAction {
  const first = argv[0];
  if (first === '-v' || first === '--version') return { kind: 'version', text: versionLine(packageVersion) };
  if (first === '--help' || first === '-h') return { kind: 'help', text: helpText() };
  // Our own switch (redis-sentinel 7.0.15 has none: it rejects `test-config`
  // as a bad directive); the rest is the ordinary command line.
  if (first === '--test-config') {
    const rest = parseCliArgs(argv.slice(1), cwd, packageVersion);
    return rest.kind === 'run' ? { ...rest, testOnly: true } : rest;
  }

  // `--log-format` is ours and no Redis directive, so taking it out before
  // the pass-through cannot change what a redis-sentinel command line means.
  const lf = argv.indexOf('--log-format');
  if (lf >= 0) {
    const v = argv[lf + 1];
    if (v !== 'json' && v !== 'redis') {
      return { kind: 'help', text: `--log-format needs json or redis${v === undefined ? '' : `, not '${v}'`}\n\n${helpText()}` };
    }
    const rest = parseCliArgs([...argv.slice(0, lf), ...argv.slice(lf + 2)], cwd, packageVersion);
    return rest.kind === 'run' ? { ...rest, logFormat: v } : rest;
  }

  let j = 0;
  let configPath: string | null = null;
  if (first !== undefined && !first.startsWith('-')) {
    configPath = redisAbsolutePath(first, cwd);
    j = 1;
  }
  let options = '';
  let readStdin = false;
  // False right after a bare `--name`: the next argument is its value even if it starts with `--`.
  let handledLast = true;
  for (; j < argv.length; j++) {
    // Inside the loop's bound; argv[j + 1] below is read only when this is not the last.
    const arg = argv[j] as string;
    const isLast = j === argv.length - 1;
    if (arg === '-' && (j === 0 || isLast)) {
      readStdin = true;
    } else if (handledLast && arg.startsWith('--')) {
      if (options !== '') options += '\n';
      options += `${arg.slice(2)} `;
      // `"--port 26380"` given as one argument carries its own value.
      if (splitArgs(arg)?.length === 1) {
        handledLast = false;
        const name = arg.toLowerCase();
        const nextIsOption = !isLast && (argv[j + 1] as string).startsWith('--');
        // A value-less `--save` means `save ""`; a value-less `--sentinel` is the bare `sentinel` line.
        if (name === '--save' && (nextIsOption || isLast)) {
          options += '""';
          handledLast = nextIsOption;
        } else if (name === '--sentinel' && nextIsOption) {
          handledLast = true;
        }
      } else {
        handledLast = true;
      }
    } else {
      options += `${reprArg(arg)} `;
      handledLast = true;
    }
  }
  return { kind: 'run', configPath, extraLines: options === '' ? [] : options.split('\n'), readStdin };
}

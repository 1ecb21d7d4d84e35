import * as fs from 'node:fs';
import type * as childProcess from 'node:child_process';
import { parseCliArgs } from './config/cli-args';
import { loadConfig } from './config/load';
import { packageVersion } from './config/package-version';
import { Logger } from './log/logger';
import { openSyslog, preOpenSyslog } from './log/syslog';
import { Daemon } from './daemon';
import { enterConfiguredDir } from './enter-dir';
import { fromText, toBytes } from './core/bytes';
import { planSupervision } from './supervise/supervision';
import { startSupervision } from './supervise/supervisor';
import { runTestConfig } from './test-config-run';
import { LOG_FORMAT_ENV } from './log/json-format';

/**
 * Entry point: the same command line, start-up checks and start-up log as
 * redis-sentinel, then the daemon.
 */
/** Set in the detached child of `daemonize yes`. */
const DAEMON_CHILD_ENV = 'REDIS_SENTINEL_TS_DAEMONIZED';

export function main(argv: readonly string[]): void {
  // From here on every string is a byte string (core/bytes), paths included.
  const action = parseCliArgs(argv.map(fromText), fromText(process.cwd()), packageVersion());
  if (action.kind === 'version') {
    process.stdout.write(`${action.text}\n`);
    process.exit(0);
  }
  if (action.kind === 'help') {
    process.stderr.write(`${action.text}\n`);
    process.exit(1);
  }
  // Through the environment so that every Logger (failure paths, the
  // daemonized child) sees it, and the child started by daemonize too.
  if (action.kind === 'run' && action.logFormat !== undefined) process.env[LOG_FORMAT_ENV] = action.logFormat;
  const loaded = loadConfig({ configPath: action.configPath, extraLines: action.extraLines, readStdin: action.readStdin });
  if (!loaded.ok) {
    const f = loaded.error;
    if (f.kind === 'fatal-config') {
      process.stderr.write(f.message);
      process.exit(1);
    }
    // Before the config is known, Redis logs to stdout; after parsing, to the configured file.
    const logger = new Logger({ logfile: f.generic?.logfile ?? '', level: f.generic?.loglevel ?? 'notice' });
    for (const l of f.logs) logger.log(l.level, l.message);
    logger.log('warning', f.message);
    process.exit(1);
  }
  const cfg = loaded.value;
  const g = cfg.generic;
  if (action.testOnly === true) {
    void runTestConfig(cfg);
    return;
  }
  const plan = planSupervision(g.supervised, process.env);
  // As in redis, a supervised sentinel stays in the foreground whatever `daemonize` says.
  if (plan.kind !== 'none') g.daemonize = false;
  if (g.daemonize && process.env[DAEMON_CHILD_ENV] !== '1') {
    // Node cannot fork(); the same command is started again detached, after
    // the configuration was validated here so errors still reach the terminal.
    // node:child_process is required only here: most starts never fork.
    const { spawn } = require('node:child_process') as typeof childProcess;
    const child = spawn(process.execPath, process.argv.slice(1), {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [DAEMON_CHILD_ENV]: '1' },
    });
    child.unref();
    process.exit(0);
  }
  // Redis writes a pid file when daemonized even if none is configured.
  if (g.daemonize && g.pidfile === null) g.pidfile = '/var/run/redis.pid';
  enterConfiguredDir(g.dir);
  const syslog = g.syslogEnabled ? preOpenSyslog() : undefined;
  const logger = new Logger({ logfile: g.logfile, level: g.loglevel, daemonized: g.daemonize, syslog });
  for (const l of cfg.logs) logger.log(l.level, l.message);
  const supervisor = startSupervision(plan, process.env, (level, msg) => logger.log(level, msg));
  logger.log('warning', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  logger.log(
    'warning',
    `Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started (redis-sentinel-ts ${packageVersion()})`,
  );
  logger.log('warning', 'Configuration loaded');
  // Where redis-sentinel calls openlog(): from here on with syslog-ident, syslog-facility and the pid.
  if (g.syslogEnabled) logger.setSyslog(openSyslog({ ident: g.syslogIdent, facility: g.syslogFacility }));
  if (g.pidfile !== null) {
    try {
      fs.writeFileSync(toBytes(g.pidfile), `${process.pid}\n`);
    } catch (e) {
      logger.log('warning', `Failed to write PID file: ${(e as Error).message}`);
    }
  }
  const daemon = new Daemon({ config: cfg, logger, supervisor });
  process.on('SIGTERM', () => void daemon.shutdown('SIGTERM'));
  process.on('SIGINT', () => void daemon.shutdown('SIGINT'));
  daemon.start().catch((e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    logger.log('warning', `Failed listening on port ${g.port} (tcp), aborting. ${err.message}`);
    process.exit(1);
  });
}

/**
 * Start-up, command line, file checks and shutdown of OUR daemon
 * (bin/redis-sentinel-ts run with process.execPath), compared with the real
 * redis-sentinel 7.0.15 where the output is deterministic
 * (spec commands-and-config.md §6.1, §3.11, §8.3).
 *
 * Every process is started through spawnTracked and killed by PID in afterAll;
 * every port comes from getFreePort; every wait is bounded.
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { isRunning, killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked, tailFile, waitExit } from '../helpers/processes';
import { command, infoFields, RespClient } from '../helpers/resp-client';
import {
  assertSentinelBinUsable,
  LOG_LINE_RE,
  OUR_SENTINEL_BIN,
  parseLogLine,
  REAL_SENTINEL_BIN,
  REPO_ROOT,
} from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { AbortWait, waitFor } from '../helpers/wait';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// ---- one-shot runs (the process is expected to exit by itself) --------------

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

type Which = 'ours' | 'real';

/** The command line that runs `which` with `args` (optionally as user nobody through runuser). */
function commandLine(which: Which, args: string[], asNobody = false, ourBin = OUR_SENTINEL_BIN): [string, string[]] {
  const base: [string, string[]] = which === 'ours' ? [process.execPath, [ourBin, ...args]] : [REAL_SENTINEL_BIN, args];
  if (!asNobody) return base;
  return ['runuser', ['-u', 'nobody', '--', base[0], ...base[1]]];
}

/** Runs a binary that should exit on its own, capturing stdout/stderr (bounded; killed by PID on timeout). */
async function runToExit(
  which: Which,
  args: string[],
  opts: { cwd: string; asNobody?: boolean; ourBin?: string; timeoutMs?: number },
): Promise<RunResult> {
  const [cmd, argv] = commandLine(which, args, opts.asNobody ?? false, opts.ourBin);
  const child = spawnTracked(`${which} ${args.join(' ')}`, cmd, argv, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    await waitExit(child, opts.timeoutMs ?? 10000, `${which} ${args.join(' ')}`);
  } catch (e) {
    await killPid(child, 'SIGKILL');
    throw new Error(`${String(e)}\nstdout so far: ${Buffer.concat(out).toString()}\nstderr so far: ${Buffer.concat(err).toString()}`);
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
  return {
    code: child.exitCode,
    signal: child.signalCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    pid: child.pid!,
  };
}

/** Log lines of a text as `<level> <message>`, with the pid checked against `pid` when given. */
function logMessages(text: string, pid?: number): string[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const p = parseLogLine(l);
      if (!p) return `(not a log line) ${l}`;
      if (pid !== undefined && p.pid !== pid) return `(pid ${p.pid}, expected ${pid}) ${p.level} ${p.message}`;
      return `${p.level} ${p.message}`;
    });
}

// ---- long-running daemons ----------------------------------------------------

interface Daemon {
  child: ChildProcess;
  dir: string;
  port: number;
  configFile: string;
  logFile: string;
  stdoutFile: string;
}

function daemonDiagnostics(d: Daemon): string {
  return [`--- ${d.logFile} ---`, tailFile(d.logFile, 40), `--- ${d.stdoutFile} ---`, tailFile(d.stdoutFile, 20), `--- ${d.configFile} ---`, tailFile(d.configFile, 60)].join(
    '\n',
  );
}

function readLog(d: Daemon): string {
  try {
    return fs.readFileSync(d.logFile, 'utf8');
  } catch {
    return '';
  }
}

/** Starts OUR daemon (or the real one) from `configFile` (+ args) and waits until it answers PING on `port`. */
async function startOurs(
  dir: string,
  configFile: string,
  port: number,
  extraArgs: string[] = [],
  logFile = path.join(dir, 'sentinel.log'),
  which: Which = 'ours',
): Promise<Daemon> {
  const stdoutFile = path.join(dir, 'stdout.txt');
  const fd = fs.openSync(stdoutFile, 'a');
  let child: ChildProcess;
  try {
    const [cmd, argv] = commandLine(which, [configFile, ...extraArgs]);
    child = spawnTracked(`${which} :${port}`, cmd, argv, { cwd: dir, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const d: Daemon = { child, dir, port, configFile, logFile, stdoutFile };
  await waitFor(
    async () => {
      if (!isRunning(child)) throw new AbortWait(`daemon exited with ${child.exitCode ?? child.signalCode}`);
      const r = await command(port, ['PING'], 1000);
      return r.value.type === 'simple' && r.value.value === 'PONG';
    },
    15000,
    100,
    { description: `our sentinel to answer PING on port ${port}`, details: () => daemonDiagnostics(d) },
  );
  return d;
}

/** Waits until the daemon's log (from byte `from`) has a line whose `<level> <message>` matches `re`. */
async function waitLog(d: Daemon, re: RegExp, timeoutMs = 10000, from = 0): Promise<string> {
  return waitFor(() => logMessages(readLog(d).slice(from)).find((m) => re.test(m)), timeoutMs, 50, {
    description: `log line matching ${re}`,
    details: () => daemonDiagnostics(d),
  });
}

/** A fresh directory with a sentinel.conf monitoring a port where nothing listens (no discovery, no flushes). */
async function freshConfig(prefix: string, extra: string[] = [], opts: { port?: number; logfile?: boolean } = {}) {
  const dir = makeTmpDir(prefix);
  const port = opts.port ?? (await getFreePort());
  const masterPort = await getFreePort(); // nothing listens there
  const configFile = path.join(dir, 'sentinel.conf');
  const logFile = path.join(dir, 'sentinel.log');
  const lines = [`port ${port}`, `sentinel monitor m 127.0.0.1 ${masterPort} 2`];
  if (opts.logfile !== false) lines.push(`logfile "${logFile}"`);
  lines.push(...extra);
  fs.writeFileSync(configFile, lines.join('\n') + '\n');
  return { dir, port, masterPort, configFile, logFile };
}

const SAVED = '* Sentinel new configuration saved on disk';

/**
 * The log lines after `# User requested shutdown...` as redis-sentinel writes
 * them, checked for `which`. redis-sentinel never flushes the config at
 * shutdown (§3.11, §6.5). Our daemon deliberately saves it once when stopped
 * by a signal (README, "SIGTERM/SIGINT also save the config before exiting"),
 * so for ours a single `* Sentinel new configuration saved on disk` right after
 * `# User requested shutdown...` is allowed after a signal, and nothing else differs.
 */
function expectShutdownLines(which: Which, bySignal: boolean, msgs: string[], expected: string[]): void {
  if (which === 'ours' && bySignal && msgs[1] === SAVED) msgs = [msgs[0]!, ...msgs.slice(2)];
  expect(msgs).toEqual(expected);
}

/**
 * Sends `signal` and checks the shutdown sequence of §3.11: the signal-handler
 * line, `# User requested shutdown...`, `# Sentinel is now ready to exit, bye bye...`,
 * exit code 0, the config file intact (redis-sentinel: not even rewritten).
 */
async function checkSignalShutdown(signal: 'SIGTERM' | 'SIGINT', which: Which = 'ours'): Promise<void> {
  const c = await freshConfig(`sig-${signal}-${which}`);
  const d = await startOurs(c.dir, c.configFile, c.port, [], c.logFile, which);
  // first start without myid: flushed once at start
  const idLine = await waitLog(d, /^# Sentinel ID is [0-9a-f]{40}$/);
  const myid = idLine.slice('# Sentinel ID is '.length);
  await waitLog(d, /^# \+monitor master m /);
  const inodeBefore = fs.statSync(c.configFile).ino;
  const contentBefore = fs.readFileSync(c.configFile, 'utf8');
  const from = readLog(d).length;
  const pid = d.child.pid!;
  const t0 = Math.floor(Date.now() / 1000);
  process.kill(pid, signal);
  await waitExit(d.child, 10000, `our sentinel after ${signal}`);
  const t1 = Math.ceil(Date.now() / 1000);
  expect(d.child.exitCode, daemonDiagnostics(d)).toBe(0);
  expect(d.child.signalCode).toBeNull();

  const raw = readLog(d).slice(from).split('\n').filter((l) => l.length > 0);
  const m = new RegExp(`^${pid}:signal-handler \\((\\d+)\\) Received ${signal} scheduling shutdown\\.\\.\\.$`).exec(raw[0] ?? '');
  expect(m, `first line after ${signal}:\n${raw.join('\n')}`).not.toBeNull();
  const secs = Number(m![1]);
  expect(secs).toBeGreaterThanOrEqual(t0);
  expect(secs).toBeLessThanOrEqual(t1);
  const rest = raw.slice(1);
  for (const l of rest) expect(l).toMatch(LOG_LINE_RE);
  // The sequence redis-sentinel 7.0.15 writes (no pidfile configured).
  expectShutdownLines(which, true, logMessages(rest.join('\n'), pid), ['# User requested shutdown...', '# Sentinel is now ready to exit, bye bye...']);
  const after = fs.readFileSync(c.configFile, 'utf8');
  if (which === 'real') expect(fs.statSync(c.configFile).ino, 'redis-sentinel does not rewrite the config at shutdown').toBe(inodeBefore);
  // (a rewrite that appends nothing ends the file in "\n\n", §6.5 step 5: ours rewrote it once more)
  const norm = (t: string) => (which === 'ours' ? t.replace(/\n+$/, '\n') : t);
  expect(norm(after), 'nothing changed since the start-up flush').toBe(norm(contentBefore));

  // the config file still parses and has the state lines
  expect(after).toMatch(new RegExp(`^sentinel myid ${myid}$`, 'm'));
  expect(after).toMatch(/^sentinel current-epoch 0$/m);
  expect(after).toMatch(/^sentinel config-epoch m 0$/m);
  expect(after).toMatch(/^sentinel leader-epoch m 0$/m);
  expect(after).toMatch(new RegExp(`^sentinel monitor m 127\\.0\\.0\\.1 ${c.masterPort} 2$`, 'm'));
  const logFrom = readLog(d).length;
  const d2 = await startOurs(c.dir, c.configFile, c.port, [], c.logFile, which);
  expect(await waitLog(d2, /^# Sentinel ID is /, 10000, logFrom)).toBe(`# Sentinel ID is ${myid}`);
  const r = await command(c.port, ['SENTINEL', 'MYID']);
  expect(r.value).toEqual({ type: 'bulk', value: myid });
  await killPid(d2.child, 'SIGKILL');
}

// ---- tests -------------------------------------------------------------------

describe('start-up and shutdown of bin/redis-sentinel-ts', () => {
  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(OUR_SENTINEL_BIN);
      assertSentinelBinUsable(REAL_SENTINEL_BIN);
    });
  });

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  describe('fatal config file errors: same exit code and stderr as redis-sentinel', () => {
    const cases: Array<{ name: string; lines: string[]; args?: string[]; line: number; message: string }> = [
      {
        name: 'quorum 0 on line 3',
        lines: ['port 0', '# a comment', 'sentinel monitor m 127.0.0.1 6379 0'],
        line: 3,
        message: 'Quorum must be 1 or greater.',
      },
      { name: 'unknown directive', lines: ['port 0', 'foobar 1 2'], line: 2, message: 'Bad directive or wrong number of arguments' },
      { name: 'unbalanced quotes', lines: ['port 0', 'logfile "abc'], line: 2, message: 'Unbalanced quotes in configuration line' },
      {
        name: 'bad down-after-milliseconds before its monitor line',
        lines: ['port 0', 'sentinel down-after-milliseconds m 0', 'sentinel monitor m 127.0.0.1 6379 2'],
        line: 2,
        message: 'negative or zero time parameter.',
      },
      {
        name: 'down-after-milliseconds for a master that is never monitored',
        lines: ['port 0', 'sentinel down-after-milliseconds m 1000'],
        line: 2,
        message: 'No such master with specified name.',
      },
      {
        name: 'a bad monitor line is reported before a bad per-master line above it',
        lines: ['port 0', 'sentinel down-after-milliseconds m 0', 'sentinel monitor m 127.0.0.1 6379 0'],
        line: 3,
        message: 'Quorum must be 1 or greater.',
      },
      {
        name: 'an error in a command-line option continues the line numbering',
        lines: ['port 0', 'sentinel monitor m 127.0.0.1 6379 2'],
        args: ['--port', 'abc'],
        // the options are appended after a "\n", hence one empty line; the value is quoted
        line: 4,
        message: 'argument couldn\'t be parsed into an integer',
      },
    ];

    for (const tc of cases) {
      it(tc.name, async () => {
        setup.check();
        const dir = makeTmpDir('cfgerr');
        fs.writeFileSync(path.join(dir, 'ours.conf'), tc.lines.join('\n') + '\n');
        fs.writeFileSync(path.join(dir, 'real.conf'), tc.lines.join('\n') + '\n');
        const real = await runToExit('real', ['real.conf', ...(tc.args ?? [])], { cwd: dir });
        const ours = await runToExit('ours', ['ours.conf', ...(tc.args ?? [])], { cwd: dir });
        const bad = tc.args ? `${tc.args[0]!.slice(2)} ${tc.args.slice(1).map((a) => JSON.stringify(a)).join(' ')}` : tc.lines[tc.line - 1];
        const expected = `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${tc.line}\n>>> '${bad}'\n${tc.message}\n`;
        // the reference itself, so that a change of the installed binary is noticed
        expect(real.code).toBe(1);
        expect(real.stderr).toBe(expected);
        expect(real.stdout).toBe('');
        // ours, byte for byte (the version header included: both say Redis 7.0.15)
        expect(ours.code, ours.stderr).toBe(1);
        expect(ours.signal).toBeNull();
        expect(ours.stderr).toBe(real.stderr);
        expect(ours.stdout).toBe(real.stdout);
        // the file is left alone
        expect(fs.readFileSync(path.join(dir, 'ours.conf'), 'utf8')).toBe(tc.lines.join('\n') + '\n');
      });
    }
  });

  it('missing config file: exit 1, Fatal error line with the absolute path on stdout in the Redis log format', async () => {
    setup.check();
    const dir = makeTmpDir('missing');
    const ours = await runToExit('ours', ['nonexistent.conf'], { cwd: dir });
    const real = await runToExit('real', ['nonexistent.conf'], { cwd: dir });
    const msg = `# Fatal error, can't open config file '${path.join(dir, 'nonexistent.conf')}': No such file or directory`;
    expect(real.code).toBe(1);
    expect(logMessages(real.stdout, real.pid)).toEqual([msg]);
    expect(ours.code, ours.stdout + ours.stderr).toBe(1);
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toMatch(/^[^\n]*\n$/);
    expect(ours.stdout.trimEnd()).toMatch(LOG_LINE_RE);
    expect(logMessages(ours.stdout, ours.pid)).toEqual([msg]);
    expect(parseLogLine(ours.stdout.trimEnd())!.role).toBe('X');
  });

  it('port taken: the bind warning and "Failed listening ... aborting." as the last two lines, nothing after, exit 1', async () => {
    setup.check();
    const taken = net.createServer();
    await new Promise<void>((resolve, reject) => taken.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const dir = makeTmpDir('port-taken');
      const conf = (name: string): string => {
        fs.writeFileSync(path.join(dir, name), `port ${port}\nbind 127.0.0.1\nsentinel monitor m 127.0.0.1 1 2\n`);
        return name;
      };
      const expected = [
        `# Warning: Could not create server TCP listening socket 127.0.0.1:${port}: bind: Address already in use`,
        `# Failed listening on port ${port} (TCP), aborting.`,
      ];
      const real = await runToExit('real', [conf('real.conf')], { cwd: dir });
      const ours = await runToExit('ours', [conf('ours.conf')], { cwd: dir });
      expect(real.code).toBe(1);
      expect(logMessages(real.stdout, real.pid).slice(-2)).toEqual(expected);
      expect(ours.code, ours.stdout + ours.stderr).toBe(1);
      expect(ours.stderr).toBe('');
      expect(logMessages(ours.stdout, ours.pid).slice(-2)).toEqual(expected);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('no config file (only --port): "Sentinel needs config file on disk to save state. Exiting...", exit 1', async () => {
    setup.check();
    const dir = makeTmpDir('noconf');
    const ours = await runToExit('ours', ['--port', '1234'], { cwd: dir });
    const real = await runToExit('real', ['--port', '1234'], { cwd: dir });
    const msg = '# Sentinel needs config file on disk to save state. Exiting...';
    expect(real.code).toBe(1);
    expect(logMessages(real.stdout, real.pid)).toEqual([msg]);
    expect(ours.code, ours.stdout + ours.stderr).toBe(1);
    expect(ours.stderr).toBe('');
    expect(ours.stdout.trimEnd()).toMatch(LOG_LINE_RE);
    expect(logMessages(ours.stdout, ours.pid)).toEqual([msg]);
  });

  describe('config file not writable (as user nobody when running as root)', () => {
    /** Our binary where user nobody can run it: the checkout itself, or a world-readable copy. */
    let ourBin = OUR_SENTINEL_BIN;

    beforeAll(() => {
      if (!isRoot) return;
      const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'src', 'cli.js'))})`], {
        encoding: 'utf8',
        timeout: 20000,
      });
      if (probe.status === 0) return;
      // The checkout is not usable by nobody: copy what the daemon needs into a world-readable directory.
      const lib = makeTmpDir('nobody-lib');
      for (const part of ['bin', 'dist', 'node_modules', 'package.json']) {
        fs.cpSync(path.join(REPO_ROOT, part), path.join(lib, part), { recursive: true });
      }
      spawnSync('chmod', ['-R', 'a+rX', lib], { timeout: 20000 });
      ourBin = path.join(lib, 'bin', 'redis-sentinel-ts');
    }, 60000);

    /** A root-owned 0444 config in a directory nobody may enter and read but not write. */
    function unwritableConfig(name: string, lines: string[]): { dir: string; file: string } {
      const dir = makeTmpDir(`unwritable-${name}`);
      fs.chmodSync(dir, 0o755); // our own temp dir only; /tmp itself is left alone
      const file = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      fs.chmodSync(file, 0o444);
      return { dir, file };
    }

    it('is reported on stdout (no logfile): "Sentinel config file <path> is not writable: Permission denied. Exiting...", exit 1', async () => {
      setup.check();
      const lines = ['port 0', 'sentinel monitor m 127.0.0.1 6379 2'];
      const o = unwritableConfig('ours', lines);
      const r = unwritableConfig('real', lines);
      const real = await runToExit('real', [r.file], { cwd: r.dir, asNobody: isRoot });
      const ours = await runToExit('ours', [o.file], { cwd: o.dir, asNobody: isRoot, ourBin, timeoutMs: 20000 });
      expect(real.code, real.stdout + real.stderr).toBe(1);
      expect(logMessages(real.stdout)).toEqual([`# Sentinel config file ${r.file} is not writable: Permission denied. Exiting...`]);
      expect(real.stderr).toBe('');
      expect(ours.code, ours.stdout + ours.stderr).toBe(1);
      expect(ours.stderr).toBe('');
      expect(ours.stdout.trimEnd()).toMatch(LOG_LINE_RE);
      expect(logMessages(ours.stdout)).toEqual([`# Sentinel config file ${o.file} is not writable: Permission denied. Exiting...`]);
      expect(fs.readFileSync(o.file, 'utf8')).toBe(lines.join('\n') + '\n');
    });

    it('goes to the configured logfile when there is one', async () => {
      setup.check();
      const run = async (which: Which) => {
        const dir = makeTmpDir(`unwritable-log-${which}`);
        fs.chmodSync(dir, 0o755);
        const log = path.join(dir, 'sentinel.log');
        fs.writeFileSync(log, '');
        fs.chmodSync(log, 0o666);
        const file = path.join(dir, 'sentinel.conf');
        fs.writeFileSync(file, ['port 0', `logfile "${log}"`, 'sentinel monitor m 127.0.0.1 6379 2'].join('\n') + '\n');
        fs.chmodSync(file, 0o444);
        const res = await runToExit(which, [file], { cwd: dir, asNobody: isRoot, ourBin, timeoutMs: 20000 });
        return { res, file, log: fs.readFileSync(log, 'utf8') };
      };
      const real = await run('real');
      const ours = await run('ours');
      expect(real.res.code).toBe(1);
      expect(real.res.stdout + real.res.stderr).toBe('');
      expect(logMessages(real.log)).toEqual([`# Sentinel config file ${real.file} is not writable: Permission denied. Exiting...`]);
      expect(ours.res.code, ours.res.stdout + ours.res.stderr).toBe(1);
      expect(ours.res.stdout + ours.res.stderr).toBe('');
      expect(logMessages(ours.log)).toEqual([`# Sentinel config file ${ours.file} is not writable: Permission denied. Exiting...`]);
    });
  });

  it('--port on the command line wins over the port in the file', async () => {
    setup.check();
    const filePort = await getFreePort();
    const c = await freshConfig('port-override', [], { port: filePort });
    const cliPort = await getFreePort();
    const d = await startOurs(c.dir, c.configFile, cliPort, ['--port', String(cliPort)]);
    const pong = await command(cliPort, ['PING']);
    expect(pong.raw.toString()).toBe('+PONG\r\n');
    const info = await command(cliPort, ['INFO', 'server']);
    expect(info.value.type).toBe('bulk');
    expect(infoFields(String(info.value.value)).tcp_port).toBe(String(cliPort));
    await waitLog(d, new RegExp(`^\\* Running mode=sentinel, port=${cliPort}\\.$`));
    // nothing listens on the port of the file
    await expect(RespClient.connect(filePort, '127.0.0.1', 2000)).rejects.toThrow(/ECONNREFUSED/);
    await killPid(d.child, 'SIGKILL');
  });

  it('--version / -v print a line with v=7.0.15 and exit 0', async () => {
    setup.check();
    const dir = makeTmpDir('version');
    for (const flag of ['--version', '-v']) {
      const ours = await runToExit('ours', [flag], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toMatch(/^[^\n]*v=7\.0\.15[^\n]*\n$/);
    }
  });

  it('--help / -h exit 1 with the usage on stderr', async () => {
    setup.check();
    const dir = makeTmpDir('help');
    for (const flag of ['--help', '-h']) {
      const real = await runToExit('real', [flag], { cwd: dir });
      expect(real.code).toBe(1);
      expect(real.stdout).toBe('');
      expect(real.stderr).toMatch(/^Usage: /);
      const ours = await runToExit('ours', [flag], { cwd: dir });
      expect(ours.code, ours.stdout + ours.stderr).toBe(1);
      expect(ours.stdout).toBe('');
      expect(ours.stderr).toMatch(/^Usage: /);
    }
  });

  it('first start without sentinel myid generates and saves one; a second start keeps it and does not rewrite the file', async () => {
    setup.check();
    const c = await freshConfig('myid');
    const d1 = await startOurs(c.dir, c.configFile, c.port);
    const idLine = await waitLog(d1, /^# Sentinel ID is /);
    const id = /^# Sentinel ID is ([0-9a-f]{40})$/.exec(idLine)?.[1];
    expect(id, idLine).toBeDefined();
    await waitLog(d1, /^# \+monitor master m /);
    const cfg1 = fs.readFileSync(c.configFile, 'utf8');
    expect(cfg1.match(/^sentinel myid .*$/gm)).toEqual([`sentinel myid ${id}`]);
    // start-up order of §6.1: saved on disk, then the id, then +monitor
    const msgs1 = logMessages(readLog(d1), d1.child.pid);
    const iSaved = msgs1.indexOf(SAVED);
    const iId = msgs1.indexOf(`# Sentinel ID is ${id}`);
    const iMon = msgs1.indexOf(`# +monitor master m 127.0.0.1 ${c.masterPort} quorum 2`);
    expect(msgs1.slice(0, 3), msgs1.join('\n')).toEqual([
      '# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      expect.stringMatching(new RegExp(`^# Redis version=7\\.0\\.15, bits=64, commit=00000000, modified=0, pid=${d1.child.pid}, just started`)),
      '# Configuration loaded',
    ]);
    expect(msgs1).toContain(`* Running mode=sentinel, port=${c.port}.`);
    expect(iSaved).toBeGreaterThan(0);
    expect(iId).toBe(iSaved + 1);
    expect(iMon).toBe(iId + 1);
    expect(msgs1.filter((m) => m === SAVED)).toHaveLength(1);
    const r = await command(c.port, ['SENTINEL', 'MYID']);
    expect(r.value).toEqual({ type: 'bulk', value: id });

    await killPid(d1.child, 'SIGKILL');
    const stat1 = fs.statSync(c.configFile);
    const from = readLog(d1).length;
    const d2 = await startOurs(c.dir, c.configFile, c.port);
    expect(await waitLog(d2, /^# Sentinel ID is /, 10000, from)).toBe(`# Sentinel ID is ${id}`);
    await waitLog(d2, /^# \+monitor master m /, 10000, from);
    const msgs2 = logMessages(readLog(d2).slice(from), d2.child.pid);
    expect(msgs2, msgs2.join('\n')).not.toContain(SAVED);
    const stat2 = fs.statSync(c.configFile);
    expect(stat2.ino).toBe(stat1.ino);
    expect(stat2.mtimeMs).toBe(stat1.mtimeMs);
    expect(fs.readFileSync(c.configFile, 'utf8')).toBe(cfg1);
    const r2 = await command(c.port, ['SENTINEL', 'MYID']);
    expect(r2.value).toEqual({ type: 'bulk', value: id });
    await killPid(d2.child, 'SIGKILL');
  });

  it('reference: the same SIGTERM checks against redis-sentinel (which does not rewrite the config at shutdown)', async () => {
    setup.check();
    await checkSignalShutdown('SIGTERM', 'real');
  });

  it('SIGTERM: signal-handler line, User requested shutdown, bye bye, exit 0, config intact', async () => {
    setup.check();
    await checkSignalShutdown('SIGTERM');
  });

  it('SIGINT: same shutdown sequence', async () => {
    setup.check();
    await checkSignalShutdown('SIGINT');
  });

  it('SHUTDOWN from a client: the connection closes without a reply and the process exits 0', async () => {
    setup.check();
    const c = await freshConfig('shutdown-cmd', ['sentinel myid 0123456789abcdef0123456789abcdef01234567']);
    const d = await startOurs(c.dir, c.configFile, c.port);
    await waitLog(d, /^# \+monitor master m /);
    const inode = fs.statSync(c.configFile).ino;
    const from = readLog(d).length;
    const cl = await RespClient.connect(c.port);
    try {
      cl.send(['SHUTDOWN']);
      const { data, closed } = await cl.readUntilClose(10000);
      expect(closed).toBe(true);
      expect(data.toString()).toBe('');
    } finally {
      cl.close();
    }
    await waitExit(d.child, 10000, 'our sentinel after SHUTDOWN');
    expect(d.child.exitCode, daemonDiagnostics(d)).toBe(0);
    expectShutdownLines('ours', false, logMessages(readLog(d).slice(from), d.child.pid), [
      '# User requested shutdown...',
      '# Sentinel is now ready to exit, bye bye...',
    ]);
    // no flush at a SHUTDOWN command (as redis-sentinel)
    expect(fs.statSync(c.configFile).ino).toBe(inode);
  });

  it('pidfile: written with the pid at start, removed at clean shutdown', async () => {
    setup.check();
    const dir0 = makeTmpDir('pidfile-x'); // just a unique name inside a temp dir
    const pidFile = path.join(dir0, 'sentinel.pid');
    const c = await freshConfig('pidfile', ['sentinel myid 0123456789abcdef0123456789abcdef01234567', `pidfile "${pidFile}"`]);
    const d = await startOurs(c.dir, c.configFile, c.port);
    const pid = d.child.pid!;
    const content = await waitFor(() => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : undefined), 5000, 50, 'the pid file');
    expect(content).toBe(`${pid}\n`);
    const from = readLog(d).length;
    process.kill(pid, 'SIGTERM');
    await waitExit(d.child, 10000, 'our sentinel after SIGTERM');
    expect(d.child.exitCode, daemonDiagnostics(d)).toBe(0);
    expect(fs.existsSync(pidFile)).toBe(false);
    const raw = readLog(d).slice(from).split('\n').filter((l) => l.length > 0);
    expect(raw[0]).toMatch(new RegExp(`^${pid}:signal-handler \\(\\d+\\) Received SIGTERM scheduling shutdown\\.\\.\\.$`));
    expectShutdownLines('ours', true, logMessages(raw.slice(1).join('\n'), pid), [
      '# User requested shutdown...',
      '* Removing the pid file.',
      '# Sentinel is now ready to exit, bye bye...',
    ]);
  });

  it('a malformed request from one client does not disturb another client', async () => {
    setup.check();
    const c = await freshConfig('malformed', ['sentinel myid 0123456789abcdef0123456789abcdef01234567']);
    const d = await startOurs(c.dir, c.configFile, c.port);
    const good = await RespClient.connect(c.port);
    const bad = await RespClient.connect(c.port);
    try {
      expect((await good.call(['PING'])).raw.toString()).toBe('+PONG\r\n');
      bad.sendRaw('*abc\r\n');
      const { data, closed } = await bad.readUntilClose(5000);
      // what redis-sentinel 7.0.15 answers before closing the connection
      expect(data.toString()).toBe('-ERR Protocol error: invalid multibulk length\r\n');
      expect(closed).toBe(true);
      expect((await good.call(['PING'])).raw.toString()).toBe('+PONG\r\n');
      expect((await good.call(['SENTINEL', 'MYID'])).raw.toString()).toBe('$40\r\n0123456789abcdef0123456789abcdef01234567\r\n');
      expect(isRunning(d.child)).toBe(true);
    } finally {
      good.close();
      bad.close();
    }
    await killPid(d.child, 'SIGKILL');
  });
});

import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFreePort } from './free-port';
import { isRunning, killPid, makeTmpDir, spawnTracked, tailFile } from './processes';
import { command, Reply, RespClient } from './resp-client';
import { AbortWait, waitFor } from './wait';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const OUR_SENTINEL_BIN = path.join(REPO_ROOT, 'bin', 'redis-sentinel-ts');
export const REAL_SENTINEL_BIN = process.env.REAL_SENTINEL_BIN ?? '/usr/bin/redis-sentinel';

/** The sentinel under test: $SENTINEL_BIN, or our bin/redis-sentinel-ts. */
export function sentinelBinUnderTest(): string {
  return process.env.SENTINEL_BIN ? path.resolve(process.env.SENTINEL_BIN) : OUR_SENTINEL_BIN;
}

/** True when `bin` is (a script that runs) node rather than a native executable. */
export function isNodeScript(bin: string): boolean {
  if (/\.[cm]?js$/.test(bin)) return true;
  try {
    const fd = fs.openSync(bin, 'r');
    const head = Buffer.alloc(512);
    const n = fs.readSync(fd, head, 0, 512, 0);
    fs.closeSync(fd);
    const [first = '', second = ''] = head.subarray(0, n).toString('latin1').split('\n');
    // Our bin is a sh/node polyglot (see bin/redis-sentinel-ts): its second line execs node.
    return first.startsWith('#!') && (/\bnode\b/.test(first) || /\bexec node\b/.test(second));
  } catch {
    return false;
  }
}

/**
 * Throws a clear error if `bin` cannot be run: missing file, or our daemon
 * without its compiled dist/src/cli.js (run `npm test`, whose pretest builds,
 * or `npx tsc -p tsconfig.json`).
 */
export function assertSentinelBinUsable(bin: string): void {
  if (!fs.existsSync(bin)) {
    throw new Error(`sentinel binary not found: ${bin}${bin === REAL_SENTINEL_BIN ? ' (install the Debian package redis-sentinel, or set REAL_SENTINEL_BIN)' : ''}`);
  }
  if (path.resolve(bin) === OUR_SENTINEL_BIN) {
    const cli = path.join(REPO_ROOT, 'dist', 'src', 'cli.js');
    if (!fs.existsSync(cli)) {
      throw new Error(`${cli} does not exist: build first (npm test runs "pretest": tsc -p tsconfig.json; or run npx tsc -p tsconfig.json)`);
    }
  }
}

export interface SentinelOptions {
  /** Executable: /usr/bin/redis-sentinel or bin/redis-sentinel-ts (run with process.execPath). */
  binary: string;
  masterPort: number;
  masterName?: string;
  quorum?: number;
  downAfterMs?: number;
  /** Extra configuration lines appended to the file. */
  extraConfig?: string[];
  /** Extra command-line arguments after the config file. */
  extraArgs?: string[];
  port?: number;
  startTimeoutMs?: number;
  /**
   * Also count `-NOAUTH` as "answering PING" when waiting for the start (for a
   * config with requirepass). Default: only +PONG.
   */
  readyOnNoAuth?: boolean;
}

export interface LogLine {
  raw: string;
  pid: number;
  role: string;
  /** Local time of the line, ms since the epoch. */
  time: number;
  level: string;
  message: string;
}

/** Redis log line: `<pid>:X 24 Nov 2026 21:52:27.360 # message`. */
export const LOG_LINE_RE = /^(\d+):([A-Z]) (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3}) ([.\-*#]) (.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseLogLine(raw: string): LogLine | null {
  const m = LOG_LINE_RE.exec(raw);
  if (!m) return null;
  const mon = MONTHS.indexOf(m[4]!);
  if (mon < 0) return null;
  const time = new Date(Number(m[5]), mon, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9])).getTime();
  return { raw, pid: Number(m[1]), role: m[2]!, time, level: m[10]!, message: m[11]! };
}

/**
 * A sentinel process with its own temp dir holding sentinel.conf and
 * sentinel.log (and stdout.txt for whatever the process prints).
 */
export class SentinelProcess {
  child: ChildProcess | undefined;
  readonly configFile: string;
  readonly logFile: string;
  readonly stdoutFile: string;
  private starts = 0;

  private constructor(
    readonly binary: string,
    readonly port: number,
    readonly dir: string,
    readonly extraArgs: string[],
    readonly readyOnNoAuth = false,
  ) {
    this.configFile = path.join(dir, 'sentinel.conf');
    this.logFile = path.join(dir, 'sentinel.log');
    this.stdoutFile = path.join(dir, 'stdout.txt');
  }

  static configText(port: number, dir: string, o: SentinelOptions): string {
    const name = o.masterName ?? 'mymaster';
    const lines = [
      `port ${port}`,
      `dir "${dir}"`,
      `sentinel monitor ${name} 127.0.0.1 ${o.masterPort} ${o.quorum ?? 1}`,
      `sentinel down-after-milliseconds ${name} ${o.downAfterMs ?? 2000}`,
      `logfile "${path.join(dir, 'sentinel.log')}"`,
      ...(o.extraConfig ?? []),
    ];
    return lines.join('\n') + '\n';
  }

  /** Writes a fresh config in a new temp dir and starts the sentinel; resolves once it answers PING. */
  static async start(o: SentinelOptions): Promise<SentinelProcess> {
    assertSentinelBinUsable(o.binary);
    const port = o.port ?? (await getFreePort());
    const dir = makeTmpDir(`sentinel-${port}`);
    const s = new SentinelProcess(o.binary, port, dir, o.extraArgs ?? [], o.readyOnNoAuth ?? false);
    fs.writeFileSync(s.configFile, SentinelProcess.configText(port, dir, o));
    await s.startProcess(o.startTimeoutMs ?? 15000);
    return s;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && isRunning(this.child);
  }

  get isOurs(): boolean {
    return isNodeScript(this.binary);
  }

  private async startProcess(timeoutMs: number): Promise<void> {
    this.starts++;
    const fd = fs.openSync(this.stdoutFile, 'a');
    const args = [this.configFile, ...this.extraArgs];
    try {
      if (isNodeScript(this.binary)) {
        this.child = spawnTracked(`sentinel :${this.port}`, process.execPath, [this.binary, ...args], {
          cwd: this.dir,
          stdio: ['ignore', fd, fd],
        });
      } else {
        this.child = spawnTracked(`sentinel :${this.port}`, this.binary, args, { cwd: this.dir, stdio: ['ignore', fd, fd] });
      }
    } finally {
      fs.closeSync(fd);
    }
    const child = this.child;
    await waitFor(
      async () => {
        if (!isRunning(child)) throw new AbortWait(`sentinel exited with ${child.exitCode ?? child.signalCode}`);
        const r = await command(this.port, ['PING'], 1000);
        if (this.readyOnNoAuth && r.value.type === 'error' && r.value.value.startsWith('NOAUTH')) return true;
        return r.value.type === 'simple' && r.value.value === 'PONG';
      },
      timeoutMs,
      100,
      { description: `sentinel ${this.binary} on port ${this.port} to answer PING`, details: () => this.diagnostics() },
    );
  }

  /** Stops by PID (SIGKILL by default; SIGTERM for a clean shutdown) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 5000): Promise<void> {
    if (!this.child) return;
    try {
      await killPid(this.child, signal, timeoutMs);
    } catch (e) {
      if (signal !== 'SIGKILL') await killPid(this.child, 'SIGKILL', 5000);
      else throw e;
    }
  }

  /** Starts the same binary again from the same config file (must be stopped). */
  async restart(timeoutMs = 15000): Promise<void> {
    if (this.running) throw new Error(`sentinel :${this.port} still running (pid ${this.pid})`);
    await this.startProcess(timeoutMs);
  }

  async call(args: Array<string | Buffer | number>, timeoutMs = 5000): Promise<Reply> {
    return command(this.port, args, timeoutMs);
  }

  connect(): Promise<RespClient> {
    return RespClient.connect(this.port);
  }

  readLog(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Log lines (non-empty), optionally only those written after byte offset `from`. */
  logLines(from = 0): string[] {
    return this.readLog()
      .slice(from)
      .split('\n')
      .filter((l) => l.length > 0);
  }

  /** Current log size, to wait for lines written after this point. */
  logOffset(): number {
    return this.readLog().length;
  }

  readConfig(): string {
    return fs.readFileSync(this.configFile, 'utf8');
  }

  configLines(): string[] {
    return this.readConfig()
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('#'));
  }

  diagnostics(logTail = 40): string {
    return [
      `--- ${this.logFile} (tail) ---`,
      tailFile(this.logFile, logTail),
      `--- ${this.stdoutFile} (tail) ---`,
      tailFile(this.stdoutFile, 20),
    ].join('\n');
  }

  /**
   * Polls the log until a line (after byte offset `from`) matches `re`; returns
   * the line. Throws after `timeoutMs` with the log tail.
   */
  async waitForLog(re: RegExp, timeoutMs: number, from = 0): Promise<string> {
    return waitFor(
      () => {
        const line = this.logLines(from).find((l) => re.test(l));
        if (line === undefined && !this.running) throw new AbortWait('the sentinel process is not running');
        return line;
      },
      timeoutMs,
      100,
      { description: `sentinel :${this.port} log line matching ${re}`, details: () => this.diagnostics() },
    );
  }
}

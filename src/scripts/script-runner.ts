import type * as childProcess from 'node:child_process';
import { toText } from '../core/bytes';

/**
 * Runs notification and client-reconfig scripts the way Redis Sentinel does:
 * a bounded queue, a bounded number running at once, retries with doubling
 * delays for exit code 1 or a signal, a kill after the maximum run time.
 */
export interface ScriptJob {
  /** the script's path, then its arguments */
  argv: [string, ...string[]];
  running: boolean;
  pid: number;
  startTime: number;
  retryNum: number;
  /** when a scheduled job may run (0 = now) */
  notBefore: number;
}

export interface ScriptRunnerOptions {
  maxRunning: number;
  maxQueue: number;
  maxRetries: number;
  maxRuntimeMs: () => number;
  retryDelayMs: () => number;
  now: () => number;
  onError: (path: string, signal: number, code: number) => void;
  onTimeout: (path: string, pid: number) => void;
  log: (level: 'debug' | 'warning', msg: string) => void;
}

const SIGNALS: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGHUP: 1, SIGSEGV: 11, SIGABRT: 6 };

export class ScriptRunner {
  readonly jobs: ScriptJob[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ScriptRunnerOptions) {}

  schedule(argv: [string, ...string[]]): void {
    if (this.jobs.length >= this.o.maxQueue) {
      // Full queue: the oldest job that is not running makes room.
      const idx = this.jobs.findIndex((j) => !j.running);
      if (idx < 0) return;
      this.jobs.splice(idx, 1);
    }
    this.jobs.push({ argv, running: false, pid: 0, startTime: 0, retryNum: 0, notBefore: 0 });
    this.pump();
  }

  counts(): { running: number; queued: number } {
    return { running: this.jobs.filter((j) => j.running).length, queued: this.jobs.length };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    const now = this.o.now();
    let running = this.jobs.filter((j) => j.running).length;
    for (const job of this.jobs) {
      if (running >= this.o.maxRunning) break;
      if (job.running || job.notBefore > now) continue;
      this.start(job);
      running++;
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const waiting = this.jobs.filter((j) => !j.running);
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((j) => j.notBefore));
    this.timer = setTimeout(() => this.pump(), Math.max(10, next - this.o.now()));
    this.timer.unref();
  }

  private start(job: ScriptJob): void {
    job.running = true;
    job.retryNum++;
    job.startTime = this.o.now();
    const [path, ...args] = job.argv;
    let child;
    try {
      // Node takes program arguments as text only: bytes that are not UTF-8 cannot be passed.
      // node:child_process is required at the first script run, not at start.
      child = (require('node:child_process') as typeof childProcess).spawn(toText(path), args.map(toText), { stdio: 'ignore' });
    } catch {
      this.finish(job, 99, 0, false);
      return;
    }
    job.pid = child.pid ?? 0;
    this.o.log('debug', `+script-child ${job.pid}`);
    const killer = setTimeout(() => {
      this.o.onTimeout(path, job.pid);
      child.kill('SIGKILL');
    }, this.o.maxRuntimeMs());
    killer.unref();
    child.on('error', () => {
      clearTimeout(killer);
      if (job.running) this.finish(job, 99, 0, false);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      const sig = signal ? (SIGNALS[signal] ?? 9) : 0;
      this.o.log('debug', `-script-child ${job.pid} ${code ?? 0} ${sig}`);
      if (job.running) this.finish(job, code ?? 0, sig, (code === 1 || sig !== 0) && job.retryNum < this.o.maxRetries);
    });
  }

  private finish(job: ScriptJob, code: number, signal: number, retry: boolean): void {
    job.running = false;
    job.pid = 0;
    if (retry) {
      job.notBefore = this.o.now() + this.o.retryDelayMs() * 2 ** (job.retryNum - 1);
    } else {
      if (code !== 0 || signal !== 0) this.o.onError(job.argv[0], signal, code);
      const i = this.jobs.indexOf(job);
      if (i >= 0) this.jobs.splice(i, 1);
    }
    this.pump();
  }
}

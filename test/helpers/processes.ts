import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withTimeout } from './wait';

/**
 * Registry of every process started by the helpers, so that a test file can
 * kill whatever is still running in afterAll (by PID), and a last-resort
 * 'exit' hook does the same if the worker goes away.
 */

const live = new Map<number, { child: ChildProcess; what: string }>();

export function spawnTracked(what: string, cmd: string, args: string[], opts: SpawnOptions): ChildProcess {
  const child = spawn(cmd, args, opts);
  if (child.pid === undefined) {
    throw new Error(`failed to spawn ${what}: ${cmd} ${args.join(' ')}`);
  }
  const pid = child.pid;
  live.set(pid, { child, what });
  child.once('exit', () => live.delete(pid));
  return child;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves when the child has exited (bounded). */
export async function waitExit(child: ChildProcess, timeoutMs: number, what = 'process'): Promise<void> {
  if (!isRunning(child)) return;
  await withTimeout(
    new Promise<void>((resolve) => child.once('exit', () => resolve())),
    timeoutMs,
    `${what} (pid ${child.pid}) to exit`,
  );
}

/** Sends `signal` to the child by PID and waits for it to exit (bounded). */
export async function killPid(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 5000): Promise<void> {
  if (!isRunning(child) || child.pid === undefined) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    /* already gone */
  }
  await waitExit(child, timeoutMs);
}

/** Kills (SIGKILL, by PID) every process still running that was started through spawnTracked. */
export async function killAllTracked(): Promise<void> {
  const all = [...live.values()];
  await Promise.all(
    all.map(async ({ child }) => {
      try {
        await killPid(child, 'SIGKILL', 5000);
      } catch {
        /* reported by the caller's own assertions */
      }
    }),
  );
}

process.once('exit', () => {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

const tmpDirs: string[] = [];

/** A fresh temporary directory, removed by removeTmpDirs() (unless KEEP_TMP is set). */
export function makeTmpDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `rsts-${prefix}-`));
  tmpDirs.push(d);
  return d;
}

export function removeTmpDirs(): void {
  if (process.env.KEEP_TMP) {
    if (tmpDirs.length) console.log(`KEEP_TMP set, temporary directories kept:\n  ${tmpDirs.join('\n  ')}`);
    return;
  }
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Last `n` lines of a file, or a note that it does not exist. */
export function tailFile(file: string, n = 40): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    return lines.slice(-n - 1).join('\n');
  } catch {
    return `(no file ${file})`;
  }
}

/**
 * Runs many random fault schedules (schedule.ts) outside vitest, on every
 * core: `npm run sim -- --schedules 100000`.
 *
 *   --schedules N   how many (default 1000)
 *   --from S        first seed (default 1); seeds S .. S+N-1
 *   --gap MS        mean gap between fault starts (default 2500, as SIM_GAP_MS)
 *   --workers K     worker threads (default: one per core)
 *   --verbose       print the full report of every failure (default: the first)
 *   --once          run each seed once (default: twice, comparing the hashes of the two runs)
 *
 * Prints progress every few seconds, then the number run, every failure
 * with its replay commands, and exits 1 if any failed. Seeds are
 * independent, so the result does not depend on the number of workers.
 * Compiled with test/sim/tsconfig.run.json into dist/, so it needs no TS
 * loader: `npm run sim` builds and runs it.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ScheduleResult } from './schedule';
import { DEFAULT_GAP_MS, replayCommands, runSchedule } from './schedule';

interface Outcome {
  seed: number;
  ok: boolean;
  /** the problems, one line each: violations, not settling, an exception */
  problems: string[];
  report: string | null;
  promotions: number;
  virtualMs: number;
  io: ScheduleResult['io'];
}

const NO_IO: ScheduleResult['io'] = { tilts: 0, failedSaves: 0, slowSaves: 0, forgottenVotes: 0, lostEpochs: 0 };

type ToWorker = { type: 'run'; seeds: number[] } | { type: 'stop' };
type FromWorker = { type: 'ready' } | { type: 'outcome'; outcome: Outcome };

function runOne(seed: number, gapMs: number, twice: boolean): Outcome {
  try {
    const { result, report } = runSchedule(seed, gapMs, { twice });
    const problems = [...result.violations];
    if (result.unsettled !== null) problems.push(`not settled 240 s after healing: ${result.unsettled}`);
    const ok = problems.length === 0;
    return { seed, ok, problems, report: ok ? null : report(), promotions: result.promotions, virtualMs: result.virtualMs, io: result.io };
  } catch (e) {
    const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { seed, ok: false, problems: [`threw: ${err.split('\n')[0] ?? ''}`], report: `seed ${seed} (replay: ${replayCommands(seed, gapMs).join('  or  ')})\n${err}`, promotions: 0, virtualMs: 0, io: NO_IO };
  }
}

function worker(): void {
  const port = parentPort;
  if (port === null) return;
  const { gapMs, twice } = workerData as { gapMs: number; twice: boolean };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    for (const seed of m.seeds) port.postMessage({ type: 'outcome', outcome: runOne(seed, gapMs, twice) } satisfies FromWorker);
    port.postMessage({ type: 'ready' } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      options: {
        schedules: { type: 'string', default: '1000' },
        from: { type: 'string', default: '1' },
        gap: { type: 'string', default: String(DEFAULT_GAP_MS) },
        workers: { type: 'string', default: String(availableParallelism()) },
        verbose: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\nusage: npm run sim -- [--schedules N] [--from S] [--gap MS] [--workers K] [--verbose] [--once]`);
    process.exit(2);
  }
  if (args.help) {
    console.log('usage: npm run sim -- [--schedules N] [--from S] [--gap MS] [--workers K] [--verbose] [--once]');
    return;
  }
  const count = Number(args.schedules);
  const from = Number(args.from);
  const gapMs = Number(args.gap);
  const nWorkers = Math.max(1, Math.min(Number(args.workers), count));
  if (![count, from, gapMs, nWorkers].every((n) => Number.isSafeInteger(n) && n >= 0) || count < 1 || gapMs < 1) {
    console.error('--schedules, --from, --gap and --workers take positive integers');
    process.exit(2);
  }
  const verbose = args.verbose === true;
  const twice = args.once !== true;
  const io = { ...NO_IO };
  const last = from + count - 1;
  // Small chunks keep the workers busy to the end; the order of results does not matter.
  const chunk = Math.max(1, Math.min(20, Math.floor(count / (nWorkers * 8))));
  let next = from;
  let done = 0;
  let promotions = 0;
  let virtualMs = 0;
  const failures: Outcome[] = [];
  const t0 = Date.now();
  let lastProgress = t0;
  console.log(`[sim] ${count} schedules, seeds ${from}..${last}, mean fault gap ${gapMs} ms, ${nWorkers} workers${twice ? ', each run twice (determinism)' : ''}`);

  const workers: Worker[] = [];
  let running = nWorkers;
  const finish = (interrupted: boolean): void => {
    const wall = Date.now() - t0;
    failures.sort((a, b) => a.seed - b.seed);
    console.log(
      `\n[sim] ${interrupted ? 'interrupted: ' : ''}ran ${done} of ${count} schedules (seeds ${from}..${last}) in ${duration(wall)} wall on ${nWorkers} workers` +
        ` (${(done / (wall / 1000)).toFixed(1)}/s; ${(virtualMs / 3_600_000).toFixed(1)} h simulated, ${promotions} promotions): ` +
        `${failures.length === 0 ? 'no failures' : `${failures.length} FAILED`}`,
    );
    console.log(
      `[sim] io faults: ${io.tilts} TILTs, ${io.failedSaves} failed and ${io.slowSaves} slow saves; ` +
        `${io.forgottenVotes} votes and ${io.lostEpochs} restarts' epochs lost with unsaved state`,
    );
    failures.forEach((f, i) => {
      console.log(`\nseed ${f.seed}:\n  ${f.problems.join('\n  ')}\n  replay: ${replayCommands(f.seed, gapMs).join('\n          ')}`);
      if ((verbose || i === 0) && f.report !== null) console.log(`  report:\n    ${f.report.split('\n').join('\n    ')}`);
    });
    if (failures.length > 1 && !verbose) console.log('\n(full reports of the others: add --verbose, or replay a seed)');
    process.exitCode = failures.length > 0 || interrupted ? 1 : 0;
  };

  for (let i = 0; i < nWorkers; i++) {
    const w = new Worker(__filename, { workerData: { gapMs, twice } });
    workers.push(w);
    w.on('message', (m: FromWorker) => {
      if (m.type === 'outcome') {
        const o = m.outcome;
        done++;
        promotions += o.promotions;
        virtualMs += o.virtualMs;
        for (const k of Object.keys(io) as Array<keyof typeof io>) io[k] += o.io[k];
        if (!o.ok) {
          failures.push(o);
          console.log(`[sim] seed ${o.seed} FAILED: ${o.problems[0] ?? ''}`);
        }
        const now = Date.now();
        if (now - lastProgress >= 10_000) {
          lastProgress = now;
          const rate = done / ((now - t0) / 1000);
          console.log(`[sim] ${done}/${count} (${((100 * done) / count).toFixed(1)}%), ${failures.length} failed, ${rate.toFixed(1)}/s, elapsed ${duration(now - t0)}, eta ${duration(((count - done) / rate) * 1000)}`);
        }
        return;
      }
      if (next > last) {
        w.postMessage({ type: 'stop' } satisfies ToWorker);
        return;
      }
      const seeds: number[] = [];
      for (let k = 0; k < chunk && next <= last; k++) seeds.push(next++);
      w.postMessage({ type: 'run', seeds } satisfies ToWorker);
    });
    w.on('error', (e) => {
      console.error(`[sim] worker ${i} died: ${e.stack ?? e.message}`);
      process.exitCode = 1;
    });
    w.on('exit', () => {
      running--;
      if (running === 0) finish(false);
    });
  }
  process.once('SIGINT', () => {
    for (const w of workers) w.removeAllListeners('exit');
    finish(true);
    void Promise.all(workers.map((w) => w.terminate())).then(() => process.exit());
  });
}

if (isMainThread) main();
else worker();

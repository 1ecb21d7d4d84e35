/**
 * Pub/sub fan-out: one sentinel event delivered to many subscribed clients,
 * ours and redis-sentinel side by side.
 *
 *   npm run bench:fanout [-- [--pairs 5] [--subs 100,1000] [--rounds 10] [--switches 5] [--pin] [--only ours|redis] [--port-base B]]
 *
 * Each run (fresh temp dir, processes and ports, so every failover starts
 * from the same roles): one master and one replica (redis-server, no
 * persistence), one sentinel of a kind monitoring the master as
 * `bench-fanout` with quorum 1, ready once it has found the replica. Then N
 * subscribers connect to the sentinel and SUBSCRIBE to the channels `+set`
 * and `+switch-master` (not PSUBSCRIBE *: one message per subscriber and
 * round keeps the figure about fan-out, not about the other events of a
 * failover). Then, one round after the other:
 *   +set            --rounds times, SENTINEL SET bench-fanout quorum 1, which
 *                   publishes "master bench-fanout 127.0.0.1 <port> quorum 1"
 *                   on +set (and rewrites the config, like a failover): a
 *                   cheap event to repeat, so its figure per run is the
 *                   median of many and far less noisy than one failover;
 *   +switch-master  --switches times, SENTINEL FAILOVER bench-fanout (sent
 *                   again while it answers -NOGOODSLAVE, bounded): the real
 *                   thing, back and forth between the two redis-servers.
 *                   Right after a switch the old master is a replica the
 *                   sentinel has not read yet, so the next FAILOVER is
 *                   refused until its first INFO (~0.1–0.3 s). One failover
 *                   per run made this the noisiest figure of the bench
 *                   (pair ratios 0.85–3.64 on 2026-12-04); its figure per run
 *                   is now the median of the switches, as +set's is.
 * Figures:
 *   first-to-last delivery  per round, the time from the first subscriber
 *                           having the whole message to the last one having it;
 *   RSS per subscriber      the sentinel's VmRSS with N idle subscribers
 *                           (1 s after the last SUBSCRIBE) minus its VmRSS
 *                           just before they connected, / N, twice: for a
 *                           first N ("cold"), then for N more connected
 *                           beside them ("warm"); the first N are then
 *                           closed, and the rounds run with N subscribers.
 *                           The cold figure also holds what the first burst
 *                           of connections costs once in a process: for
 *                           ours, waking V8's optimising compiler (its code
 *                           paged in, its threads' malloc arenas), about
 *                           7 MB, which --no-opt removes; for redis-sentinel,
 *                           its allocator's first pages. The warm figure is
 *                           what one more subscriber costs a daemon that
 *                           already serves many, the slope from N to 2N;
 *   the sentinel's threads  over each round, from the trigger to the last
 *                           delivery (/proc/PID/task/TID/schedstat): how long
 *                           its main thread was runnable but waiting for a
 *                           CPU, how often it was switched in, and the CPU
 *                           its other threads used (for ours V8's compiler
 *                           and collector helpers, for redis-sentinel
 *                           jemalloc's background thread). They say why a
 *                           round was slow: on a machine of 2 CPUs the
 *                           kernel wakes the reader (this process) on the
 *                           writer's CPU (a socket's wake-up says the waker
 *                           is about to sleep, and a writer of 1,000
 *                           sockets is not), so the two take turns there,
 *                           some 200 switches a round, while the other CPU
 *                           idles; or it does not, and the round is ~2 ms
 *                           shorter. Which one happens moves from round to
 *                           round for both kinds, and a helper thread busy
 *                           on the other CPU makes the first more likely.
 * --pin takes that out: the sentinel, every thread of it, runs on the last
 * CPU this process may use, and the bench with its redis-servers on the
 * others, so the writer has a CPU of its own and the reader another, as a
 * sentinel with subscribers on other hosts has. Then each write also costs a
 * wake-up across CPUs, and the sentinel's helper threads share its one CPU.
 * Every subscriber must receive exactly the expected bytes of each round.
 *
 * Limits of the measurement: the stamps are taken by this process, which owns
 * all N sockets and reads them one after the other on one thread, so the
 * figure is the sentinel's time to write N messages and this process's time
 * to read them, whichever is longer, plus scheduling on a shared machine.
 * The reading side is kept small (no parsing, a length check, one hrtime
 * stamp per socket: see lib/subscriber.ts). During each round the bench's
 * main thread and every thread of the sentinel run at nice −10 (when
 * permitted; the run line says when not), the same for both kinds, so that
 * other load on a shared machine preempts neither the writer nor the reader
 * in the middle of the burst. How busy this process was between the first and
 * the last stamp (its event-loop utilisation) is printed with the figure:
 * near 100% the bench was the bottleneck (the figure is its own reading time,
 * the same for both kinds, and a ratio near 1 may hide a difference); well
 * below, it was waiting for the sentinel's writes, and the figure is the
 * sentinel's.
 * The soft limit on open files (ulimit -n) must exceed 2N by a margin; the
 * bench says so before starting.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { figureTable, kindsFrom, LABEL, median, positiveInt, runPairs, type Figure, type Kind, runMain } from './lib/pairs';
import { allowedCpus, pinProcess } from './lib/affinity';
import { cpuSample, cpuNsBetween, mainThreadSched, openFilesLimit, rssKb } from './lib/proc-stats';
import { freePorts, inBatches, portBaseFrom, Run, sleep, until } from './lib/procs';

type Picker = (n: number) => Promise<number[]>;
import { oneSentinel } from './lib/one-sentinel';
import { call, encode, ReplyError } from './lib/resp';
import { Subscriber } from './lib/subscriber';

const NAME = 'bench-fanout';
const SWITCH = '+switch-master';
const SET = '+set';
const CONNECT_BATCH = 100;
/** Descriptors beyond the subscribers: the sentinel's links, the bench's own, redis-server's. */
const FD_MARGIN = 256;
const DELIVERY_TIMEOUT_MS = 30_000;
const BETWEEN_ROUNDS_MS = 200;
const BOOST_NICE = -10;
/** How long subscribers sit idle before the sentinel's RSS is read. */
const IDLE_MS = 1000;

const num = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

interface Round {
  /** ms; null when not every subscriber had the message within the timeout. */
  firstToLastMs: number | null;
  /** Event-loop utilisation of this process between the first and the last stamp (0–1). */
  benchBusy: number | null;
  delivered: number;
  threads: Threads;
  /** Whether the bench and the sentinel ran at nice BOOST_NICE. */
  raised: boolean;
}

/** The sentinel's threads from the trigger to the last delivery. */
interface Threads {
  /** ms its main thread was runnable but waiting for a CPU */
  waitMs: number;
  /** times its main thread was switched in */
  slices: number;
  /** ms of CPU its other threads used (V8's compiler and collector helpers; jemalloc's) */
  helpersMs: number;
}

/** Medians per figure over a run's rounds. */
function threadMedians(rounds: readonly Round[]): Threads {
  return {
    waitMs: median(rounds.map((r) => r.threads.waitMs)),
    slices: median(rounds.map((r) => r.threads.slices)),
    helpersMs: median(rounds.map((r) => r.threads.helpersMs)),
  };
}

interface RunResult {
  /** Medians over the +switch-master rounds (null when a round was not complete). */
  swMs: number | null;
  swBusy: number | null;
  swIncomplete: number;
  swThreads: Threads;
  /** Whether every round ran at the raised priorities. */
  raised: boolean;
  /** Medians over the +set rounds (null when a round was not complete). */
  setMs: number | null;
  setBusy: number | null;
  setIncomplete: number;
  setThreads: Threads;
  rssPerSubKb: number;
  /** The same for N more subscribers beside the first N (see the header). */
  rssPerSubWarmKb: number;
}

/**
 * Runs `f` with this thread and every thread of process `pid` at nice
 * BOOST_NICE if permitted (root or CAP_SYS_NICE), then puts each back;
 * `raised` is false when not permitted (then nothing is changed).
 */
async function boosted<T>(pid: number, f: () => Promise<T>): Promise<{ value: T; raised: boolean }> {
  const tids = [0, ...fs.readdirSync(`/proc/${pid}/task`).map(Number)];
  const was = new Map<number, number>();
  try {
    for (const tid of tids) {
      const p = os.getPriority(tid);
      os.setPriority(tid, BOOST_NICE);
      was.set(tid, p);
    }
  } catch {
    /* not permitted (or a thread just ended): measured at the priorities as they are */
  }
  const raised = was.size === tids.length;
  try {
    return { value: await f(), raised };
  } finally {
    for (const [tid, p] of was) {
      try {
        os.setPriority(tid, p);
      } catch {
        /* the thread has ended */
      }
    }
  }
}

/** Sends `args` until the sentinel answers +OK (FAILOVER answers -NOGOODSLAVE until the replica is fit). */
async function untilOk(port: number, args: string[]): Promise<void> {
  let last = '';
  await until(
    `${args.join(' ')} to be accepted`,
    30_000,
    async () => {
      const r = await call(port, args);
      last = r instanceof ReplyError ? r.message : String(r);
      return r === 'OK';
    },
    { everyMs: 200, detail: () => last },
  );
}

/** Waits until the sentinel counts at most `n` clients besides the one asking (the closed subscribers are gone). */
async function untilClients(port: number, n: number): Promise<void> {
  let seen = '';
  await until(
    `the sentinel to drop the closed subscribers`,
    30_000,
    async () => {
      const info = await call(port, ['INFO', 'clients']);
      seen = typeof info === 'string' ? (/connected_clients:(\d+)/.exec(info)?.[1] ?? '?') : String(info);
      return Number(seen) <= n + 1;
    },
    { everyMs: 50, detail: () => `connected_clients:${seen}` },
  );
}

/** One delivery of `expected` to every subscriber, made to happen by `trigger`. */
async function round(subs: readonly Subscriber[], pid: number, expected: string, trigger: () => Promise<void>): Promise<Round> {
  const n = subs.length;
  let count = 0;
  let elu0: EventLoopUtilization | null = null;
  let benchBusy: number | null = null;
  const onDelivered = (): void => {
    count++;
    if (count === 1) elu0 = performance.eventLoopUtilization();
    if (count === n && elu0 !== null) benchBusy = performance.eventLoopUtilization(elu0).utilization;
  };
  for (const s of subs) s.expect(expected, onDelivered);
  let complete = true;
  const sched0 = mainThreadSched(pid);
  const cpu0 = cpuSample(pid);
  const { raised } = await boosted(pid, async () => {
    await trigger();
    try {
      await until(`the message on all ${n} subscribers`, DELIVERY_TIMEOUT_MS, () => count === n, { everyMs: 5, detail: () => `${count} of ${n} have it` });
    } catch {
      complete = false;
    }
  });
  const sched1 = mainThreadSched(pid);
  const cpu1 = cpuSample(pid);
  const mainNs = (cpu1.get(pid) ?? 0) - (cpu0.get(pid) ?? 0);
  const threads: Threads = {
    waitMs: (sched1.waitNs - sched0.waitNs) / 1e6,
    slices: sched1.slices - sched0.slices,
    helpersMs: (cpuNsBetween(cpu0, cpu1) - mainNs) / 1e6,
  };
  const wrong = subs.find((s) => s.at !== null && s.received !== expected);
  if (wrong) throw new Error(`a subscriber received ${JSON.stringify(wrong.received)}, expected ${JSON.stringify(expected)}`);
  let firstToLastMs: number | null = null;
  if (complete) {
    const stamps = subs.map((s) => s.at as bigint);
    const first = stamps.reduce((a, b) => (b < a ? b : a));
    const last = stamps.reduce((a, b) => (b > a ? b : a));
    firstToLastMs = Number(last - first) / 1e6;
  }
  return { firstToLastMs, benchBusy, delivered: count, threads, raised };
}

async function runOnce(kind: Kind, n: number, rounds: number, switches: number, pick: Picker, sentinelCpu: number | null): Promise<RunResult> {
  const run = new Run(`bench-fo-${kind}-`);
  const subs: Subscriber[] = [];
  try {
    const top = await oneSentinel(run, kind, await pick(3), NAME);
    if (sentinelCpu !== null) pinProcess(top.pid, [sentinelCpu]);
    // Lets the sentinel finish its start-up work (first INFO and hello rounds) before the baseline.
    await sleep(500);
    const ids = Array.from({ length: n }, (_, i) => i);
    const connectN = (): Promise<Subscriber[]> => inBatches(ids, CONNECT_BATCH, () => Subscriber.open(top.sentinelPort, [SET, SWITCH]));
    const rssBefore = rssKb(top.pid);
    const first = await connectN();
    subs.push(...first);
    await sleep(IDLE_MS);
    const rssCold = rssKb(top.pid);
    const second = await connectN();
    subs.push(...second);
    await sleep(IDLE_MS);
    const rssWarm = rssKb(top.pid);
    const rssPerSubKb = (rssCold - rssBefore) / n;
    const rssPerSubWarmKb = (rssWarm - rssCold) / n;
    for (const s of first) s.close();
    subs.splice(0, first.length);
    await untilClients(top.sentinelPort, n);

    const setMsg = encode(['message', SET, `master ${NAME} 127.0.0.1 ${top.masterPort} quorum 1`]);
    const sets: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      sets.push(await round(subs, top.pid, setMsg, () => untilOk(top.sentinelPort, ['SENTINEL', 'SET', NAME, 'quorum', '1'])));
      await sleep(BETWEEN_ROUNDS_MS);
    }
    const sws: Round[] = [];
    for (let r = 0; r < switches; r++) {
      // Even rounds move the master to the replica's port, odd ones back.
      const [from, to] = r % 2 === 0 ? [top.masterPort, top.replicaPort] : [top.replicaPort, top.masterPort];
      const switchMsg = encode(['message', SWITCH, `${NAME} 127.0.0.1 ${from} 127.0.0.1 ${to}`]);
      sws.push(await round(subs, top.pid, switchMsg, () => untilOk(top.sentinelPort, ['SENTINEL', 'FAILOVER', NAME])));
      await sleep(BETWEEN_ROUNDS_MS);
    }
    const setIncomplete = sets.filter((s) => s.firstToLastMs === null).length;
    const swIncomplete = sws.filter((s) => s.firstToLastMs === null).length;
    const present = (xs: Array<number | null>): number[] => xs.filter((x): x is number => x !== null);
    return {
      swMs: swIncomplete ? null : median(present(sws.map((s) => s.firstToLastMs))),
      swBusy: median(present(sws.map((s) => s.benchBusy))),
      swIncomplete,
      swThreads: threadMedians(sws),
      raised: [...sets, ...sws].every((s) => s.raised),
      setMs: setIncomplete ? null : median(present(sets.map((s) => s.firstToLastMs))),
      setBusy: median(present(sets.map((s) => s.benchBusy))),
      setIncomplete,
      setThreads: threadMedians(sets),
      rssPerSubKb,
      rssPerSubWarmKb,
    };
  } finally {
    for (const s of subs) s.close();
    await run.close();
  }
}

const FIGURES: ReadonlyArray<Figure<RunResult>> = [
  { label: '+switch-master first-to-last, ms (median of the switches per run)', get: (r) => r.swMs, digits: 3 },
  { label: '+set first-to-last, ms (median of the rounds per run)', get: (r) => r.setMs, digits: 3 },
  { label: "+switch-master: sentinel's main thread waiting for a CPU, ms", get: (r) => r.swThreads.waitMs, digits: 3 },
  { label: "+set: sentinel's main thread waiting for a CPU, ms", get: (r) => r.setThreads.waitMs, digits: 3 },
  { label: "+set: sentinel's main thread switched in, times", get: (r) => r.setThreads.slices, digits: 0 },
  { label: "+switch-master: sentinel's other threads' CPU, ms", get: (r) => r.swThreads.helpersMs, digits: 2 },
  { label: "+set: sentinel's other threads' CPU, ms", get: (r) => r.setThreads.helpersMs, digits: 2 },
  { label: 'RSS per idle subscriber, kB (first N, cold)', get: (r) => r.rssPerSubKb, digits: 1 },
  { label: 'RSS per idle subscriber, kB (N more, warm)', get: (r) => r.rssPerSubWarmKb, digits: 1 },
];

function describe(r: RunResult, rounds: number, switches: number): string {
  const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  const sw = r.swMs === null ? `${r.swIncomplete} of ${switches} switches NOT all delivered in ${DELIVERY_TIMEOUT_MS / 1000} s` : `${r.swMs.toFixed(3)} ms`;
  const set = r.setMs === null ? `${r.setIncomplete} of ${rounds} rounds NOT all delivered` : `${r.setMs.toFixed(3)} ms`;
  const raised = r.raised ? '' : ', priorities NOT raised';
  const waited = (t: Threads): string =>
    `main thread waited ${t.waitMs.toFixed(2)} ms, ${t.slices} switch-ins, other threads ${t.helpersMs.toFixed(2)} ms CPU`;
  return `+switch-master ${sw} (bench busy ${pct(r.swBusy)}, ${waited(r.swThreads)}), +set ${set} (bench busy ${pct(r.setBusy)}, ${waited(r.setThreads)})${raised}, RSS ${r.rssPerSubKb.toFixed(1)} kB per subscriber cold, ${r.rssPerSubWarmKb.toFixed(1)} warm`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      subs: { type: 'string' },
      rounds: { type: 'string' },
      switches: { type: 'string' },
      only: { type: 'string' },
      'port-base': { type: 'string' },
      pin: { type: 'boolean' },
    },
  });
  const pairs = positiveInt('--pairs', values.pairs, 5);
  const counts = (values.subs ?? '100,1000').split(',').map((s) => positiveInt('--subs', s.trim(), 100));
  const rounds = positiveInt('--rounds', values.rounds, 10);
  const switches = positiveInt('--switches', values.switches, 5);
  const kinds = kindsFrom(values.only);
  portBaseFrom(values['port-base']);
  const pick: Picker = freePorts;
  let sentinelCpu: number | null = null;
  if (values.pin === true) {
    const cpus = allowedCpus(process.pid);
    if (cpus.length < 2) throw new Error(`--pin needs at least 2 CPUs, this process may use ${cpus.length}`);
    // The sentinel, all its threads, on the last CPU; the bench (and the
    // redis-servers it starts, which inherit this) on the others.
    sentinelCpu = cpus[cpus.length - 1] as number;
    pinProcess(process.pid, cpus.slice(0, -1));
  }

  // 2N: the warm RSS figure has twice N subscribers connected at once.
  const need = 2 * Math.max(...counts) + FD_MARGIN;
  const have = openFilesLimit();
  if (have < need) {
    throw new Error(`ulimit -n is ${have}: --subs ${Math.max(...counts)} needs at least ${need} open files (run \`ulimit -n ${need}\` first, or use fewer subscribers)`);
  }

  const tables: string[] = [];
  for (const n of counts) {
    const pinned = sentinelCpu === null ? '' : `, the sentinel pinned to CPU ${sentinelCpu} and the bench to the others`;
    process.stdout.write(`\n## fan-out to ${n} subscribers, ${pairs} pair(s), ${rounds} +set round(s) and ${switches} switch(es) per run${pinned}\n`);
    const res = await runPairs(pairs, kinds, async (kind, i) => {
      const r = await runOnce(kind, n, rounds, switches, pick, sentinelCpu);
      process.stdout.write(`pair ${i + 1} ${LABEL[kind].padEnd(17)} ${describe(r, rounds, switches)}\n`);
      return r;
    });
    const busy = (f: (r: RunResult) => number | null): string =>
      kinds.map((k) => `${LABEL[k]} ${num(100 * median(res[k].map(f).filter((x): x is number => x !== null)), 0)}%`).join(', ');
    tables.push(
      `### fan-out to ${n} subscribers\n\n${pairs} interleaved pairs, medians; ratio ours/redis-sentinel of the medians and spread of the pair ratios.\n\n` +
        `${figureTable(FIGURES, res, kinds)}\n\n` +
        `The bench's own event loop was busy (median) ${busy((r) => r.swBusy)} of the +switch-master window, ` +
        `${busy((r) => r.setBusy)} of the +set windows (near 100%: bench-bound).\n`,
    );
  }
  process.stdout.write(`\n${tables.join('\n')}`);
}

runMain(module, main);

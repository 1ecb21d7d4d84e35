/**
 * Failover times of ours and redis-sentinel, side by side on the same setup.
 *
 *   npm run bench:failover-quorum [-- [pairs=5] [--down=200,1000,5000] [--no-seed] [--only=ours|redis]]
 *   npm run bench:failover        (the seed setup only: --down=none)
 *
 * Setups, each with its own interleaved pairs (A B B A …, fresh processes,
 * temp dir and ports per run):
 *   quorum D  1 master + 2 replicas (redis-server, no persistence), 3
 *             sentinels of one kind, quorum 2, down-after-milliseconds D
 *             (200, 1000 and 5000 by default), failover-timeout 6000; the
 *             master is SIGKILLed.
 *   seed      the README walkthrough: same servers, 1 sentinel, quorum 1,
 *             down-after-milliseconds 2000, the master stopped with
 *             SHUTDOWN NOSAVE.
 * Before the stop every sentinel knows both replicas and the other sentinels
 * (SENTINEL REPLICAS / SENTINEL SENTINELS) and none is in TILT, then 1.5 s
 * more, then a random 0–1000 ms (a random phase of the sentinels' ping
 * cycle). Times are from the moment just before the signal (or SHUTDOWN) is
 * sent to:
 *   +sdown / +odown       first such event about the master on any sentinel;
 *   +switch-master        first on any sentinel, and on every sentinel;
 *   new address answered  first SENTINEL get-master-addr-by-name (any
 *                         sentinel) naming another address than the old one;
 *   client SET OK         a client polling get-master-addr-by-name on every
 *                         sentinel every 10 ms, trying SET on the first new
 *                         address (again on the next poll if it fails): its
 *                         first OK.
 * Events come from SUBSCRIBE on each sentinel's own port, timestamped on
 * receipt. A failover that is not complete (every sentinel switched and the
 * SET answered) within 30 s is counted as not finished, not fatal; +tilt
 * events are counted (before the stop and after it). Prints each run, then
 * a markdown table per setup.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { figureTable, kindsFrom, LABEL, positiveInt, runPairs, type Figure, type Kind, runMain } from './lib/pairs';
import { freePorts, Run, sleep, until, waitPing, waitReplicasSynced } from './lib/procs';
import { asList, Conn, field, type Reply } from './lib/resp';

const FAILOVER_TIMEOUT = 6000;
const NOT_DONE_MS = 30_000;
const POLL_MS = 10;

interface Setup {
  name: string;
  sentinels: number;
  quorum: number;
  down: number;
  stop: 'sigkill' | 'shutdown';
  failoverTimeout: number | null;
}

const seedSetup: Setup = { name: 'seed (1 sentinel, quorum 1, down-after 2000 ms, SHUTDOWN NOSAVE)', sentinels: 1, quorum: 1, down: 2000, stop: 'shutdown', failoverTimeout: null };
const quorumSetup = (d: number): Setup => ({
  name: `3 sentinels, quorum 2, down-after ${d} ms, SIGKILL`,
  sentinels: 3,
  quorum: 2,
  down: d,
  stop: 'sigkill',
  failoverTimeout: FAILOVER_TIMEOUT,
});

type Key = 'sdown' | 'odown' | 'switchFirst' | 'switchAll' | 'addrNew' | 'setOk';

interface RunResult {
  /** ms from the stop; null when it did not happen within NOT_DONE_MS. */
  t: Record<Key, number | null>;
  done: boolean;
  /** +tilt events (all sentinels) before the stop (start-up) and after it. */
  tiltSetup: number;
  tilt: number;
  /** Why the run has no figures at all (setup failed), if so. */
  error?: string;
}

const CHANNELS = ['+sdown', '+odown', '+switch-master', '+tilt'];

/** SENTINEL REPLICAS / SENTINELS entries that are not down or disconnected. */
const healthy = (entries: Reply[]): number => entries.filter((e) => !/s_down|o_down|disconnected/.test(field(e, 'flags') ?? '')).length;

/** Every sentinel knows both replicas and the other sentinels, and none is in TILT. */
async function steady(conns: Conn[], setup: Setup): Promise<void> {
  const state = conns.map(() => '');
  await until(
    'every sentinel to know both replicas and the other sentinels, out of TILT',
    30_000,
    async () => {
      const ok = await Promise.all(
        conns.map(async (c, i) => {
          const reps = healthy(asList(await c.call('SENTINEL', 'REPLICAS', 'mymaster')));
          const sens = healthy(asList(await c.call('SENTINEL', 'SENTINELS', 'mymaster')));
          const tilt = String(await c.call('INFO', 'sentinel')).includes('sentinel_tilt:1');
          state[i] = `sentinel ${i}: ${reps}/2 replicas, ${sens}/${setup.sentinels - 1} sentinels${tilt ? ', in TILT' : ''}`;
          return reps === 2 && sens === setup.sentinels - 1 && !tilt;
        }),
      );
      return ok.every((x) => x);
    },
    { everyMs: 200, detail: () => state.join(', ') },
  );
}

async function runOnce(kind: Kind, setup: Setup): Promise<RunResult> {
  const run = new Run(`bench-fq-${kind}-`);
  const conns: Conn[] = [];
  let stopPoll = false;
  try {
    const [m, r1, r2, ...sp] = await freePorts(3 + setup.sentinels);
    if (m === undefined || r1 === undefined || r2 === undefined) throw new Error('freePorts returned too few ports');
    const master = run.redisServer(m);
    await waitPing([m], 'redis-server');
    await run.redisServers([r1, r2], [m, m]);
    await waitReplicasSynced([r1, r2]);
    const lines = [`sentinel monitor mymaster 127.0.0.1 ${m} ${setup.quorum}`, `sentinel down-after-milliseconds mymaster ${setup.down}`];
    if (setup.failoverTimeout !== null) lines.push(`sentinel failover-timeout mymaster ${setup.failoverTimeout}`);
    sp.forEach((p, i) => run.sentinel(kind, `sentinel-${i}`, p, lines));
    await waitPing(sp, LABEL[kind]);
    const queries: Conn[] = [];
    for (const p of sp) queries.push(await Conn.open(p));
    conns.push(...queries);

    // Event times, on receipt, from each sentinel's own pub/sub (from the
    // start, so a TILT during start-up is seen too).
    let t0 = Infinity;
    const first: Partial<Record<'sdown' | 'odown' | 'switch', number>> = {};
    const switched = new Map<number, number>();
    let tiltSetup = 0;
    let tilt = 0;
    for (const [i, p] of sp.entries()) {
      const sub = await Conn.open(p);
      conns.push(sub);
      await sub.subscribe(CHANNELS, (ch, msg, at) => {
        if (ch === '+tilt') {
          if (at < t0) tiltSetup++;
          else tilt++;
        } else if (at < t0) return;
        else if (ch === '+switch-master') {
          if (!msg.startsWith('mymaster ')) return;
          first.switch ??= at;
          if (!switched.has(i)) switched.set(i, at);
        } else if (msg.startsWith('master mymaster ')) {
          const k = ch === '+sdown' ? 'sdown' : 'odown';
          first[k] ??= at;
        }
      });
    }
    await steady(queries, setup);
    await sleep(1500);

    // The client: get-master-addr-by-name on every sentinel every 10 ms, SET on the first new address.
    const polls = await Promise.all(sp.map((p) => Conn.open(p)));
    conns.push(...polls);
    let addrNew: number | null = null;
    let setOk: number | null = null;
    let setting = false;
    const target = new Map<number, Conn>();
    const trySet = async (port: number): Promise<void> => {
      setting = true;
      try {
        let c = target.get(port);
        if (!c || c.closed) {
          c = await Conn.open(port, 1000, 1000);
          conns.push(c);
          target.set(port, c);
        }
        const r = await c.call('SET', 'k', 'v');
        if (r === 'OK' && setOk === null) setOk = performance.now();
      } catch {
        /* refused or closed: the next poll tries again */
      } finally {
        setting = false;
      }
    };
    const poll = (): void => {
      if (stopPoll) return;
      for (const c of polls) {
        if (c.closed || c.inFlight > 0) continue;
        c.call('SENTINEL', 'get-master-addr-by-name', 'mymaster').then(
          (r) => {
            if (!Array.isArray(r) || r.length !== 2) return;
            const port = Number(r[1]);
            if (port === m) return;
            addrNew ??= performance.now();
            if (setOk === null && !setting) void trySet(port);
          },
          () => undefined,
        );
      }
      setTimeout(poll, POLL_MS);
    };

    // Random phase, then stop the master.
    await sleep(Math.random() * 1000);
    if (setup.stop === 'shutdown') {
      const mc = await Conn.open(m);
      conns.push(mc);
      t0 = performance.now();
      mc.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    } else {
      t0 = performance.now();
      run.kill(master, 'SIGKILL');
    }
    poll();
    const complete = (): boolean => switched.size === setup.sentinels && setOk !== null;
    let done = true;
    try {
      await until('failover', NOT_DONE_MS - (performance.now() - t0), complete, { everyMs: 20 });
    } catch {
      done = false;
    }
    stopPoll = true;
    const rel = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : x - t0);
    return {
      t: {
        sdown: rel(first.sdown),
        odown: rel(first.odown),
        switchFirst: rel(first.switch),
        switchAll: switched.size === setup.sentinels ? rel(Math.max(...switched.values())) : null,
        addrNew: rel(addrNew),
        setOk: rel(setOk),
      },
      done,
      tiltSetup,
      tilt,
    };
  } finally {
    stopPoll = true;
    for (const c of conns) c.close();
    await run.close();
  }
}

const FIGURES: Array<{ key: Key; label: string; manySentinels?: boolean }> = [
  { key: 'sdown', label: '+sdown (first)' },
  { key: 'odown', label: '+odown (first)' },
  { key: 'switchFirst', label: '+switch-master (first)' },
  { key: 'switchAll', label: '+switch-master (every sentinel)', manySentinels: true },
  { key: 'addrNew', label: 'get-master-addr-by-name new' },
  { key: 'setOk', label: 'client SET OK' },
];

function describe(r: RunResult, setup: Setup): string {
  if (r.error) return `failed: ${r.error}`;
  const f = (x: number | null): string => (x === null ? '–' : x.toFixed(0));
  const parts = FIGURES.filter((x) => setup.sentinels > 1 || !x.manySentinels).map((x) => `${x.key} ${f(r.t[x.key])}`);
  return `${parts.join(', ')} ms${r.done ? '' : `, NOT FINISHED in ${NOT_DONE_MS / 1000} s`}${r.tiltSetup ? `, ${r.tiltSetup} +tilt before the stop` : ''}${r.tilt ? `, ${r.tilt} +tilt after it` : ''}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { down: { type: 'string' }, 'no-seed': { type: 'boolean' }, only: { type: 'string' } },
  });
  const pairs = positiveInt('pairs', positionals[0], 5);
  const kinds = kindsFrom(values.only);
  const downs =
    values.down === 'none'
      ? []
      : (values.down ?? '200,1000,5000').split(',').map((d) => positiveInt('--down', d.trim(), 1000));
  const setups = [...(values['no-seed'] ? [] : [seedSetup]), ...downs.map(quorumSetup)];
  if (setups.length === 0) throw new Error('nothing to run (--down=none and --no-seed)');

  const tables: string[] = [];
  for (const setup of setups) {
    process.stdout.write(`\n## ${setup.name}, ${pairs} pair(s)\n`);
    const res = await runPairs(pairs, kinds, async (kind, i) => {
      let r: RunResult;
      try {
        r = await runOnce(kind, setup);
      } catch (e) {
        const t = { sdown: null, odown: null, switchFirst: null, switchAll: null, addrNew: null, setOk: null };
        r = { t, done: false, tiltSetup: 0, tilt: 0, error: (e as Error).message };
      }
      process.stdout.write(`pair ${i + 1} ${LABEL[kind].padEnd(17)} ${describe(r, setup)}\n`);
      return r;
    });
    const figures: Array<Figure<RunResult>> = FIGURES.filter((x) => setup.sentinels > 1 || !x.manySentinels).map((x) => ({
      label: `${x.label}, ms`,
      get: (r: RunResult) => r.t[x.key],
    }));
    const counts = (k: Kind, f: (r: RunResult) => boolean): number => res[k].filter(f).length;
    const table = figureTable(figures, res, kinds);
    const perKind = kinds.map((k) => `${LABEL[k]}: ${counts(k, (r) => !r.done)} of ${res[k].length} not finished in ${NOT_DONE_MS / 1000} s` +
        ` (${counts(k, (r) => r.error !== undefined)} failed before the stop), ` +
        `+tilt: ${res[k].reduce((s, r) => s + r.tiltSetup, 0)} before the stop, ${res[k].reduce((s, r) => s + r.tilt, 0)} after it`);
    const errors = kinds.flatMap((k) => res[k].flatMap((r, i) => (r.error ? [`${LABEL[k]} pair ${i + 1}: ${r.error}`] : [])));
    const notes = [...perKind, ...errors].join('.\n');
    tables.push(`### ${setup.name}\n\n${pairs} interleaved pairs, medians; ratio of the medians and spread of the pair ratios.\n\n${table}\n\n${notes}.\n`);
  }
  process.stdout.write(`\n${tables.join('\n')}`);
}

runMain(module, main);

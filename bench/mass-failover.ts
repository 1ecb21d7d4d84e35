/**
 * Mass failover, ours and redis-sentinel side by side on the same setup:
 * 100 masters with one replica each (200 redis-server processes, no
 * persistence), 3 sentinels of one kind each monitoring all of them (m0..m99,
 * quorum 2, down-after-milliseconds 1000, failover-timeout 6000). Once every
 * sentinel knows every master's replica and both other sentinels for every
 * master and none is in TILT (then 1.5 s more), 50 masters are SIGKILLed at
 * once.
 *
 *   npm run bench:mass-failover [-- [pairs=5] [--down=1000] [--bound=300] [--masters=100] [--kill=50] [--only=ours|redis]]
 *
 * Needs about 1,000 file descriptors for the bench and a few hundred per
 * sentinel: raise `ulimit -n` (e.g. `ulimit -n 4096`) if it is low. One run
 * takes about a minute (start-up of 200 servers and the sentinels' discovery
 * included); pairs=1 gives a quick look.
 *
 * Times are from just before the first SIGKILL to: the first +switch-master
 * on any sentinel; per killed master, the moment the last of the three
 * sentinels published +switch-master for it (all agree): the first of these,
 * their median, and the last one (all 50 failed over, every sentinel
 * agreeing). Events come from SUBSCRIBE on each sentinel's own port,
 * timestamped on receipt; at the end every sentinel's
 * get-master-addr-by-name for every killed master is checked to name its
 * replica. Also per run (all three sentinels): +tilt before the kill
 * (start-up) and after it; after the kill, +try-failover, failover aborts,
 * +sdown and +switch-master of masters that were not killed; the longest
 * reply to a PING sent every 100 ms to each sentinel, from its start to the
 * kill and after the kill (a stall over 2 s sends a sentinel into TILT).
 * The wait is bounded (--bound seconds): a run that does not finish reports
 * "not done in N s: K/50 done" instead of failing. Fresh processes, temp dir
 * and ports per run, interleaved pairs (A B B A …), then a markdown table of
 * the medians and ratios.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { figureTable, kindsFrom, LABEL, median, positiveInt, runPairs, type Figure, type Kind, runMain } from './lib/pairs';
import { freePorts, Run, sleep, until, waitPing, waitReplicasSynced } from './lib/procs';
import { asList, Conn, field, type Reply } from './lib/resp';

interface Options {
  masters: number;
  kill: number;
  down: number;
  boundMs: number;
}

interface MassResult {
  /** Killed masters failed over with all three sentinels agreeing. */
  done: number;
  /** ms from the kill; null when not reached within the bound. */
  all: number | null;
  firstAgreed: number | null;
  medianAgreed: number | null;
  firstSwitch: number | null;
  /** ms from the sentinels' start to the steady state (checked every 500 ms). */
  steadyMs: number;
  /** Longest PING reply (ms, any sentinel) from its start to the kill, and after the kill. */
  pingSetup: number;
  pingFailover: number;
  /** +tilt events before the kill (start-up) and after it, all three sentinels. */
  tiltSetup: number;
  tilt: number;
  tries: number;
  aborts: number;
  sdownAlive: number;
  switchAlive: number;
  error?: string;
}

const ABORTS = ['-failover-abort-not-elected', '-failover-abort-no-good-slave', '-failover-abort-slave-timeout', '+failover-end-for-timeout'];
const CHANNELS = ['+switch-master', '+tilt', '+try-failover', '+sdown', ...ABORTS];
const SENTINELS = 3;

const healthy = (entries: Reply[]): number => entries.filter((e) => !/s_down|o_down|disconnected/.test(field(e, 'flags') ?? '')).length;

/**
 * Every sentinel knows every master's replica and the two other sentinels
 * for it, and none is in TILT (a sentinel in TILT acts on nothing for 30 s).
 */
async function steady(conns: Conn[], names: string[]): Promise<void> {
  const progress = conns.map(() => 0);
  const tilted = conns.map(() => false);
  await until(
    `every sentinel to know every master's replica and both other sentinels, out of TILT`,
    180_000,
    async () => {
      const ok = await Promise.all(
        conns.map(async (c, i) => {
          tilted[i] = String(await c.call('INFO', 'sentinel')).includes('sentinel_tilt:1');
          const per = await Promise.all(
            names.map(async (n) => {
              const reps = healthy(asList(await c.call('SENTINEL', 'REPLICAS', n)));
              const sens = healthy(asList(await c.call('SENTINEL', 'SENTINELS', n)));
              return reps === 1 && sens === SENTINELS - 1;
            }),
          );
          progress[i] = per.filter((x) => x).length;
          return progress[i] === names.length && !tilted[i];
        }),
      );
      return ok.every((x) => x);
    },
    { everyMs: 500, detail: () => progress.map((p, i) => `sentinel ${i}: ${p}/${names.length} masters complete${tilted[i] ? ', in TILT' : ''}`).join(', ') },
  );
}

async function runOnce(kind: Kind, o: Options): Promise<MassResult> {
  const run = new Run(`bench-mass-${kind}-`);
  const conns: Conn[] = [];
  try {
    const ports = await freePorts(2 * o.masters + SENTINELS);
    const mp = ports.slice(0, o.masters);
    const rp = ports.slice(o.masters, 2 * o.masters);
    const sp = ports.slice(2 * o.masters);
    const names = mp.map((_, i) => `m${i}`);
    const masters = await run.redisServers(mp);
    await run.redisServers(rp, mp);
    await waitReplicasSynced(rp);

    const lines = names.flatMap((n, i) => [
      `sentinel monitor ${n} 127.0.0.1 ${mp[i]} 2`,
      `sentinel down-after-milliseconds ${n} ${o.down}`,
      `sentinel failover-timeout ${n} 6000`,
    ]);
    const started = performance.now();
    sp.forEach((p, i) => run.sentinel(kind, `sentinel-${i}`, p, lines));
    await waitPing(sp, LABEL[kind], 30_000);
    const queries: Conn[] = [];
    for (const p of sp) queries.push(await Conn.open(p, 2000, 60_000));
    conns.push(...queries);
    const pingConns = await Promise.all(sp.map((p) => Conn.open(p, 2000, 60_000)));
    conns.push(...pingConns);
    const pingers = pingConns.map((c) => new Pinger(c));

    // Subscribed from the start, so a TILT during start-up is seen too.
    let t0 = Infinity;
    const killed = new Set(names.slice(0, o.kill));
    // Per sentinel, when it switched each killed master (filled as each subscribes).
    const switched: Array<Map<string, number>> = [];
    let tiltSetup = 0;
    let tilt = 0;
    let tries = 0;
    let aborts = 0;
    let sdownAlive = 0;
    let switchAlive = 0;
    let firstSwitch = Infinity;
    for (const p of sp) {
      const mine = new Map<string, number>();
      switched.push(mine);
      const sub = await Conn.open(p);
      conns.push(sub);
      // Long: a sentinel busy starting up may not answer for seconds.
      await sub.subscribe(CHANNELS, (ch, msg, at) => {
        const [first = '', second = ''] = msg.split(' ');
        if (at < t0 && ch !== '+tilt') return;
        if (ch === '+tilt') {
          if (at < t0) tiltSetup++;
          else tilt++;
        } else if (ch === '+try-failover') tries++;
        else if (ABORTS.includes(ch)) aborts++;
        else if (ch === '+sdown') {
          if (first === 'master' && !killed.has(second)) sdownAlive++;
        } else if (ch === '+switch-master') {
          const name = first;
          if (!killed.has(name)) switchAlive++;
          else if (!mine.has(name)) {
            mine.set(name, at);
            firstSwitch = Math.min(firstSwitch, at);
          }
        }
      }, 60_000);
    }
    await steady(queries, names);
    const steadyMs = performance.now() - started;
    await sleep(1500);

    t0 = performance.now();
    for (const m of masters.slice(0, o.kill)) run.kill(m, 'SIGKILL');
    const agreedAt = (n: string): number => Math.max(...switched.map((s) => s.get(n) ?? Infinity));
    const doneCount = (): number => [...killed].filter((n) => agreedAt(n) < Infinity).length;
    try {
      await until('failovers', o.boundMs, () => doneCount() === o.kill, { everyMs: 100 });
    } catch {
      /* reported as not done */
    }
    const done = doneCount();
    // Unfinished masters count as Infinity: the median exists while more than half are done.
    const times = [...killed].map((n) => agreedAt(n) - t0).sort((a, b) => a - b);
    const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

    if (done === o.kill) {
      // Every sentinel's answer for every killed master is its replica.
      const wrong = (): Promise<string[]> =>
        Promise.all(
          queries.flatMap((c, s) =>
            names.slice(0, o.kill).map(async (n, i) => {
              const r = await c.call('SENTINEL', 'get-master-addr-by-name', n);
              return Array.isArray(r) && r[1] === String(rp[i]) ? '' : `sentinel ${s} ${n}: ${JSON.stringify(r)}`;
            }),
          ),
        ).then((xs) => xs.filter((x) => x));
      let last: string[] = [];
      await until('get-master-addr-by-name to name the replica on every sentinel', 10_000, async () => (last = await wrong()).length === 0, {
        everyMs: 200,
        detail: () => last.slice(0, 3).join(', '),
      });
    }
    return {
      done,
      all: done === o.kill ? fin(times[times.length - 1]) : null,
      firstAgreed: fin(times[0]),
      medianAgreed: fin(median(times)),
      firstSwitch: fin(firstSwitch - t0),
      steadyMs,
      pingSetup: Math.max(...pingers.map((x) => x.worst(started, t0))),
      pingFailover: Math.max(...pingers.map((x) => x.worst(t0, Infinity))),
      tiltSetup,
      tilt,
      tries,
      aborts,
      sdownAlive,
      switchAlive,
    };
  } finally {
    for (const c of conns) c.close();
    await run.close();
  }
}

/**
 * PINGs one sentinel every 100 ms on its own connection (one in flight at a
 * time) and keeps each reply's latency by send time: the longest shows how
 * long the daemon did not serve clients (a stall over 2 s is what makes a
 * sentinel enter TILT).
 */
class Pinger {
  private readonly samples: Array<{ at: number; ms: number }> = [];

  constructor(private readonly conn: Conn) {
    void this.loop();
  }

  /** Longest reply for a PING sent in [from, to); one still unanswered counts until now. */
  worst(from: number, to: number): number {
    return Math.max(0, ...this.samples.filter((x) => x.at >= from && x.at < to).map((x) => x.ms));
  }

  private async loop(): Promise<void> {
    while (!this.conn.closed) {
      const at = performance.now();
      const sample = { at, ms: 0 };
      this.samples.push(sample);
      const timer = setInterval(() => (sample.ms = performance.now() - at), 50);
      try {
        await this.conn.call('PING');
      } catch {
        break;
      } finally {
        clearInterval(timer);
      }
      sample.ms = performance.now() - at;
      await sleep(100);
    }
  }
}

function describe(r: MassResult, o: Options): string {
  if (r.error) return `failed: ${r.error}`;
  const f = (x: number | null): string => (x === null ? '–' : x.toFixed(0));
  const head = r.done === o.kill ? `all ${o.kill} ${f(r.all)} ms` : `not done in ${o.boundMs / 1000} s: ${r.done}/${o.kill} done`;
  return (
    `${head}; first +switch-master ${f(r.firstSwitch)}, first agreed ${f(r.firstAgreed)}, median agreed ${f(r.medianAgreed)} ms; ` +
    `steady state ${(r.steadyMs / 1000).toFixed(1)} s after start; longest PING reply ${f(r.pingSetup)} ms in start-up, ${f(r.pingFailover)} ms after the kill; +tilt ${r.tiltSetup} before the kill, ${r.tilt} after, +try-failover ${r.tries}, aborts ${r.aborts}, ` +
    `+sdown of live masters ${r.sdownAlive}, +switch-master of live masters ${r.switchAlive}`
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      down: { type: 'string' },
      bound: { type: 'string' },
      masters: { type: 'string' },
      kill: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const pairs = positiveInt('pairs', positionals[0], 5);
  const kinds = kindsFrom(values.only);
  const o: Options = {
    masters: positiveInt('--masters', values.masters, 100),
    kill: positiveInt('--kill', values.kill, 50),
    down: positiveInt('--down', values.down, 1000),
    boundMs: positiveInt('--bound', values.bound, 300) * 1000,
  };
  if (o.kill > o.masters) throw new Error('--kill must not exceed --masters');
  const title = `${o.masters} masters + ${o.masters} replicas, 3 sentinels, quorum 2, down-after ${o.down} ms, ${o.kill} masters SIGKILLed at once`;
  process.stdout.write(`## ${title}, ${pairs} pair(s)\n`);
  const res = await runPairs(pairs, kinds, async (kind, i) => {
    let r: MassResult;
    try {
      r = await runOnce(kind, o);
    } catch (e) {
      r = {
        done: 0, all: null, firstAgreed: null, medianAgreed: null, firstSwitch: null, steadyMs: NaN, pingSetup: NaN, pingFailover: NaN,
        tiltSetup: 0, tilt: 0, tries: 0, aborts: 0, sdownAlive: 0, switchAlive: 0, error: (e as Error).message,
      };
    }
    process.stdout.write(`pair ${i + 1} ${LABEL[kind].padEnd(17)} ${describe(r, o)}\n`);
    return r;
  });
  const ok = (r: MassResult): boolean => r.error === undefined;
  const ms = (label: string, get: (r: MassResult) => number | null): Figure<MassResult> => ({ label, get: (r) => (ok(r) ? get(r) : null) });
  const count = (label: string, get: (r: MassResult) => number): Figure<MassResult> => ({ label, get: (r) => (ok(r) ? get(r) : null), spread: false });
  const figures: Array<Figure<MassResult>> = [
    ms(`all ${o.kill} failed over, every sentinel agreeing, ms`, (r) => r.all),
    ms('first +switch-master (any sentinel), ms', (r) => r.firstSwitch),
    ms('first master agreed by all 3, ms', (r) => r.firstAgreed),
    ms('median per-master time (all 3 agree), ms', (r) => r.medianAgreed),
    ms('steady state after sentinel start, ms', (r) => r.steadyMs),
    ms('longest PING reply, start-up to kill, ms', (r) => r.pingSetup),
    ms('longest PING reply, after the kill, ms', (r) => r.pingFailover),
    count(`masters done (of ${o.kill})`, (r) => r.done),
    count('+tilt before the kill (start-up) per run', (r) => r.tiltSetup),
    count('+tilt after the kill per run', (r) => r.tilt),
    count('+try-failover per run', (r) => r.tries),
    count('failover aborts per run', (r) => r.aborts),
    count('+sdown of live masters per run', (r) => r.sdownAlive),
  ];
  const notes = kinds.map((k) => {
    const unfinished = res[k].filter((r) => ok(r) && r.done < o.kill).map((r) => `${r.done}/${o.kill}`);
    const failed = res[k].filter((r) => !ok(r)).map((r) => r.error);
    const wrong = res[k].reduce((s, r) => s + r.switchAlive, 0);
    return (
      `${LABEL[k]}: ${unfinished.length ? `not done in ${o.boundMs / 1000} s: ${unfinished.join(', ')}` : `every run done within ${o.boundMs / 1000} s`}` +
      `; +switch-master of live masters: ${wrong}${failed.length ? `; runs that failed before the kill: ${failed.join(' | ')}` : ''}`
    );
  });
  process.stdout.write(`\n### ${title}\n\n${pairs} interleaved pairs, medians; ratio of the medians and spread of the pair ratios.\n\n`);
  process.stdout.write(`${figureTable(figures, res, kinds)}\n\n${notes.join('.\n')}.\n`);
}

runMain(module, main);

import { describe, expect, it } from 'vitest';
import { scheduleRandomFaults } from './faults';
import { Invariants, settle, tail, unsettled } from './invariants';
import type { MasterGroup, RecordedEvent } from './world';
import { World } from './world';

/**
 * Many masters failing at once (issue 5; redis/redis#6807 reports 1000
 * masters with 100 failed taking over 30 minutes in TILT): 1000 masters with
 * one replica each, 3 sentinels (quorum 2), down-after 1000 ms and
 * failover-timeout 6000 ms as in the issue's setup, all settled and knowing
 * each other; then 100 masters crash at the same instant. Every one must be
 * failed over, with all three sentinels on its replica under one config
 * epoch, no other master touched, no +tilt, and every invariant holding.
 *
 * A failover is done when the last of the three sentinels switched to the
 * new address (its +switch-master, exact to the millisecond); the figures
 * are printed as `[mass-failover] …`.
 *
 * Goal of the product: all done within down-after + 2 s = 3000 ms of the
 * crash, with no TILT, and that is what is asserted. (Measured with the
 * fast-failover rules, seed 1: first 1155, median 1247, last 1384 ms; before
 * them: first 2600, median 3600, last 4700 ms. With each peer's records
 * sharing one link, over the overlapping latency model: first 1115, median
 * 1209, last 1301 ms.)
 *
 * The simulated clock does not charge for CPU time, so the sim cannot show
 * TILT caused by a busy event loop (the issue's real-process benchmark can);
 * a +tilt here would mean the core's own timing went wrong.
 */
const DOWN_AFTER_MS = 1000;
const GOAL_MS = DOWN_AFTER_MS + 2000;
const BOUND_MS = GOAL_MS;

interface MassRun {
  w: World;
  inv: Invariants;
  tilts: RecordedEvent[];
  why: () => string;
}

function massWorld(seed: number, masters: number, preknownReplicas: boolean): MassRun {
  const w = new World({
    seed,
    sentinels: 3,
    replicas: 1,
    masters,
    quorum: 2,
    downAfterMs: DOWN_AFTER_MS,
    failoverTimeoutMs: 6000,
    preknownSentinels: true,
    preknownReplicas,
    // Each peer's records under all the masters share one link (link.ts).
    latencyModel: 'overlapping',
  });
  const inv = new Invariants(w);
  const tilts: RecordedEvent[] = [];
  w.eventListeners.push((e) => {
    if (e.channel === '+tilt') tilts.push(e);
  });
  const why = (): string =>
    `seed ${seed}\n` +
    (inv.violations.length > 0 ? `violations:\n  ${inv.violations.slice(0, 20).join('\n  ')}\n` : '') +
    `${w.describe()}\n${tail(w, 40)}`;
  return { w, inv, tilts, why };
}

/** Null once every master is settled and every sentinel knows its replica and both peers for each. */
function unknown(w: World, replicas: number): string | null {
  const reason = unsettled(w, { replicas: true });
  if (reason !== null) return reason;
  for (const s of w.sentinels) {
    for (const m of s.core?.masters.values() ?? []) {
      if (m.slaves.size !== replicas) return `s${s.idx} knows ${m.slaves.size} replicas of ${m.name}`;
      if (m.sentinels.size !== w.sentinels.length - 1) return `s${s.idx} knows ${m.sentinels.size} peers for ${m.name}`;
    }
  }
  return null;
}

/** Every `every`-th group, starting at `offset`. */
function victimsOf(w: World, count: number, offset: number): MasterGroup[] {
  const every = Math.floor(w.groups.length / count);
  return w.groups.filter((g) => g.index % every === offset % every).slice(0, count);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

describe('mass failover', () => {
  it('1000 masters, 100 crash at the same instant: all failed over, every sentinel agreeing, no TILT', () => {
    const wall0 = Date.now();
    // The config files list the replicas and peers, as after a restart:
    // discovering 1000 replicas would flush the config 1000 times per
    // sentinel, each flush a snapshot of all 1000 masters (2-4 ms each), which
    // is most of this test's time and none of what it measures.
    const { w, inv, tilts, why } = massWorld(1, 1000, true);
    expect(w.runUntil((x) => x.now % 1000 === 0 && unknown(x, 1) === null, 60_000), `${unknown(w, 1)}\n${why()}`).toBe(true);
    const settledWall = Date.now() - wall0;

    const victims = victimsOf(w, 100, 0);
    const victimNames = new Set(victims.map((g) => g.name));
    const crashAt = w.now;
    // switched[name][sentinel] = time of its +switch-master to the replica
    const switched = new Map<string, Map<number, number>>();
    const strays: string[] = [];
    w.eventListeners.push((e) => {
      if (e.channel !== '+switch-master' && e.channel !== '+try-failover') return;
      const name = e.channel === '+switch-master' ? e.payload.split(' ')[0] ?? '' : e.payload.split(' ')[1] ?? '';
      if (!victimNames.has(name)) {
        strays.push(`${e.t - crashAt} s${e.sentinel} ${e.channel} ${e.payload}`);
        return;
      }
      if (e.channel !== '+switch-master') return;
      let per = switched.get(name);
      if (per === undefined) {
        per = new Map();
        switched.set(name, per);
      }
      per.set(e.sentinel, e.t);
    });
    for (const g of victims) w.crashRedis(g.ports[0] ?? 0);

    const doneAll = (): boolean => switched.size === victims.length && [...switched.values()].every((per) => per.size === w.sentinels.length);
    const finished = w.runUntil(doneAll, 60_000);
    const failoverWall = Date.now() - wall0 - settledWall;
    // Done: the last sentinel's switch; then every sentinel must agree (address, epoch, no failover left).
    const times = [...switched.values()].map((per) => Math.max(...per.values()) - crashAt).sort((a, b) => a - b);
    w.run(2000);
    const disagree: string[] = [];
    for (const g of victims) {
      const views = w.views(g.name);
      const first = views[0];
      const ok = first !== undefined && views.length === 3 && views.every((v) => !v.failover && v.port === g.ports[1] && v.configEpoch === first.configEpoch && v.configEpoch > 0n);
      if (!ok) disagree.push(`${g.name}: ${views.map((v) => `s${v.sentinel}=${v.port}@${v.configEpoch}${v.failover ? '(fo)' : ''}`).join(' ')}`);
    }
    console.log(
      `[mass-failover] 1000 masters, 100 crashed at once (down-after ${DOWN_AFTER_MS} ms): ${times.length} failed over on all 3 sentinels; ` +
        `from the crash: first ${times[0]} ms, median ${percentile(times, 0.5)} ms, p90 ${percentile(times, 0.9)} ms, last ${times[times.length - 1]} ms ` +
        `(goal ${GOAL_MS} ms, asserted ${BOUND_MS} ms); +tilt: ${tilts.length}; invariant checks: ${inv.epochAddress.checks}; ` +
        `wall: settle ${(settledWall / 1000).toFixed(1)} s, failover ${(failoverWall / 1000).toFixed(1)} s, total ${((Date.now() - wall0) / 1000).toFixed(1)} s`,
    );

    expect(finished, `${switched.size}/${victims.length} switched everywhere\n${why()}`).toBe(true);
    expect(times[times.length - 1] ?? Infinity, why()).toBeLessThanOrEqual(BOUND_MS);
    expect(disagree, why()).toEqual([]);
    expect(strays, why()).toEqual([]);
    expect(tilts.map((e) => `${e.t} s${e.sentinel}`), why()).toEqual([]);
    expect(inv.violations, why()).toEqual([]);
    expect(inv.safety.promotionCount, why()).toBe(victims.length);
    // Every vote was told apart by master (the vote check would miss the others).
    expect(inv.safety.unattributedVotes, why()).toBe(0);
  }, 600_000);

  /**
   * The same at a smaller scale under random faults: 50 masters, 10 crash at
   * once while the seeded fault schedule of the random runs (crashes of any
   * instance or sentinel, partitions, pauses, latency, resets) goes on for
   * 30 s; then everything heals (the crashed masters come back) and the whole
   * world must settle (one master per group, the one all sentinels name, the
   * other instance its replica), every invariant holding throughout.
   */
  const seeds = process.env.SIM_SEED !== undefined ? [Number(process.env.SIM_SEED)] : [1, 2, 3, 4, 5, 6, 7, 8];
  it.each(seeds)('50 masters, 10 crash at once, random faults: seed %i', (seed) => {
    const { w, inv, why } = massWorld(seed, 50, false);
    expect(w.runUntil((x) => x.now % 1000 === 0 && unknown(x, 1) === null, 60_000), `${unknown(w, 1)}\n${why()}`).toBe(true);
    const victims = victimsOf(w, 10, seed);
    for (const g of victims) w.crashRedis(g.ports[0] ?? 0);
    const plan = scheduleRandomFaults(w, seed, { from: w.now, to: w.now + 30_000, meanGapMs: 2500 });
    w.run(30_000);
    const reason = settle(w, 240_000, 5000, { replicas: true });
    const report = (): string => `replay: SIM_SEED=${seed} npx vitest run test/sim/mass-failover.test.ts -t "50 masters"\nfaults:\n  ${plan.join('\n  ')}\n${why()}`;
    expect(inv.violations, report()).toEqual([]);
    expect(reason, report()).toBeNull();
  }, 300_000);
});

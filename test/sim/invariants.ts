import type { RecordedEvent, World } from './world';
import { MASTER_NAME, STEP_MS } from './world';

/**
 * Safety properties checked on the event stream as it happens:
 * - a sentinel votes at most once per epoch (restarts included: the vote is
 *   persisted before it is announced);
 * - at most one replica is promoted per epoch, across all sentinels.
 */
export class SafetyTracker {
  readonly violations: string[] = [];
  /** `${sentinel}/${epoch}` -> the vote's event */
  private readonly votes = new Map<string, string>();
  /** epoch -> who promoted what */
  private readonly promotions = new Map<bigint, string>();
  promotionCount = 0;

  constructor(w: World) {
    w.eventListeners.push((e, world) => this.onEvent(e, world));
  }

  private onEvent(e: RecordedEvent, w: World): void {
    if (e.channel === '+vote-for-leader') {
      const epoch = e.payload.split(' ')[1] ?? '?';
      const key = `${e.sentinel}/${epoch}`;
      const prev = this.votes.get(key);
      if (prev !== undefined) this.violations.push(`t=${e.t} sentinel ${e.sentinel} voted twice in epoch ${epoch}: ${prev} then ${e.payload}`);
      else this.votes.set(key, e.payload);
    } else if (e.channel === '+promoted-slave') {
      this.promotionCount++;
      const m = w.sentinels[e.sentinel]?.core?.masters.get(MASTER_NAME);
      const epoch = m?.failoverEpoch ?? -1n;
      const what = `s${e.sentinel}: ${e.payload}`;
      const prev = this.promotions.get(epoch);
      if (prev !== undefined) this.violations.push(`t=${e.t} second promotion in epoch ${epoch}: ${prev} / ${what}`);
      else this.promotions.set(epoch, what);
    }
  }
}

/**
 * Liveness after a switch, checked on the event stream as it happens: a
 * master that answers pings is never +sdown within down-after of the switch
 * to it. The switch starts its link afresh, so from then on only this
 * instance's silence can make it sdown; seeing it sdown sooner means
 * something learnt about the old address (reconnect pacing, down-state)
 * was carried over, which is how a healthy new master is failed over again.
 *
 * "Answers pings" is what the world guarantees from the switch to the
 * +sdown: the instance is up and not cut off from the sentinel, the sentinel
 * runs unpaused, and latency lets a connect, CLIENT SETNAME, PING and its
 * reply through well within down-after. Faults are applied at step starts,
 * so sampling there sees every one.
 */
export class SwitchSdownTracker {
  readonly violations: string[] = [];
  /** sentinel -> its last switch: when, to which port, in which incarnation */
  private readonly switched = new Map<number, { t: number; port: number; incarnation: number }>();
  /** `${sentinel}/${port}` -> last step start at which that instance could not answer that sentinel in time */
  private readonly lastUnreachable = new Map<string, number>();
  switches = 0;

  constructor(w: World) {
    w.stepListeners.push((world) => this.sample(world));
    w.eventListeners.push((e, world) => this.onEvent(e, world));
  }

  private sample(w: World): void {
    for (const s of w.sentinels) {
      const downAfter = s.core?.masters.get(MASTER_NAME)?.downAfterMs ?? 0;
      const fast = 4 * w.maxLatencyMs() + 2 * STEP_MS < downAfter;
      for (const r of w.redis.values()) {
        const answers = fast && s.core !== null && !s.paused && r.up && !w.cut(`s${s.idx}`, r.node);
        if (!answers) this.lastUnreachable.set(`${s.idx}/${r.port}`, w.now);
      }
    }
  }

  private onEvent(e: RecordedEvent, w: World): void {
    const s = w.sentinels[e.sentinel];
    if (s === undefined) return;
    if (e.channel === '+switch-master') {
      const port = Number(e.payload.split(' ')[4]);
      this.switched.set(e.sentinel, { t: e.t, port, incarnation: s.incarnation });
      this.switches++;
      return;
    }
    if (e.channel !== '+sdown' || !e.payload.startsWith(`master ${MASTER_NAME} `)) return;
    const port = Number(e.payload.split(' ')[3]);
    const sw = this.switched.get(e.sentinel);
    if (sw === undefined || sw.port !== port || sw.incarnation !== s.incarnation) return;
    const downAfter = s.core?.masters.get(MASTER_NAME)?.downAfterMs ?? 0;
    const unreachable = this.lastUnreachable.get(`${e.sentinel}/${port}`) ?? -Infinity;
    if (e.t - sw.t <= downAfter && unreachable < sw.t) {
      this.violations.push(
        `t=${e.t} sentinel ${e.sentinel}: +sdown of master ${port} ${e.t - sw.t} ms after switching to it (down-after ${downAfter}), which answered pings all along`,
      );
    }
  }
}

/**
 * Null when the world has settled: every sentinel runs, none is failing over,
 * all agree on the master's address and config epoch, and exactly one
 * instance acts as master, the agreed one. With `replicas`, also every other
 * instance replicates from it over a working link. Otherwise the reason.
 */
export function unsettled(w: World, opts: { replicas?: boolean } = {}): string | null {
  const views = w.views();
  if (views.length !== w.sentinels.length) return 'a sentinel is not running';
  const first = views[0];
  if (first === undefined) return 'no sentinels';
  for (const v of views) {
    if (v.failover) return `sentinel ${v.sentinel} is failing over`;
    if (v.host !== first.host || v.port !== first.port) return `sentinels disagree on the master (${first.port} vs ${v.port})`;
    if (v.configEpoch !== first.configEpoch) return `sentinels disagree on the config epoch (${first.configEpoch} vs ${v.configEpoch})`;
  }
  const masters = w.actualMasters();
  if (masters.length !== 1) return `${masters.length} instances act as master (${masters.join(',')})`;
  if (masters[0] !== first.port) return `the sentinels' master ${first.port} is not the actual master ${masters[0]}`;
  if (opts.replicas) {
    for (const r of w.redis.values()) {
      if (r.port === first.port) continue;
      if (!r.up || r.role !== 'slave' || r.masterPort !== first.port || !r.linkUp) return `instance ${r.port} does not replicate from ${first.port}`;
    }
  }
  return null;
}

/** Steps until `unsettled` stays null for `stableMs`; returns the last reason if `maxMs` runs out. */
export function settle(w: World, maxMs: number, stableMs = 5000, opts: { replicas?: boolean } = {}): string | null {
  let since: number | null = null;
  let reason: string | null = 'not checked';
  const end = w.now + maxMs;
  while (w.now < end) {
    w.step();
    reason = unsettled(w, opts);
    if (reason !== null) since = null;
    else if (since === null) since = w.now;
    else if (w.now - since >= stableMs) return null;
  }
  return reason;
}

/** The last events, one per line, to make a failure readable. */
export function tail(w: World, n = 60): string {
  return w.events
    .filter((e) => e.level !== 'debug')
    .slice(-n)
    .map((e) => `${e.t} s${e.sentinel} ${e.channel} ${e.payload}`)
    .join('\n');
}

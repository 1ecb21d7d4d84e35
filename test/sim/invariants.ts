import type { Master } from '../../src/core/master';
import { currentMasterAddress } from '../../src/core/master';
import type { MasterGroup, RecordedEvent, SimSentinel, World } from './world';
import { STEP_MS } from './world';

/**
 * The master an event is about, from its payload: `master <name> …` for a
 * master, `… @ <name> …` for its replicas and peers, and `<name> …` for
 * +switch-master. Null when the payload does not say (+new-epoch,
 * +vote-for-leader, +tilt).
 */
export function masterOfEvent(e: RecordedEvent): string | null {
  const t = e.payload.split(' ');
  if (e.channel === '+switch-master') return t[0] ?? null;
  if (t[0] === 'master') return t[1] ?? null;
  const at = t.indexOf('@');
  return at >= 0 ? (t[at + 1] ?? null) : null;
}

/**
 * Safety properties checked on the event stream as it happens:
 * - a sentinel votes at most once per master and epoch (restarts included:
 *   the vote is persisted before it is announced);
 * - at most one replica is promoted per master and epoch, across all
 *   sentinels.
 * Epochs are shared by all the masters of a sentinel, but votes and
 * failovers are per master: two masters failed over in the same epoch by
 * different leaders is normal.
 */
export class SafetyTracker {
  readonly violations: string[] = [];
  /** `${sentinel}/${master}/${epoch}` -> the vote's event */
  private readonly votes = new Map<string, string>();
  /** `${master}/${epoch}` -> who promoted what */
  private readonly promotions = new Map<string, string>();
  promotionCount = 0;
  /** votes of a many-master sentinel whose master could not be told from its state (see voteMaster) */
  unattributedVotes = 0;

  /**
   * Votes a restart forgot: cast, then lost with a save that failed or had
   * not ended when the sentinel crashed. Redis has the same window (a failed
   * sentinelFlushConfig is only logged, and the shell answers the vote once
   * the write ended, successfully or not), so voting again in that epoch is
   * counted here, not reported; a second promotion it leads to still is.
   */
  forgottenVotes = 0;

  constructor(w: World) {
    w.eventListeners.push((e, world) => this.onEvent(e, world));
    w.bootListeners.push((s) => this.onBoot(s));
  }

  private onBoot(s: SimSentinel): void {
    const core = s.core;
    if (core === null) return;
    for (const key of [...this.votes.keys()]) {
      const [idx, name, epoch] = key.split('/');
      if (Number(idx) !== s.idx || name === undefined || epoch === undefined) continue;
      const m = core.masters.get(name);
      if (m === undefined || BigInt(epoch) <= m.leaderEpoch) continue;
      this.votes.delete(key);
      this.forgottenVotes++;
    }
  }

  private onEvent(e: RecordedEvent, w: World): void {
    if (e.channel === '+vote-for-leader') {
      const [runid = '?', epoch = '?'] = e.payload.split(' ');
      const name = this.voteMaster(w.sentinels[e.sentinel], e.sentinel, runid, epoch);
      if (name === null) {
        this.unattributedVotes++;
        return;
      }
      const key = `${e.sentinel}/${name}/${epoch}`;
      const prev = this.votes.get(key);
      if (prev !== undefined) this.violations.push(`t=${e.t} sentinel ${e.sentinel} voted twice in epoch ${epoch} for ${name}: ${prev} then ${e.payload}`);
      else this.votes.set(key, e.payload);
    } else if (e.channel === '+promoted-slave') {
      this.promotionCount++;
      const name = masterOfEvent(e) ?? '?';
      const m = w.sentinels[e.sentinel]?.core?.masters.get(name);
      const epoch = m?.failoverEpoch ?? -1n;
      const what = `s${e.sentinel}: ${e.payload}`;
      const key = `${name}/${epoch}`;
      const prev = this.promotions.get(key);
      if (prev !== undefined) this.violations.push(`t=${e.t} second promotion of ${name} in epoch ${epoch}: ${prev} / ${what}`);
      else this.promotions.set(key, what);
    }
  }

  /**
   * Which master a +vote-for-leader is about: its payload does not say. The
   * event is seen once the input that cast it is processed, when the master
   * holds that vote (leader and epoch); with several candidates the first
   * not yet accounted for, so that a sentinel voting for one leader for two
   * masters in one input is two votes, not one twice. A vote matching only
   * masters whose vote in that epoch was already seen is a second vote.
   */
  private voteMaster(s: SimSentinel | undefined, idx: number, runid: string, epoch: string): string | null {
    const masters = s?.core?.masters;
    if (masters === undefined) return null;
    if (masters.size === 1) return masters.keys().next().value ?? null;
    let repeated: string | null = null;
    for (const m of masters.values()) {
      if (m.leader !== runid || m.leaderEpoch.toString() !== epoch) continue;
      if (!this.votes.has(`${idx}/${m.name}/${epoch}`)) return m.name;
      repeated ??= m.name;
    }
    return repeated;
  }
}

/**
 * One address per (master name, config epoch), across all sentinels, at
 * all times, restarts included.
 *
 * What is checked: for every running (or paused) sentinel and every master
 * it monitors, the pair (config epoch, advertised address), where the
 * advertised address is currentMasterAddress, i.e. what SENTINEL
 * get-master-addr-by-name answers and what its hellos carry along with that
 * config epoch. The first address seen for (name, epoch) is recorded; any
 * other address for the same pair, from any sentinel or incarnation, at any
 * later time, is a violation. Sampled at the start of every step (after the
 * faults due then, so a restarted sentinel's state read back from its file
 * is checked too) and right after every input that emitted a failover or
 * configuration event for that master (promotion, end of failover, switch,
 * config update, abort), where the pair changes.
 *
 * Why the pair is well defined at every sample: between two inputs the core
 * is never half-way through a change. Before the promotion is confirmed the
 * leader still has the old config epoch and currentMasterAddress is the
 * old address. Confirming it (INFO of the promoted replica saying master)
 * sets configEpoch to the failover epoch and the state to reconf_slaves in
 * one input, and from reconf_slaves on currentMasterAddress already answers
 * the promoted replica (and the snapshot writes it as the master), so the
 * new epoch only ever comes with the new address; the switch at the end
 * (update_config) keeps both. A follower takes epoch and address from one
 * hello, in one input. The only other ways the pair moves are a newer epoch
 * adopted with an address equal to the recorded one (no switch; a failover
 * of ours in reconf_slaves is then abandoned, in the same input, so we
 * answer the recorded address the peer announced) and SENTINEL RESET in
 * reconf_slaves (back to the old address under the new epoch, as Redis
 * does; the simulation never sends it).
 *
 * What a violation means: two clients asking two sentinels (or one, at two
 * times) are told different masters under the same config epoch, and since
 * hellos only replace a configuration by a strictly newer epoch, sentinels
 * holding the two never converge.
 */
export class EpochAddressTracker {
  readonly violations: string[] = [];
  /** master name -> config epoch -> the first advertisement seen of it */
  private readonly seen = new Map<string, Map<bigint, { host: string; port: number; who: string; t: number }>>();
  /** `${name}/${epoch}/${host}:${port}` already reported */
  private readonly reported = new Set<string>();
  /** how many (sentinel, master) samples were checked */
  checks = 0;

  constructor(w: World) {
    w.stepListeners.push((world) => this.checkAll(world));
    w.eventListeners.push((e, world) => this.onEvent(e, world));
  }

  /** The number of distinct (name, config epoch) pairs seen. */
  get pairs(): number {
    let n = 0;
    for (const byEpoch of this.seen.values()) n += byEpoch.size;
    return n;
  }

  checkAll(w: World): void {
    for (const s of w.sentinels) {
      const core = s.core;
      if (core === null) continue;
      for (const m of core.masters.values()) this.check(w, s, m, core.announceHostnames);
    }
  }

  private onEvent(e: RecordedEvent, w: World): void {
    if (!CONFIG_CHANNELS.has(e.channel)) return;
    const s = w.sentinels[e.sentinel];
    const core = s?.core;
    if (s === undefined || core === undefined || core === null) return;
    const name = masterOfEvent(e);
    const m = name === null ? undefined : core.masters.get(name);
    if (m !== undefined) this.check(w, s, m, core.announceHostnames);
    else for (const x of core.masters.values()) this.check(w, s, x, core.announceHostnames);
  }

  private check(w: World, s: SimSentinel, m: Master, announceHostnames: boolean): void {
    this.checks++;
    const a = currentMasterAddress(m, announceHostnames);
    let byEpoch = this.seen.get(m.name);
    if (byEpoch === undefined) {
      byEpoch = new Map();
      this.seen.set(m.name, byEpoch);
    }
    const who = `s${s.idx} (incarnation ${s.incarnation})`;
    const prev = byEpoch.get(m.configEpoch);
    if (prev === undefined) {
      byEpoch.set(m.configEpoch, { host: a.host, port: a.port, who, t: w.now });
      return;
    }
    if (prev.host === a.host && prev.port === a.port) return;
    const key = `${m.name}/${m.configEpoch}/${a.host}:${a.port}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.violations.push(
      `t=${w.now} ${m.name} config epoch ${m.configEpoch}: ${who} advertises ${a.host}:${a.port}` +
        ` (failover ${m.failoverState}${m.flags.failoverInProgress ? ` in epoch ${m.failoverEpoch}` : ''}),` +
        ` but ${prev.who} advertised ${prev.host}:${prev.port} at t=${prev.t}`,
    );
  }
}

/** Events after which a sentinel's (config epoch, address) of that master may have changed. */
const CONFIG_CHANNELS = new Set([
  '+promoted-slave',
  '+failover-state-reconf-slaves',
  '+failover-end',
  '+failover-end-for-timeout',
  '+switch-master',
  '+config-update-from',
  '-failover-abort-not-elected',
  '-failover-abort-no-good-slave',
  '-failover-abort-slave-timeout',
  '+reset-master',
]);

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
  /** `${sentinel}/${master}` -> its last switch: when, to which port, in which incarnation */
  private readonly switched = new Map<string, { t: number; port: number; incarnation: number }>();
  /** per sentinel: port -> last step start at which that instance could not answer that sentinel in time */
  private readonly lastUnreachable: Array<Map<number, number>> = [];
  switches = 0;

  constructor(w: World) {
    w.stepListeners.push((world) => this.sample(world));
    w.eventListeners.push((e, world) => this.onEvent(e, world));
  }

  private sample(w: World): void {
    const slow = 4 * w.maxLatencyMs() + 2 * STEP_MS;
    for (const s of w.sentinels) {
      let last = this.lastUnreachable[s.idx];
      if (last === undefined) {
        last = new Map();
        this.lastUnreachable[s.idx] = last;
      }
      const core = s.core;
      // A clock jump makes the time since the last pong meaningless (TILT is for that).
      const jumped = w.clockJumps.some((j) => j.sentinel === s.idx && j.t === w.now);
      const running = core !== null && !s.paused && !jumped;
      // Down-after is per master; the instances of a group share their master's.
      let group: MasterGroup | undefined;
      let fast = false;
      for (const r of w.redis.values()) {
        const g = w.groupOfPort.get(r.port);
        if (g !== group) {
          group = g;
          const downAfter = (g === undefined ? undefined : core?.masters.get(g.name)?.downAfterMs) ?? 0;
          fast = slow < downAfter;
        }
        const answers = fast && running && r.up && !w.cut(s.node, r.node);
        if (!answers) last.set(r.port, w.now);
      }
    }
  }

  private onEvent(e: RecordedEvent, w: World): void {
    const s = w.sentinels[e.sentinel];
    if (s === undefined) return;
    if (e.channel === '+switch-master') {
      const [name = '', , , , port = ''] = e.payload.split(' ');
      this.switched.set(`${e.sentinel}/${name}`, { t: e.t, port: Number(port), incarnation: s.incarnation });
      this.switches++;
      return;
    }
    if (e.channel !== '+sdown' || !e.payload.startsWith('master ')) return;
    const [, name = '', , portS = ''] = e.payload.split(' ');
    const port = Number(portS);
    const sw = this.switched.get(`${e.sentinel}/${name}`);
    if (sw === undefined || sw.port !== port || sw.incarnation !== s.incarnation) return;
    const downAfter = s.core?.masters.get(name)?.downAfterMs ?? 0;
    const unreachable = this.lastUnreachable[e.sentinel]?.get(port) ?? -Infinity;
    if (e.t - sw.t <= downAfter && unreachable < sw.t) {
      this.violations.push(
        `t=${e.t} sentinel ${e.sentinel}: +sdown of master ${name} ${port} ${e.t - sw.t} ms after switching to it (down-after ${downAfter}), which answered pings all along`,
      );
    }
  }
}

/** A sentinel's epochs: current, and per master its config and leader epochs. */
interface Epochs {
  current: bigint;
  config: Map<string, bigint>;
  leader: Map<string, bigint>;
}

function epochsOf(current: bigint, masters: Iterable<{ name: string; configEpoch: bigint; leaderEpoch: bigint }>): Epochs {
  const e: Epochs = { current, config: new Map(), leader: new Map() };
  for (const m of masters) {
    e.config.set(m.name, m.configEpoch);
    e.leader.set(m.name, m.leaderEpoch);
  }
  return e;
}

/**
 * Epochs never go backwards: the current epoch, and each master's config
 * and leader epochs, of every sentinel.
 * - Within one incarnation, sampled at every step start and after every
 *   event: an epoch lower than the last sample is a violation.
 * - Across a restart: the state the sentinel boots with must hold every
 *   epoch of its last successful save (snapshot and load lose nothing).
 *   Epochs only in memory when it crashed (a failed or unfinished save) are
 *   lost then, as in redis-sentinel, whose failed sentinelFlushConfig is
 *   only logged: counted in `lostToFailedSaves`, not a violation.
 */
export class EpochMonotonicTracker {
  readonly violations: string[] = [];
  /** per sentinel: the last sample of the running incarnation */
  private readonly last: Array<{ incarnation: number; e: Epochs } | undefined> = [];
  /** per sentinel: the epochs of its last successful save */
  private readonly saved: Array<Epochs | undefined> = [];
  /** restarts that came back with lower epochs than the crashed incarnation had in memory */
  lostToFailedSaves = 0;

  constructor(w: World) {
    w.stepListeners.push((world) => {
      for (const s of world.sentinels) this.sample(world, s);
    });
    w.eventListeners.push((e, world) => {
      const s = world.sentinels[e.sentinel];
      if (s !== undefined) this.sample(world, s);
    });
    w.saveListeners.push((s) => {
      this.saved[s.idx] = epochsOf(s.persisted.currentEpoch, s.persisted.masters.map((m) => ({ name: m.name, configEpoch: m.configEpoch, leaderEpoch: m.leaderEpoch })));
    });
    w.bootListeners.push((s, world) => this.onBoot(world, s));
  }

  private onBoot(w: World, s: SimSentinel): void {
    const core = s.core;
    if (core === null) return;
    const now = epochsOf(core.currentEpoch, core.masters.values());
    const saved = this.saved[s.idx];
    if (saved !== undefined) this.compare(w, s, saved, now, 'its last successful save');
    const before = this.last[s.idx];
    if (before !== undefined && before.incarnation !== s.incarnation && lower(before.e, now) !== null) this.lostToFailedSaves++;
    this.last[s.idx] = { incarnation: s.incarnation, e: now };
  }

  private sample(w: World, s: SimSentinel): void {
    const core = s.core;
    if (core === null) return;
    const now = epochsOf(core.currentEpoch, core.masters.values());
    const before = this.last[s.idx];
    if (before !== undefined && before.incarnation === s.incarnation) this.compare(w, s, before.e, now, 'the previous sample');
    this.last[s.idx] = { incarnation: s.incarnation, e: now };
  }

  private compare(w: World, s: SimSentinel, was: Epochs, now: Epochs, what: string): void {
    const why = lower(was, now);
    if (why !== null) this.violations.push(`t=${w.now} s${s.idx} (incarnation ${s.incarnation}): ${why} went backwards from ${what}`);
  }
}

/** Which epoch of `now` is lower than in `was`; null if none. */
function lower(was: Epochs, now: Epochs): string | null {
  if (now.current < was.current) return `current epoch ${was.current} -> ${now.current}`;
  for (const [name, e] of was.config) {
    const n = now.config.get(name);
    if (n !== undefined && n < e) return `config epoch of ${name} ${e} -> ${n}`;
  }
  for (const [name, e] of was.leader) {
    const n = now.leader.get(name);
    if (n !== undefined && n < e) return `leader epoch of ${name} ${e} -> ${n}`;
  }
  return null;
}

/**
 * TILT follows a clock jump, as sentinelCheckTiltCondition makes it: a
 * sentinel running when its clock jumps backwards, or forwards by more than
 * the TILT trigger, says +tilt at its next timer tick (checked at the next
 * step start). `checkExited` (at the end of a run) wants every sentinel out
 * of TILT again, which it leaves with -tilt once the TILT period passed.
 */
export class TiltTracker {
  readonly violations: string[] = [];
  private readonly pending = new Map<number, { t: number; incarnation: number; delta: number }>();
  tilts = 0;

  constructor(w: World) {
    w.stepListeners.push((world) => this.sample(world));
    w.eventListeners.push((e) => {
      if (e.channel !== '+tilt') return;
      this.tilts++;
      this.pending.delete(e.sentinel);
    });
  }

  private sample(w: World): void {
    for (const [idx, p] of this.pending) {
      if (w.now < p.t + STEP_MS) continue;
      this.pending.delete(idx);
      if (w.sentinels[idx]?.incarnation !== p.incarnation) continue;
      this.violations.push(`t=${w.now} s${idx}: no +tilt after its clock jumped ${p.delta} ms at t=${p.t}`);
    }
    for (const j of w.clockJumps) {
      if (j.t !== w.now) continue;
      const s = w.sentinels[j.sentinel];
      if (s === undefined || !j.running || s.core === null || s.paused) continue;
      // Ticks are STEP_MS apart: a jump back by less keeps the time between two ticks positive.
      if (j.delta >= -STEP_MS && j.delta <= w.timing.tiltTrigger - STEP_MS) continue;
      this.pending.set(j.sentinel, { t: j.t, incarnation: s.incarnation, delta: j.delta });
    }
  }

  /** Runs until no sentinel is in TILT (at most a TILT period and a bit); a violation if one still is. */
  checkExited(w: World): void {
    const inTilt = (): number[] => w.sentinels.filter((s) => s.core?.tilt === true).map((s) => s.idx);
    if (inTilt().length > 0) w.runUntil(() => inTilt().length === 0, w.timing.tiltPeriod + 5000);
    const still = inTilt();
    if (still.length > 0) this.violations.push(`t=${w.now} still in TILT at the end: ${still.map((i) => `s${i}`).join(',')}`);
  }
}

/** Every continuous check on one world; `violations` gathers them all. */
export class Invariants {
  readonly safety: SafetyTracker;
  readonly epochAddress: EpochAddressTracker;
  readonly switchSdown: SwitchSdownTracker;
  readonly epochs: EpochMonotonicTracker;
  readonly tilt: TiltTracker;

  constructor(w: World) {
    this.tilt = new TiltTracker(w);
    this.safety = new SafetyTracker(w);
    this.epochAddress = new EpochAddressTracker(w);
    this.switchSdown = new SwitchSdownTracker(w);
    this.epochs = new EpochMonotonicTracker(w);
  }

  get violations(): string[] {
    return [...this.safety.violations, ...this.epochAddress.violations, ...this.switchSdown.violations, ...this.epochs.violations, ...this.tilt.violations];
  }
}

/**
 * Null when the world has settled: every sentinel runs, and for every
 * master none is failing over, all agree on its address and config epoch,
 * and exactly one instance of its group acts as master, the agreed one.
 * With `replicas`, also every other instance of the group replicates from
 * it over a working link. Otherwise the reason (naming the master when
 * there are several).
 */
export function unsettled(w: World, opts: { replicas?: boolean } = {}): string | null {
  for (const g of w.groups) {
    const reason = unsettledGroup(w, g, opts);
    if (reason !== null) return w.groups.length === 1 ? reason : `${g.name}: ${reason}`;
  }
  return null;
}

/** `unsettled` for one master group. */
export function unsettledGroup(w: World, g: MasterGroup, opts: { replicas?: boolean } = {}): string | null {
  const views = w.views(g.name);
  if (views.length !== w.sentinels.length) return 'a sentinel is not running';
  const first = views[0];
  if (first === undefined) return 'no sentinels';
  for (const v of views) {
    if (v.failover) return `sentinel ${v.sentinel} is failing over`;
    if (v.host !== first.host || v.port !== first.port) return `sentinels disagree on the master (${first.port} vs ${v.port})`;
    if (v.configEpoch !== first.configEpoch) return `sentinels disagree on the config epoch (${first.configEpoch} vs ${v.configEpoch})`;
  }
  const masters = w.actualMastersOf(g);
  if (masters.length !== 1) return `${masters.length} instances act as master (${masters.join(',')})`;
  if (masters[0] !== first.port) return `the sentinels' master ${first.port} is not the actual master ${masters[0]}`;
  if (opts.replicas) {
    for (const port of g.ports) {
      if (port === first.port) continue;
      const r = w.mustRedis(port);
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

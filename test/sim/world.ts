import type { CoreView } from '../../src/core/node';
import { SentinelNode } from '../../src/core/node';
import type { Input } from '../../src/core/input';
import type { LinkKind, LogLevel, ReplyTag } from '../../src/core/output';
import type { Reply } from '../../src/protocol/reply';
import { ByteWriter } from '../../src/protocol/byte-writer';
import type { ClientContext } from '../../src/server/command';
import type { SentinelHost } from '../../src/server/commands/sentinel-host';
import { factsFor, runInCore } from '../../src/server/commands/sentinel';
import { publishCommand } from '../../src/server/commands/role-publish';
import type { ShellIo } from '../../src/shell/output-handler';
import { OutputHandler } from '../../src/shell/output-handler';
import { ShellNode } from '../../src/shell/shell-node';
import type { PeerReply } from '../../src/core/peer-reply';
import type { PersistentState } from '../../src/core/persistent-state';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import type { TimingParams } from '../../src/core/timing';
import { defaultTiming } from '../../src/core/timing';
import { EventQueue } from './event-queue';
import type { Rng } from './prng';
import { deriveRng, hex40, randInt } from './prng';
import type { ReplicaLine } from './redis-sim';
import { SimRedis } from './redis-sim';
import type { SaveMode, SaveResult } from './sim-io';
import { OutputHash, SimConfigStore, isPromiseLike, settledFuture } from './sim-io';

/**
 * A deterministic world of sentinels: simulated Redis instances and N
 * sentinels talking over simulated TCP connections, driven by a virtual clock
 * that advances 100 ms per step. Everything random comes from the seed.
 *
 * Each sentinel is the daemon's own stack over simulated I/O: a SentinelNode
 * behind the shell's ShellNode and OutputHandler (the save-before-send hold
 * included), whose ShellIo leads to the world's connections, config store
 * (sim-io.ts), recorders and DNS; peers' SENTINEL IS-MASTER-DOWN-BY-ADDR and
 * PUBLISH reach the shell's command runner (runInCore, publishCommand)
 * through a simulated SentinelHost.
 *
 * Network model: a connection is FIFO in each direction with a latency drawn
 * per message. A partition does not lose messages (TCP retransmits): what
 * crosses a cut waits until the cut heals, and new connections across it time
 * out. A crashed process closes its connections (the peer sees them closed
 * once the path allows it) and refuses new ones.
 */

/** The master's name in a single-master world (and the first master's prefix in a many-master one). */
export const MASTER_NAME = 'mymaster';
export const HOST = '127.0.0.1';
export const REDIS_BASE_PORT = 6379;
export const SENTINEL_BASE_PORT = 26379;
const CONNECT_TIMEOUT_MS = 1000;
export const STEP_MS = 100;

export interface WorldOptions {
  seed: number;
  sentinels: number;
  /** monitored masters, each with its own replicas and ports (default 1, named MASTER_NAME) */
  masters?: number;
  /** replicas besides the initial master, per master */
  replicas: number;
  quorum: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  parallelSyncs?: number;
  /** the sentinels' config files already list each other (otherwise they meet through hellos) */
  preknownSentinels?: boolean;
  /**
   * the sentinels' config files already list each master's replicas, as
   * after a restart (otherwise they are discovered from INFO, each with a
   * config flush: with many masters, a flush storm at start)
   */
  preknownReplicas?: boolean;
  /** one-way latency bounds in ms */
  latency?: { min: number; max: number };
  /**
   * How a connection's messages take their latency. 'serial' (the default,
   * which the scenario traces are written against): each one a latency after
   * the one ahead of it arrived, so a connection carries one message per
   * latency. 'overlapping': each one a latency after it was sent, never
   * before the one ahead: a burst crosses in about one latency, as over TCP.
   * Many masters need it: the hellos and asks of all of them share a peer's
   * one link, and a serial connection would fall ever further behind.
   */
  latencyModel?: 'serial' | 'overlapping';
  timing?: Partial<TimingParams>;
  oldSlaveFormat?: boolean;
  /** ms of full sync before a replica's link is up */
  syncMs?: number;
  /** virtual start time */
  startTime?: number;
  /** every sentinel's timer fires at the end of the step (default: a seeded phase each) */
  lockstep?: boolean;
  /** each sentinel's clock minus the world's at start, ms (default 0) */
  clockOffsetsMs?: readonly number[];
}

export interface RecordedEvent {
  t: number;
  sentinel: number;
  level: LogLevel;
  channel: string;
  payload: string;
}

export interface SimSentinel {
  idx: number;
  /** `s<idx>`, its name in partitions */
  node: string;
  port: number;
  myid: string;
  /** what the shell reads of the running core; null while the process is down */
  core: CoreView | null;
  /** the shell's door to the core (its outputs performed by the shell's OutputHandler) */
  shell: ShellNode | null;
  /** what the shell's command runner sees of this process */
  host: SentinelHost | null;
  /** the state as of the last successful save: what a restart reads back */
  persisted: PersistentState;
  /** the sim's stand-in for the shell's ConfigWriter (failing, slow saves) */
  store: SimConfigStore;
  /** this node's clock minus the world's (clock faults); the core only sees its own clock */
  clockOffset: number;
  incarnation: number;
  paused: boolean;
  rng: Rng;
  /** offset of this sentinel's timer within each step, 1..100 ms */
  phase: number;
}

/**
 * One monitored master and its replicas: the ports are fixed at creation
 * (ports[0] is the initial master); which of them acts as master changes.
 */
export interface MasterGroup {
  index: number;
  name: string;
  ports: readonly number[];
}

/** The name of master `index` of `count`: MASTER_NAME alone, else numbered. */
export function masterNameOf(index: number, count: number): string {
  return count === 1 ? MASTER_NAME : `${MASTER_NAME}-${index}`;
}

type Target = { kind: 'redis'; inst: SimRedis; incarnation: number } | { kind: 'sentinel'; peer: SimSentinel; incarnation: number };

interface Conn {
  /** `${owner}/${id}/${link}`: the order in which a fan-out visits connections */
  key: string;
  /** the owner's numeric key of this link (see linkSlot) */
  slot: number;
  /** still the owner's current connection for this link */
  live: boolean;
  owner: SimSentinel;
  id: number;
  link: LinkKind;
  host: string;
  port: number;
  target: Target | null;
  startedAt: number;
  open: boolean;
  /** the far end died or killed us: only the close notice is still to come */
  broken: boolean;
  subscribed: boolean;
  multi: string[][] | null;
  /** time of the last message queued in each direction (FIFO) */
  lastUp: number;
  lastDown: number;
}

type NetItem =
  | { kind: 'connect'; conn: Conn }
  | { kind: 'request'; conn: Conn; cmd: string[]; tag: ReplyTag }
  | { kind: 'reply'; conn: Conn; tag: ReplyTag; reply: PeerReply }
  | { kind: 'message'; conn: Conn; channel: string; payload: string }
  | { kind: 'subscribed'; conn: Conn }
  | { kind: 'closed'; conn: Conn; reason: string; local: boolean };

export class World {
  now: number;
  readonly redis = new Map<number, SimRedis>();
  readonly sentinels: SimSentinel[] = [];
  readonly events: RecordedEvent[] = [];
  readonly logs: Array<{ t: number; sentinel: number; level: LogLevel; message: string }> = [];
  /** called for every event as it happens (invariant trackers) */
  readonly eventListeners: Array<(e: RecordedEvent, w: World) => void> = [];
  /** called at the start of every step, once the faults due then are in place (invariant trackers) */
  readonly stepListeners: Array<(w: World) => void> = [];
  /** a hash of every sentinel output and every delivery, in order: two runs of one seed must agree */
  readonly hash = new OutputHash();
  /** called when a sentinel boots (first start or restart), before its first input */
  readonly bootListeners: Array<(s: SimSentinel, w: World) => void> = [];
  /**
   * called for every command a far end executes (`from` the sentinel's node,
   * `to` the instance's or peer's) and every is-master-down reply a sentinel
   * reads: the scripted scenarios print the ones that matter
   */
  readonly wireListeners: Array<(m: { t: number; from: string; to: string; what: string }) => void> = [];
  /** called after a sentinel's save succeeded (the state now on its disk) */
  readonly saveListeners: Array<(s: SimSentinel, w: World) => void> = [];
  /** every SLAVEOF a simulated instance applied */
  readonly slaveofLog: Array<{ t: number; port: number; to: string }> = [];
  latencyFactor = 1;
  /** the monitored masters, in creation order (ports ascending) */
  readonly groups: MasterGroup[] = [];
  /** port -> the master group that instance belongs to */
  readonly groupOfPort = new Map<number, MasterGroup>();
  /**
   * The connections, indexed so that no per-message work scans them all
   * (with 1000 masters there are tens of thousands): by owner and link slot,
   * and by the process they lead to. A fan-out over a subset visits it in
   * key order, as a scan of every connection sorted by key would.
   */
  private readonly connsOf: Array<Map<number, Conn>> = [];
  private readonly connsTo = new Map<SimRedis | SimSentinel, Set<Conn>>();
  private readonly queue = new EventQueue<NetItem>();
  private readonly scheduled: Array<{ at: number; label: string; fn: () => void }> = [];
  /** partition side of each node (absent: side 0) */
  private readonly sides = new Map<string, number>();
  /** the sentinels in the order their timers fire within a step (phases are fixed) */
  private tickOrder: SimSentinel[] = [];
  /** master port -> instances configured to replicate from it, in port order; null: to rebuild */
  private replicasByMaster: Map<number, SimRedis[]> | null = null;
  /** sentinels whose foreign hellos are held back (see holdHellos), with what is held */
  private readonly heldHellos = new Map<number, string[]>();
  /** `a|b` (sorted node names): messages between the two wait (hold) or are lost (drop) */
  private readonly heldPairs = new Map<string, 'hold' | 'drop'>();
  /** names the sentinels may resolve (resolve outputs, hostname arguments); none by default: every address is an IP literal */
  readonly dns = new Map<string, string>();
  private readonly netRng: Rng;
  private readonly replRng: Rng;
  private readonly idRng: Rng;
  private readonly latency: { min: number; max: number };
  private readonly latencyModel: 'serial' | 'overlapping';
  private readonly syncMs: number;
  readonly timing: TimingParams;

  constructor(readonly opts: WorldOptions) {
    this.now = opts.startTime ?? 1_700_000_000_000;
    this.netRng = deriveRng(opts.seed, 1);
    this.replRng = deriveRng(opts.seed, 2);
    this.idRng = deriveRng(opts.seed, 3);
    this.latency = opts.latency ?? { min: 1, max: 20 };
    this.latencyModel = opts.latencyModel ?? 'serial';
    this.syncMs = opts.syncMs ?? 500;
    this.timing = { ...defaultTiming(), ...opts.timing };

    const nMasters = opts.masters ?? 1;
    const perGroup = opts.replicas + 1;
    if (nMasters < 1 || REDIS_BASE_PORT + nMasters * perGroup > SENTINEL_BASE_PORT) throw new Error(`${nMasters} masters do not fit below port ${SENTINEL_BASE_PORT}`);
    for (let g = 0; g < nMasters; g++) {
      const base = REDIS_BASE_PORT + g * perGroup;
      const ports: number[] = [base];
      const master = new SimRedis(base, hex40(this.idRng), 'master', this.now);
      this.redis.set(master.port, master);
      for (let i = 1; i <= opts.replicas; i++) {
        const r = new SimRedis(base + i, hex40(this.idRng), 'slave', this.now);
        r.masterHost = HOST;
        r.masterPort = base;
        r.linkUp = true;
        this.redis.set(r.port, r);
        ports.push(r.port);
      }
      const group: MasterGroup = { index: g, name: masterNameOf(g, nMasters), ports };
      this.groups.push(group);
      for (const p of ports) this.groupOfPort.set(p, group);
    }
    for (const r of this.redis.values()) r.oldSlaveFormat = opts.oldSlaveFormat ?? false;

    const ids: string[] = [];
    for (let i = 0; i < opts.sentinels; i++) ids.push(hex40(this.idRng));
    for (let i = 0; i < opts.sentinels; i++) {
      const state = emptyPersistentState();
      state.myid = ids[i] ?? null;
      for (const g of this.groups) {
        const spec = newMasterSpec(g.name, HOST, g.ports[0] ?? REDIS_BASE_PORT, opts.quorum);
        spec.downAfterMs = opts.downAfterMs ?? 5000;
        spec.failoverTimeoutMs = opts.failoverTimeoutMs ?? 30000;
        spec.parallelSyncs = opts.parallelSyncs ?? 1;
        if (opts.preknownSentinels) {
          for (let j = 0; j < opts.sentinels; j++) {
            if (j !== i) spec.knownSentinels.push({ host: HOST, port: SENTINEL_BASE_PORT + j, runid: ids[j] ?? '' });
          }
        }
        if (opts.preknownReplicas) for (const p of g.ports.slice(1)) spec.knownReplicas.push({ host: HOST, port: p });
        state.masters.push(spec);
      }
      const idx = i;
      const s: SimSentinel = {
        idx: i,
        node: `s${i}`,
        port: SENTINEL_BASE_PORT + i,
        myid: ids[i] ?? '',
        core: null,
        shell: null,
        host: null,
        persisted: state,
        store: new SimConfigStore((r) => this.landSave(this.mustSentinel(idx), r)),
        clockOffset: opts.clockOffsetsMs?.[i] ?? 0,
        incarnation: 0,
        paused: false,
        rng: deriveRng(opts.seed, 100 + i),
        phase: opts.lockstep ? STEP_MS : randInt(this.idRng, 1, STEP_MS),
      };
      this.sentinels.push(s);
      this.connsOf.push(new Map());
      this.bootSentinel(s);
    }
    this.tickOrder = [...this.sentinels].sort((a, b) => a.phase - b.phase || a.idx - b.idx);
  }

  // ---- time ------------------------------------------------------------------

  /**
   * One 100 ms step: faults due now, replication, then every message and
   * sentinel timer of the step in time order. Each sentinel's timer fires at
   * its own phase within the step, as real processes are never in lockstep.
   */
  step(): void {
    const start = this.now;
    const end = start + STEP_MS;
    this.runScheduled(start);
    this.replicate(start);
    for (const l of this.stepListeners) l(this);
    for (const s of this.tickOrder) {
      const at = start + s.phase;
      this.deliverUntil(at);
      this.now = at;
      this.completeSaves(at);
      if (s.shell === null || s.paused) continue;
      this.hash.add(`${s.idx} tick ${at}`);
      this.input(s, { type: 'tick', now: this.localNow(s, at) });
    }
    this.deliverUntil(end);
    this.now = end;
    this.completeSaves(end);
  }

  run(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) this.step();
  }

  /** Steps until `pred` holds (checked after each step); false if `maxMs` passed first. */
  runUntil(pred: (w: World) => boolean, maxMs: number): boolean {
    const end = this.now + maxMs;
    while (this.now < end) {
      this.step();
      if (pred(this)) return true;
    }
    return false;
  }

  /** Runs `fn` at the first step at or after `at` (absolute virtual time). */
  at(at: number, label: string, fn: () => void): void {
    this.scheduled.push({ at, label, fn });
    this.scheduled.sort((a, b) => a.at - b.at);
  }

  private runScheduled(now: number): void {
    while (this.scheduled.length > 0 && (this.scheduled[0]?.at ?? Infinity) <= now) {
      const s = this.scheduled.shift();
      s?.fn();
    }
  }

  // ---- faults ----------------------------------------------------------------

  crashRedis(port: number): void {
    const r = this.mustRedis(port);
    if (!r.up) return;
    r.crash();
    this.breakConnsTo(r, 'Connection closed');
  }

  restartRedis(port: number): void {
    const r = this.mustRedis(port);
    if (r.up) return;
    r.restart(hex40(this.idRng), this.now);
  }

  crashSentinel(idx: number): void {
    const s = this.mustSentinel(idx);
    if (s.shell === null) return;
    s.core = null;
    s.shell = null;
    s.host = null;
    s.paused = false;
    // What was not on disk yet is lost, and so are the replies waiting for it.
    s.store.crash();
    this.hash.add(`${s.idx} crash ${this.now}`);
    for (const c of [...this.ownConns(s).values()]) this.removeConn(c);
    this.breakConnsTo(s, 'Connection closed');
  }

  restartSentinel(idx: number): void {
    const s = this.mustSentinel(idx);
    if (s.shell !== null) return;
    this.bootSentinel(s);
  }

  /** SIGSTOP-like: the process neither ticks nor reads its sockets until resumed. */
  pauseSentinel(idx: number): void {
    this.mustSentinel(idx).paused = true;
  }

  resumeSentinel(idx: number): void {
    this.mustSentinel(idx).paused = false;
  }

  /** Cuts the listed nodes (`s<idx>` / `r<port>`) off from everybody else; each inner list is one side. */
  partition(...sides: string[][]): void {
    this.sides.clear();
    sides.forEach((side, i) => {
      for (const n of side) this.sides.set(n, i + 1);
    });
  }

  heal(): void {
    this.sides.clear();
  }

  /** Drops one connection as a network reset would (both ends notice). */
  resetConnection(pick: (keys: string[]) => string | undefined): void {
    const byKey = new Map<string, Conn>();
    for (const own of this.connsOf) for (const c of own.values()) byKey.set(c.key, c);
    const k = pick([...byKey.keys()].sort());
    const c = k === undefined ? undefined : byKey.get(k);
    if (c === undefined || !c.open || c.broken) return;
    c.broken = true;
    this.queueDown(c, { kind: 'closed', conn: c, reason: 'Connection reset by peer', local: true });
  }

  /** This sentinel's clock jumps by `deltaMs` (negative: backwards) from now on. */
  jumpClock(idx: number, deltaMs: number): void {
    const s = this.mustSentinel(idx);
    s.clockOffset += deltaMs;
    this.clockJumps.push({ t: this.now, sentinel: idx, delta: deltaMs, running: s.core !== null && !s.paused });
  }

  /** How this sentinel's next saves end (see SimConfigStore). */
  setSaveMode(idx: number, mode: SaveMode): void {
    this.mustSentinel(idx).store.mode = mode;
  }

  /**
   * Messages between nodes `a` and `b` (either way, any link) wait until
   * `deliverPair` (hold) or are lost with their connection's order kept
   * (drop: as if the cut closed nothing yet lost what crossed it). New
   * connections between them time out.
   */
  holdPair(a: string, b: string, how: 'hold' | 'drop' = 'hold'): void {
    this.heldPairs.set(pairKey(a, b), how);
  }

  /** Lets what was held between `a` and `b` through, in order, and stops holding. */
  deliverPair(a: string, b: string): void {
    this.heldPairs.delete(pairKey(a, b));
  }

  /** Every clock jump so far (clock faults: TILT is expected around them). */
  readonly clockJumps: Array<{ t: number; sentinel: number; delta: number; running: boolean }> = [];

  /** Everything back up and reachable. */
  healAll(): void {
    this.heal();
    this.heldPairs.clear();
    this.latencyFactor = 1;
    for (const s of this.sentinels) s.store.mode = 'ok';
    for (const s of this.sentinels) {
      if (s.core === null) this.restartSentinel(s.idx);
      s.paused = false;
    }
    for (const r of this.redis.values()) if (!r.up) this.restartRedis(r.port);
  }

  /**
   * Holds back the hellos of other sentinels that reach sentinel `idx` (on
   * its pub/sub links and published to it directly) until releaseHellos: a
   * way to choose the moment it learns a new configuration. Its own hellos
   * still come back, so its pub/sub links stay alive.
   */
  holdHellos(idx: number): void {
    if (!this.heldHellos.has(idx)) this.heldHellos.set(idx, []);
  }

  /** Hellos held for sentinel `idx`, oldest first. */
  heldHellosOf(idx: number): readonly string[] {
    return this.heldHellos.get(idx) ?? [];
  }

  /** Processes the held hellos now, in arrival order, and stops holding. */
  releaseHellos(idx: number): void {
    const held = this.heldHellos.get(idx);
    this.heldHellos.delete(idx);
    const s = this.mustSentinel(idx);
    if (held === undefined || s.shell === null) return;
    for (const payload of held) this.input(s, { type: 'published-hello', now: this.localNow(s, this.now), payload });
  }

  /** True (and the hello kept) when `payload` is a foreign hello that sentinel `s` holds back. */
  private heldBack(s: SimSentinel, payload: string): boolean {
    const held = this.heldHellos.get(s.idx);
    if (held === undefined || payload.split(',')[2] === s.myid) return false;
    held.push(payload);
    return true;
  }

  /** The current one-way latency bound, ms. */
  maxLatencyMs(): number {
    return this.latency.max * this.latencyFactor;
  }

  cut(a: string, b: string): boolean {
    if (this.heldPairs.size > 0 && this.heldPairs.has(pairKey(a, b))) return true;
    if (this.sides.size === 0) return false;
    return (this.sides.get(a) ?? 0) !== (this.sides.get(b) ?? 0);
  }

  /** A sentinel's own clock at world time `t`: what its core is told. */
  localNow(s: SimSentinel, t: number): number {
    return t + s.clockOffset;
  }

  // ---- observation -----------------------------------------------------------

  core(idx: number): CoreView {
    const c = this.mustSentinel(idx).core;
    if (c === null) throw new Error(`sentinel ${idx} is down`);
    return c;
  }

  /** Each running sentinel's idea of a master (default: the first one): address and config epoch. */
  views(name: string = this.groups[0]?.name ?? MASTER_NAME): Array<{ sentinel: number; host: string; port: number; configEpoch: bigint; failover: boolean }> {
    const out: Array<{ sentinel: number; host: string; port: number; configEpoch: bigint; failover: boolean }> = [];
    for (const s of this.sentinels) {
      const m = s.core?.masters.get(name);
      if (!m) continue;
      out.push({ sentinel: s.idx, host: m.host, port: m.port, configEpoch: m.configEpoch, failover: m.flags.failoverInProgress });
    }
    return out;
  }

  /** Ports of running instances that act as masters (of every group). */
  actualMasters(): number[] {
    return [...this.redis.values()].filter((r) => r.up && r.role === 'master').map((r) => r.port);
  }

  /** Ports of the running instances of one group that act as masters. */
  actualMastersOf(g: MasterGroup): number[] {
    const out: number[] = [];
    for (const p of g.ports) {
      const r = this.redis.get(p);
      if (r !== undefined && r.up && r.role === 'master') out.push(p);
    }
    return out;
  }

  mustGroup(name: string): MasterGroup {
    const g = this.groups.find((x) => x.name === name);
    if (!g) throw new Error(`no master group ${name}`);
    return g;
  }

  eventsOf(idx: number, since = 0): RecordedEvent[] {
    return this.events.filter((e) => e.sentinel === idx && e.t >= since);
  }

  mustRedis(port: number): SimRedis {
    const r = this.redis.get(port);
    if (!r) throw new Error(`no instance on port ${port}`);
    return r;
  }

  mustSentinel(idx: number): SimSentinel {
    const s = this.sentinels[idx];
    if (!s) throw new Error(`no sentinel ${idx}`);
    return s;
  }

  /**
   * A short description of the current state, for failure messages. With
   * several masters only the groups that look unsettled are shown (at most
   * `maxGroups`): instances and views of a thousand settled ones say nothing.
   */
  describe(maxGroups = 5): string {
    if (this.groups.length === 1) {
      const g = this.groups[0];
      return `t=${this.now} ${g === undefined ? '' : this.describeGroup(g, false)}`;
    }
    const shown: string[] = [];
    let odd = 0;
    for (const g of this.groups) {
      const views = this.views(g.name);
      const first = views[0];
      const agreed =
        first !== undefined &&
        views.length === this.sentinels.length &&
        views.every((v) => !v.failover && v.port === first.port && v.configEpoch === first.configEpoch) &&
        this.actualMastersOf(g).join() === String(first.port);
      if (agreed) continue;
      odd++;
      if (shown.length < maxGroups) shown.push(this.describeGroup(g, true));
    }
    return `t=${this.now} ${this.groups.length} masters, ${odd} not agreed${odd > shown.length ? ` (first ${shown.length} shown)` : ''}${shown.map((x) => `\n  ${x}`).join('')}`;
  }

  private describeGroup(g: MasterGroup, named: boolean): string {
    const inst = g.ports
      .map((p) => this.redis.get(p))
      .filter((r): r is SimRedis => r !== undefined)
      .map((r) => `${r.port}:${r.up ? r.role : 'down'}${r.role === 'slave' ? `->${r.masterPort}${r.linkUp ? '' : '(down)'}` : ''}`)
      .join(' ');
    const views = this.views(g.name)
      .map((v) => `s${v.sentinel}=${v.port}@${v.configEpoch}${v.failover ? '(fo)' : ''}`)
      .join(' ');
    return `${named ? `${g.name}: ` : ''}instances[${inst}] sentinels[${views}]`;
  }

  // ---- sentinels -------------------------------------------------------------

  private bootSentinel(s: SimSentinel): void {
    s.incarnation++;
    s.paused = false;
    this.hash.add(`${s.idx} boot ${this.now}`);
    const node = new SentinelNode({
      state: structuredClone(s.persisted),
      random: s.rng,
      timing: { ...this.timing },
      port: s.port,
      peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null },
      tzOffsetMinutes: 0,
      now: this.localNow(s, this.now),
    });
    const incarnation = s.incarnation;
    // Each durable write's result goes back to the core as the daemon feeds it
    // (daemon.ts): the core counts its own vote only once it is on disk.
    const outputs = new OutputHandler(this.shellIo(s, incarnation), (seq, ok) => {
      if (s.incarnation !== incarnation) return;
      this.input(s, { type: 'save-result', now: this.localNow(s, this.now), seq, ok });
    });
    s.core = node.view;
    s.shell = new ShellNode(node, outputs, (e) => {
      // The daemon exits (fatal.ts); the simulation stops loudly.
      throw new Error(`sentinel ${s.idx}: core exception at t=${this.now}`, { cause: e });
    });
    s.host = this.sentinelHost(s, node.view);
    for (const l of this.bootListeners) l(s, this);
    this.input(s, { type: 'start', now: this.localNow(s, this.now) });
  }

  /**
   * One input to a sentinel, through the shell (ShellNode performs its
   * outputs), then the end of its turn: what it flushed is written.
   */
  private input(s: SimSentinel, i: Input): void {
    const shell = s.shell;
    if (shell === null) return;
    shell.input(i);
    this.endTurn(s);
  }

  /**
   * The end of a sentinel's event-loop turn: as the daemon's ConfigWriter
   * writes the durable flushes of a turn at setImmediate, the store writes
   * what was flushed since the last turn (the state as of now). Its futures
   * settle here (or when a slow write ends, completeSaves), which runs what
   * waited on them: the OutputHandler's held link outputs, a vote's reply.
   * Several flushes in one input write the final state once, before any
   * message sent meanwhile can arrive (latencies are at least 1 ms).
   */
  private endTurn(s: SimSentinel): void {
    const core = s.core;
    if (core === null) return;
    s.store.endTurn(() => core.snapshot(), this.now);
  }

  /** Writes whose (slow) end is by `t` land on disk; what waited on them goes on. */
  private completeSaves(t: number): void {
    for (const s of this.sentinels) s.store.complete(t);
  }

  private landSave(s: SimSentinel, r: SaveResult): void {
    this.hash.add(`${s.idx} saved ${r.ok}`);
    if (!r.ok || r.state === null) return;
    s.persisted = r.state;
    for (const l of this.saveListeners) l(s, this);
  }

  /**
   * The I/O the shell's OutputHandler performs this incarnation's outputs
   * with. Every call is at the world's current time (outputs are performed
   * in the step of their input, held ones when the write they waited for
   * ends); a call for an incarnation that is gone is a bug in the world.
   */
  private shellIo(s: SimSentinel, incarnation: number): ShellIo {
    const live = (what: string): void => {
      if (s.incarnation !== incarnation || s.shell === null) throw new Error(`sentinel ${s.idx}: ${what} from a dead incarnation at t=${this.now}`);
    };
    return {
      links: {
        connect: (id, link, host, port) => {
          live('connect');
          this.hash.add(`${s.idx} ${this.now} connect ${id} ${link} ${host}:${port}`);
          this.openConn(s, id, link, host, port);
        },
        close: (id, link) => {
          live('close');
          this.hash.add(`${s.idx} ${this.now} close ${id} ${link}`);
          const c = this.ownConns(s).get(linkSlot(id, link));
          if (c !== undefined) this.removeConn(c);
        },
        send: (id, link, cmd, tag) => {
          live('send');
          this.hash.add(`${s.idx} ${this.now} send ${id} ${link} ${tag} ${cmd.join(' ')}`);
          this.sendOn(s, id, link, cmd, tag);
        },
      },
      config: {
        flush: (durable) => {
          this.hash.add(`${s.idx} ${this.now} flush ${durable}`);
          s.store.flush(durable);
        },
        durableWrite: () => s.store.durableWrite(),
        // Only the crash output writes this way: the exit follows at once.
        writePending: () => {
          const core = s.core;
          return core === null ? true : s.store.writeNow(core.snapshot(), true);
        },
      },
      events: {
        event: (level, channel, payload) => {
          this.hash.add(`${s.idx} ${this.now} event ${level} ${channel} ${payload}`);
          const e: RecordedEvent = { t: this.now, sentinel: s.idx, level, channel, payload };
          this.events.push(e);
          for (const l of this.eventListeners) l(e, this);
        },
        log: (level, message) => {
          this.hash.add(`${s.idx} ${this.now} log ${level} ${message}`);
          this.logs.push({ t: this.now, sentinel: s.idx, level, message });
        },
      },
      // No scripts are configured in the simulation; their runs are only recorded.
      scripts: { schedule: (argv) => this.hash.add(`${s.idx} ${this.now} script ${argv.join(' ')}`) },
      resolver: {
        resolve: (host) => {
          this.hash.add(`${s.idx} ${this.now} resolve ${host}`);
          const ip = this.lookup(s, host);
          // The answer comes back as an input, at the next step (as a resolver thread's would).
          this.at(this.now + 1, `dns ${host}`, () => {
            if (s.incarnation === incarnation) this.input(s, { type: 'dns-answer', now: this.localNow(s, this.now), host, ip });
          });
        },
      },
      exit: (code) => {
        live('exit');
        this.hash.add(`${s.idx} ${this.now} exit ${code}`);
        this.crashSentinel(s.idx);
      },
    };
  }

  /** The simulation's DNS: only the names in `dns`; any other is a surprise, and loud. */
  private lookup(s: SimSentinel, host: string): string {
    const ip = this.dns.get(host);
    if (ip === undefined) throw new Error(`sentinel ${s.idx} resolves ${JSON.stringify(host)} at t=${this.now}: not a name of the simulation (World.dns)`);
    return ip;
  }

  /**
   * What the shell's command runner (runInCore, publishCommand) sees of one
   * sentinel. `command` and `publishedHello` are inputs without the end of
   * the turn: as in the daemon, the runner asks for the durable write first
   * and the turn ends after it (execSentinel), so a vote's reply waits for
   * its write whatever the store does.
   */
  private sentinelHost(s: SimSentinel, view: CoreView): SentinelHost {
    const shell = (): ShellNode => {
      if (s.shell === null) throw new Error(`sentinel ${s.idx} is down`);
      return s.shell;
    };
    return {
      core: view,
      command: (argv, facts) => shell().input({ type: 'command', now: this.localNow(s, this.now), args: argv, facts }),
      announceMonitor: (master) => void shell().input({ type: 'announce-monitor', now: this.localNow(s, this.now), master }),
      publishedHello: (payload) => {
        if (this.heldBack(s, payload)) return;
        shell().input({ type: 'published-hello', now: this.localNow(s, this.now), payload });
      },
      now: () => this.localNow(s, this.now),
      flushConfigNow: () => s.store.writeNow(view.snapshot()),
      durableWrite: () => s.store.durableWrite(),
      durableUnsaved: () => s.store.unsaved,
      resolveHost: (host) => {
        const ip = this.lookup(s, host);
        shell().input({ type: 'dns-answer', now: this.localNow(s, this.now), host, ip });
        return settledFuture<string | null>(ip);
      },
      pendingScripts: () => ({ running: 0, queued: 0 }),
      scriptJobs: () => [],
    };
  }

  // ---- network ---------------------------------------------------------------

  private lat(): number {
    return Math.max(1, Math.round(randInt(this.netRng, this.latency.min, this.latency.max) * this.latencyFactor));
  }

  private nodeOfTarget(c: Conn): string | null {
    if (c.target === null) return null;
    return c.target.kind === 'redis' ? c.target.inst.node : `s${c.target.peer.idx}`;
  }

  /** Is the path of this connection unusable right now (cut, or one end frozen)? */
  private blocked(c: Conn): boolean {
    if (c.owner.paused) return true;
    if (c.target?.kind === 'sentinel' && c.target.peer.paused) return true;
    if (this.sides.size === 0 && this.heldPairs.size === 0) return false;
    const node = this.nodeOfTarget(c);
    if (node === null) return false;
    return this.cut(c.owner.node, node);
  }

  // ---- connection index ------------------------------------------------------

  private ownConns(s: SimSentinel): Map<number, Conn> {
    const own = this.connsOf[s.idx];
    if (own === undefined) throw new Error(`no sentinel ${s.idx}`);
    return own;
  }

  /** Registers a new connection; one still registered for the same link is superseded. */
  private addConn(c: Conn): void {
    const own = this.ownConns(c.owner);
    const prev = own.get(c.slot);
    if (prev !== undefined) this.removeConn(prev);
    own.set(c.slot, c);
    c.live = true;
    this.indexTarget(c);
  }

  private removeConn(c: Conn): void {
    if (!c.live) return;
    c.live = false;
    const own = this.ownConns(c.owner);
    if (own.get(c.slot) === c) own.delete(c.slot);
    this.unindexTarget(c);
  }

  private setTarget(c: Conn, t: Target | null): void {
    if (c.live) this.unindexTarget(c);
    c.target = t;
    if (c.live) this.indexTarget(c);
  }

  private indexTarget(c: Conn): void {
    if (c.target === null) return;
    const far = c.target.kind === 'redis' ? c.target.inst : c.target.peer;
    let set = this.connsTo.get(far);
    if (set === undefined) {
      set = new Set();
      this.connsTo.set(far, set);
    }
    set.add(c);
  }

  private unindexTarget(c: Conn): void {
    if (c.target === null) return;
    this.connsTo.get(c.target.kind === 'redis' ? c.target.inst : c.target.peer)?.delete(c);
  }

  /** The registered connections to one process, in key order. */
  private connsToSorted(far: SimRedis | SimSentinel): Conn[] {
    const set = this.connsTo.get(far);
    if (set === undefined || set.size === 0) return [];
    return [...set].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  private resolve(host: string, port: number): Target | null {
    if (host !== HOST) return null;
    const r = this.redis.get(port);
    if (r) return { kind: 'redis', inst: r, incarnation: r.incarnation };
    const s = this.sentinels.find((x) => x.port === port);
    if (s) return { kind: 'sentinel', peer: s, incarnation: s.incarnation };
    return null;
  }

  private targetAlive(t: Target): boolean {
    if (t.kind === 'redis') return t.inst.up && t.inst.incarnation === t.incarnation;
    return t.peer.shell !== null && t.peer.incarnation === t.incarnation;
  }

  private openConn(s: SimSentinel, id: number, link: LinkKind, host: string, port: number): void {
    const t = this.now;
    const c: Conn = {
      key: connKey(s, id, link),
      slot: linkSlot(id, link),
      live: false,
      owner: s,
      id,
      link,
      host,
      port,
      target: this.resolve(host, port),
      startedAt: t,
      open: false,
      broken: false,
      subscribed: false,
      multi: null,
      lastUp: t,
      lastDown: t,
    };
    this.addConn(c);
    this.queueUp(c, { kind: 'connect', conn: c });
  }

  private sendOn(s: SimSentinel, id: number, link: LinkKind, cmd: string[], tag: ReplyTag): void {
    const c = this.ownConns(s).get(linkSlot(id, link));
    if (c === undefined) return;
    c.lastUp = Math.max(c.lastUp, this.now);
    this.queueUp(c, { kind: 'request', conn: c, cmd, tag });
  }

  private queueUp(c: Conn, item: NetItem): void {
    const at = this.arrival(c.lastUp, this.now);
    c.lastUp = at;
    this.queue.push(at, item);
  }

  private queueDown(c: Conn, item: NetItem, from = this.now): void {
    const at = this.arrival(c.lastDown, from);
    c.lastDown = at;
    this.queue.push(at, item);
  }

  /** When a message sent at `sent` arrives, the one ahead of it on the connection arriving at `ahead` (see WorldOptions.latencyModel). */
  private arrival(ahead: number, sent: number): number {
    return this.latencyModel === 'serial' ? Math.max(ahead, sent) + this.lat() : Math.max(ahead, sent + this.lat());
  }

  private breakConnsTo(far: SimRedis | SimSentinel, reason: string): void {
    for (const c of this.connsToSorted(far)) {
      if (c.broken) continue;
      c.broken = true;
      if (c.open) this.queueDown(c, { kind: 'closed', conn: c, reason, local: false });
    }
  }

  private current(c: Conn): boolean {
    return c.live && c.owner.shell !== null;
  }

  private deliverUntil(t: number): void {
    for (;;) {
      const item = this.queue.popDue(t);
      if (item === undefined) return;
      this.now = Math.max(this.now, this.queue.poppedAt);
      this.deliver(item, this.now);
    }
  }

  /** Holds a message that cannot cross right now until the next step (order kept), or loses it across a dropping pair. */
  private defer(c: Conn, item: NetItem, up: boolean): void {
    if (this.heldPairs.size > 0 && (item.kind === 'request' || item.kind === 'reply' || item.kind === 'message')) {
      const far = this.nodeOfTarget(c);
      if (far !== null && this.heldPairs.get(pairKey(c.owner.node, far)) === 'drop') return;
    }
    // Retried at the next millisecond that is a step boundary or later: the
    // cut and the pauses only change at step boundaries.
    const at = (Math.floor(this.now / STEP_MS) + 1) * STEP_MS;
    if (up) c.lastUp = Math.max(c.lastUp, at);
    else c.lastDown = Math.max(c.lastDown, at);
    this.queue.pushLate(at, item);
  }

  private deliver(item: NetItem, at: number): void {
    const c = item.conn;
    if (!this.current(c)) return;
    const owner = c.owner;
    const now = this.localNow(owner, at);
    switch (item.kind) {
      case 'connect': {
        // Resolved on arrival: the process listening there may have changed since.
        this.setTarget(c, this.resolve(c.host, c.port));
        if (c.target === null || (!this.blocked(c) && !this.targetAlive(c.target))) {
          this.removeConn(c);
          this.input(owner, { type: 'link-down', now, id: c.id, link: c.link, reason: 'Connection refused' });
        } else if (this.blocked(c)) {
          if (at - c.startedAt >= CONNECT_TIMEOUT_MS && !owner.paused) {
            this.removeConn(c);
            this.input(owner, { type: 'link-down', now, id: c.id, link: c.link, reason: 'Connection timed out' });
          } else this.defer(c, item, true);
        } else {
          c.open = true;
          this.input(owner, { type: 'link-up', now, id: c.id, link: c.link, localIp: HOST });
        }
        return;
      }
      case 'request': {
        if (this.blocked(c)) return this.defer(c, item, true);
        if (c.broken || c.target === null || !this.targetAlive(c.target)) return;
        const reply = this.execute(c, c.target, item.cmd, at);
        if (reply === NO_REPLY) return;
        if (reply === SUBSCRIBED) {
          this.queueDown(c, { kind: 'subscribed', conn: c }, at);
          return;
        }
        this.queueDown(c, { kind: 'reply', conn: c, tag: item.tag, reply }, at);
        return;
      }
      case 'reply':
        if (this.blocked(c)) return this.defer(c, item, false);
        if (item.tag === 'is-master-down' && this.wireListeners.length > 0) {
          const m = { t: at, from: this.nodeOfTarget(c) ?? '?', to: owner.node, what: `reply ${JSON.stringify(item.reply)}` };
          for (const l of this.wireListeners) l(m);
        }
        this.input(owner, { type: 'reply', now, id: c.id, tag: item.tag, reply: item.reply });
        return;
      case 'message':
        if (this.blocked(c)) return this.defer(c, item, false);
        if (item.channel === '__sentinel__:hello' && this.heldBack(owner, item.payload)) return;
        this.input(owner, { type: 'message', now, id: c.id, channel: item.channel, payload: item.payload });
        return;
      case 'subscribed':
        if (this.blocked(c)) return this.defer(c, item, false);
        this.input(owner, { type: 'subscribed', now, id: c.id });
        return;
      case 'closed':
        if (!item.local && this.blocked(c)) return this.defer(c, item, false);
        if (owner.paused) return this.defer(c, item, false);
        this.removeConn(c);
        this.input(owner, { type: 'link-down', now, id: c.id, link: c.link, reason: item.reason });
        return;
    }
  }

  // ---- the far ends ----------------------------------------------------------

  private execute(c: Conn, t: Target, cmd: string[], at: number): PeerReply | typeof NO_REPLY | typeof SUBSCRIBED {
    this.hash.add(`${c.key} ${at} ${cmd.join(' ')}`);
    if (this.wireListeners.length > 0) {
      const m = { t: at, from: c.owner.node, to: t.kind === 'redis' ? t.inst.node : t.peer.node, what: cmd.join(' ') };
      for (const l of this.wireListeners) l(m);
    }
    return t.kind === 'redis' ? this.execRedis(c, t.inst, cmd, at) : this.execSentinel(c, t.peer, cmd);
  }

  private execRedis(c: Conn, r: SimRedis, cmd: string[], at: number): PeerReply | typeof NO_REPLY | typeof SUBSCRIBED {
    const name = (cmd[0] ?? '').toUpperCase();
    if (c.multi !== null && name !== 'EXEC' && name !== 'MULTI' && name !== 'DISCARD') {
      c.multi.push(cmd);
      return 'QUEUED';
    }
    switch (name) {
      case 'PING':
        return 'PONG';
      case 'INFO':
        return r.info(this.replicaLines(r), at);
      case 'AUTH':
        return { error: 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?' };
      case 'CLIENT': {
        const sub = (cmd[1] ?? '').toUpperCase();
        if (sub === 'SETNAME') return 'OK';
        if (sub === 'KILL' && (cmd[2] ?? '').toUpperCase() === 'TYPE') return this.killClients(r, c, (cmd[3] ?? '').toLowerCase(), at);
        return { error: 'ERR syntax error' };
      }
      case 'SUBSCRIBE':
        c.subscribed = true;
        return SUBSCRIBED;
      case 'PUBLISH':
        return this.publishOn(r, cmd[1] ?? '', cmd[2] ?? '', at);
      case 'MULTI':
        if (c.multi !== null) return { error: 'ERR MULTI calls can not be nested' };
        c.multi = [];
        return 'OK';
      case 'DISCARD':
        c.multi = null;
        return 'OK';
      case 'EXEC': {
        const queued = c.multi;
        if (queued === null) return { error: 'ERR EXEC without MULTI' };
        c.multi = null;
        const results: PeerReply[] = [];
        for (const q of queued) {
          const res = this.execRedis(c, r, q, at);
          results.push(res === NO_REPLY || res === SUBSCRIBED ? null : res);
        }
        return results;
      }
      case 'SLAVEOF':
      case 'REPLICAOF': {
        const h = cmd[1] ?? '';
        const p = cmd[2] ?? '';
        if (h.toUpperCase() === 'NO' && p.toUpperCase() === 'ONE') r.slaveOf(null, at);
        else r.slaveOf({ host: h, port: Number(p) }, at);
        this.replicasByMaster = null;
        this.slaveofLog.push({ t: at, port: r.port, to: `${h} ${p}` });
        return 'OK';
      }
      case 'CONFIG':
        return 'OK';
      case 'SCRIPT':
        return { error: 'NOTBUSY No scripts in execution right now.' };
      default:
        return { error: `ERR unknown command '${cmd[0] ?? ''}'` };
    }
  }

  /** CLIENT KILL TYPE: the caller is skipped (SKIPME yes), every other matching client dropped. */
  private killClients(r: SimRedis, caller: Conn, type: string, at: number): number {
    const link: LinkKind | null = type === 'normal' ? 'cmd' : type === 'pubsub' ? 'pubsub' : null;
    if (link === null) return 0;
    let n = 0;
    for (const c of this.connsToSorted(r)) {
      if (c === caller || c.link !== link || !c.open || c.broken) continue;
      if (c.target?.kind !== 'redis' || c.target.inst !== r || c.target.incarnation !== r.incarnation) continue;
      c.broken = true;
      this.queueDown(c, { kind: 'closed', conn: c, reason: 'Connection closed', local: false }, at);
      n++;
    }
    return n;
  }

  private publishOn(r: SimRedis, channel: string, payload: string, at: number): number {
    let n = 0;
    if (channel !== '__sentinel__:hello') return n;
    for (const c of this.connsToSorted(r)) {
      if (c.link !== 'pubsub' || !c.subscribed || c.broken) continue;
      if (c.target?.kind !== 'redis' || c.target.inst !== r || c.target.incarnation !== r.incarnation) continue;
      this.queueDown(c, { kind: 'message', conn: c, channel, payload }, at);
      n++;
    }
    return n;
  }

  private execSentinel(c: Conn, peer: SimSentinel, cmd: string[]): PeerReply | typeof NO_REPLY {
    const host = peer.host;
    if (host === null) return NO_REPLY;
    const name = (cmd[0] ?? '').toUpperCase();
    switch (name) {
      case 'PING':
        return 'PONG';
      case 'CLIENT':
        return 'OK';
      case 'AUTH':
        return { error: 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?' };
      case 'PUBLISH':
        return this.runPeerCommand(c, peer, () => {
          const run = publishCommand(host).run;
          if (run === undefined) throw new Error('PUBLISH has no run');
          return run(PEER_CLIENT, cmd);
        });
      case 'SENTINEL':
        // Only is-master-down-by-addr is sent by sentinels; the runner is the server's own.
        if ((cmd[1] ?? '').toLowerCase() !== 'is-master-down-by-addr') return { error: 'ERR unsupported in the simulation' };
        return this.runPeerCommand(c, peer, () => runInCore(host, ['sentinel', ...cmd.slice(1)], factsFor(host, cmd)));
      default:
        return { error: `ERR unknown command '${cmd[0] ?? ''}'` };
    }
  }

  /**
   * Runs a peer's command through the shell's runner, then ends the peer's
   * turn (its flushes written: see endTurn). A reply that waits (a vote
   * waiting for its durable write) goes out when the write ends, and never
   * if the peer dies first (the store's crash drops what waited).
   */
  private runPeerCommand(c: Conn, peer: SimSentinel, run: () => Reply | PromiseLike<Reply>): PeerReply | typeof NO_REPLY {
    const incarnation = peer.incarnation;
    const r = run();
    // It crashed doing it (a crash output): nothing goes out.
    if (peer.shell === null || peer.incarnation !== incarnation) return NO_REPLY;
    if (!isPromiseLike(r)) {
      this.endTurn(peer);
      return peerReplyOf(r);
    }
    r.then((reply) => {
      if (peer.incarnation !== incarnation || peer.shell === null) throw new Error(`sentinel ${peer.idx}: a reply from a dead incarnation`);
      this.queueDown(c, { kind: 'reply', conn: c, tag: 'is-master-down', reply: peerReplyOf(reply) });
    });
    this.endTurn(peer);
    return NO_REPLY;
  }

  // ---- replication -----------------------------------------------------------

  /** The replicas a master's INFO lists: those connected to it right now. */
  private replicaLines(r: SimRedis): ReplicaLine[] {
    const out: ReplicaLine[] = [];
    for (const s of this.replicasOf(r.port)) {
      if (!s.up || s.role !== 'slave' || s.masterPort !== r.port || s.masterHost !== r.host) continue;
      if (this.cut(s.node, r.node)) continue;
      out.push({ host: s.host, port: s.port, state: s.linkUp ? 'online' : 'wait_bgsave', offset: s.offset });
    }
    return out;
  }

  /**
   * The instances whose configuration names `port` as their master (in port
   * order, as a scan of this.redis gives them). Only SLAVEOF changes that
   * configuration, and it drops the index.
   */
  private replicasOf(port: number): readonly SimRedis[] {
    if (this.replicasByMaster === null) {
      const idx = new Map<number, SimRedis[]>();
      for (const r of this.redis.values()) {
        if (r.role !== 'slave') continue;
        const list = idx.get(r.masterPort);
        if (list === undefined) idx.set(r.masterPort, [r]);
        else list.push(r);
      }
      this.replicasByMaster = idx;
    }
    return this.replicasByMaster.get(port) ?? [];
  }

  private replicate(now: number): void {
    for (const r of this.redis.values()) if (r.up && r.role === 'master') r.offset += 1000;
    for (const r of this.redis.values()) {
      if (!r.up || r.role !== 'slave') continue;
      const m = r.masterHost === HOST ? this.redis.get(r.masterPort) : undefined;
      const reachable = m !== undefined && m.up && !this.cut(r.node, m.node);
      if (!reachable) {
        if (r.linkUp) {
          r.linkUp = false;
          r.linkDownSince = now;
        }
        r.syncAt = null;
        continue;
      }
      if (!r.linkUp) {
        if (r.syncAt === null) r.syncAt = now + this.syncMs;
        if (now >= r.syncAt) {
          r.linkUp = true;
          r.syncAt = null;
          r.offset = m.offset;
        }
        continue;
      }
      // Replicas trail their master a little, so that offsets differ between them.
      if (this.replRng() < 0.7) r.offset = m.offset;
    }
  }
}

const NO_REPLY = Symbol('no reply');

/** The client a peer's command runs for: the commands the simulation sends never look at it. */
const PEER_CLIENT: ClientContext = {
  id: 0,
  proto: 2,
  name: '',
  addr: `${HOST}:0`,
  laddr: `${HOST}:0`,
  authenticated: true,
  user: 'default',
  subscriptionCount: () => 0,
  write: () => {
    throw new Error('a peer command wrote out of band');
  },
  closeAfterReply: () => undefined,
};

/** A command's reply as the peer's link hands it to its core (src/links/peer-reply-convert.ts, over RESP2). */
function peerReplyOf(r: Reply): PeerReply {
  switch (r.t) {
    case 'status':
      return r.s;
    case 'error':
      return { error: r.s };
    case 'int':
      return Number(r.n);
    case 'bulk':
      return typeof r.s === 'string' ? r.s : r.s.toString('latin1');
    case 'renderedBulk': {
      const w = new ByteWriter(1024);
      r.render(w);
      return w.latin1();
    }
    case 'null':
    case 'nullarray':
      return null;
    case 'array':
    case 'push':
    case 'set':
      return r.items.map(peerReplyOf);
    case 'map':
      return r.entries.flatMap(([k, v]) => [peerReplyOf(k), peerReplyOf(v)]);
    case 'verbatim':
      return r.s;
    case 'none':
      throw new Error('a peer command answered nothing');
  }
}
const SUBSCRIBED = Symbol('subscribed');

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function connKey(s: SimSentinel, id: number, link: LinkKind): string {
  return `${s.idx}/${id}/${link}`;
}

/** A sentinel's numeric key for one of its links: ids are unique per process, two links per id. */
function linkSlot(id: number, link: LinkKind): number {
  return id * 2 + (link === 'pubsub' ? 1 : 0);
}


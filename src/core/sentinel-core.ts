import type { PeerAuth } from './context';
import type { CommandCore } from './commands/host';
import type { Instance } from './instance';
import { newInstance, replicaName } from './instance';
import type { Master } from './master';
import type { LinkKind, LogLevel, Output, ReplyTag, Verbosity } from './output';
import type { PeerReply } from './peer-reply';
import type { Surface } from './surfaces';
import { DEFAULT_RELEASE } from './surfaces';
import type { GlobalSettings, MasterSpec, PersistentState } from './persistent-state';
import { copyGlobalSettings } from './persistent-state';
import type { TimingParams } from './timing';
import { defaultTiming, TIMING_NAMES } from './timing';
import { describeInstance } from './event-format';
import { clipToLogMax } from './log-max-len';
import { announcedHost, ipLiteral, sameAddress } from './address';
import { checkObjectivelyDown, checkSubjectivelyDown, sdownDeadline } from './sdown';
import { askMasterStateToOtherSentinels, reconnectInstance, sendPeriodicCommands } from './periodic';
import { candidacyTime, runFailoverStateMachine, startFailover, startFailoverIfNeeded } from './failover';
import { discoverReplicas } from './info-refresh';
import { formatHello, helloRunidIs, processHello } from './hello';
import { resetMaster, resetMasterAndChangeAddress } from './reset';
import { masterDownRoundPending } from './master-down-replies';
import { voteLeader } from './vote';
import { promotionCandidates } from './select-slave';
import { globMatch } from './glob';
import { handleReply } from './replies';
import { snapshotState } from './snapshot';
import { settingsOf } from './master-options';
import type { MasterSettings } from './master-options';
import type { CommandFacts, CommandOutcome } from './commands/outcome';
import { runCommand } from './commands/table';
import type { MasterDownAnswer } from './commands/is-master-down-by-addr';
import { answerMasterDown } from './commands/is-master-down-by-addr';
import { asciiLower } from './bytes';
import { string2ll } from './string2ll';
import { closeConnection, closeLinks, connectionOpen, releaseLink, tryLinkSharing } from './link';
import { coreAssert } from './assert';
import { SaveLedger } from './saves';

/** what a step without outputs drains (shared, so read-only) */
const NO_OUTPUTS: readonly Output[] = Object.freeze([]);

export interface CoreOptions {
  state: PersistentState;
  /** seeded randomness in [0, 1) */
  random: () => number;
  timing?: TimingParams;
  /** the port announced in hellos when announce-port is 0 */
  port: number;
  peerAuth: PeerAuth;
  /** minutes, as Date#getTimezoneOffset: only used to print times in log lines */
  tzOffsetMinutes: number;
  now: number;
  /** the `loglevel` the shell's logger starts with (SENTINEL CONFIG reads and changes it) */
  loglevel?: Verbosity;
  /** `compat-release`: whose words answer where the served releases differ (see surfaces.ts) */
  compatRelease?: Surface;
}

/**
 * The deterministic Sentinel. Inputs are method calls carrying the current
 * time; outputs accumulate and are taken with `drain()`. Nothing here reads
 * a clock, touches a socket or a file, or draws randomness except from the
 * injected source: the same inputs always give the same outputs.
 */
/**
 * The core's global settings (announce-ip, deny-scripts-reconfig, ...), merged
 * into the class so that they are declared once, in GlobalSettings; the
 * constructor copies them from the state.
 */
export interface SentinelCore extends GlobalSettings {}

export class SentinelCore implements CommandCore {
  now: number;
  timing: TimingParams;
  myid: string;
  private epoch: bigint;
  tilt = false;
  tiltStartTime = 0;
  previousTime: number;
  masters = new Map<string, Master>();
  peerAuth: PeerAuth;
  loglevel: Verbosity;
  readonly compatRelease: Surface;
  simulateFailure = { crashAfterElection: false, crashAfterPromotion: false };
  readonly port: number;
  readonly tzOffsetMinutes: number;
  private readonly rand: () => number;
  private nextId = 1;
  readonly saves = new SaveLedger();
  private outbox: Output[] = [];
  /** DNS answers fed by the shell, by lower-cased hostname (see address.ts) */
  private dns = new Map<string, string>();
  /** hostnames whose resolution was requested and not answered yet */
  private dnsPending = new Set<string>();
  /** link id -> its instance, see findInstance */
  private byId = new Map<number, { inst: Instance; master: Master }>();
  /** records in byId at its last rebuild: past twice that, the departed ones are swept */
  private indexedLive = 0;
  /** shared links whose creating record has left, by link id: the record that carries each on (see findLinkOwner) */
  private linkCarriers = new Map<number, { inst: Instance; master: Master }>();

  constructor(o: CoreOptions) {
    this.now = o.now;
    this.previousTime = o.now;
    this.rand = o.random;
    this.timing = o.timing ?? defaultTiming();
    this.port = o.port;
    this.peerAuth = o.peerAuth;
    this.tzOffsetMinutes = o.tzOffsetMinutes;
    this.loglevel = o.loglevel ?? 'notice';
    this.compatRelease = o.compatRelease ?? DEFAULT_RELEASE;
    const st = o.state;
    this.epoch = st.currentEpoch;
    copyGlobalSettings(this, st);
    // The id comes from the OS's entropy, which only the shell has: daemon.ts
    // draws one for a config without `sentinel myid` and saves it first.
    if (st.myid === null) throw new Error('SentinelCore started without a myid: the shell must generate it');
    this.myid = st.myid;
    for (const spec of st.masters) this.addMaster(spec);
  }

  /** Start-up announcements, once the log is ready. */
  start(): void {
    this.log('warning', `Sentinel ID is ${this.myid}`);
    for (const m of this.masters.values()) {
      this.event('warning', '+monitor', m, m, `quorum ${m.quorum}`);
    }
  }

  // ---- CoreContext -------------------------------------------------------

  get currentEpoch(): bigint {
    return this.epoch;
  }

  /** Epochs never go back: every vote and every configuration is ordered by them. */
  set currentEpoch(e: bigint) {
    coreAssert(e >= this.epoch, 'the current epoch went backwards', `${this.epoch} -> ${e}`);
    this.epoch = e;
  }

  random(): number {
    return this.rand();
  }

  emit(o: Output): void {
    this.outbox.push(o);
  }

  event(level: LogLevel, type: string, inst: Instance | null, master: Master | null, extra?: string): void {
    let payload: string;
    if (inst !== null) {
      payload = describeInstance(inst, master, this.announceHostnames);
      if (extra !== undefined) payload += ` ${extra}`;
    } else payload = extra ?? '';
    payload = clipToLogMax(payload);
    let script: string | null = null;
    if (level === 'warning') {
      // Events about a master but printed without the instance prefix
      // (+new-epoch, +vote-for-leader, +switch-master) still go to that
      // master's notification script.
      const m = inst === null ? master : inst.kind === 'master' ? (inst as Master) : master;
      script = m?.notificationScript ?? null;
    }
    this.emit({ type: 'event', level, channel: type, payload, script });
  }

  log(level: LogLevel, message: string): void {
    this.emit({ type: 'log', level, message });
  }

  flushConfig(durable = true): number {
    const seq = this.saves.next();
    this.emit({ type: 'flush', durable, seq });
    return seq;
  }

  send(inst: Instance, master: Master, link: LinkKind, cmd: string[], tag: ReplyTag): boolean {
    if (link === 'cmd' ? !inst.link.cc : !inst.link.pc) return false;
    // Most masters rename nothing: no lower-casing of every PING for them.
    const renamed = master.renamedCommands.size === 0 ? undefined : master.renamedCommands.get(asciiLower(cmd[0] ?? ''))?.to;
    const out = renamed !== undefined ? [renamed, ...cmd.slice(1)] : cmd;
    this.emit({ type: 'send', id: inst.link.id, link, cmd: out, tag });
    if (link === 'cmd') {
      inst.link.pendingCommands++;
      inst.link.senders?.push(inst.id);
    }
    return true;
  }

  newInstanceId(): number {
    return this.nextId++;
  }

  indexInstance(inst: Instance, master: Master): void {
    this.byId.set(inst.id, { inst, master });
  }

  /**
   * Records leave their master in many ways (reset, remove, a sentinel
   * moving); their entries are dropped when looked up, and swept here so that
   * churn cannot grow the index without bound. Only from the tick: while a
   * master is being built (at load, by MONITOR) its records are indexed
   * before it joins `masters`, and a rebuild then would lose them for good
   * (found by the simulation: 50 masters loaded from a file, replicas whose
   * replies were all dropped).
   */
  private sweepIndex(): void {
    if (this.byId.size > 2 * this.indexedLive + 64) this.rebuildIndex();
  }

  private rebuildIndex(): void {
    this.byId.clear();
    // Carriers of links since closed would stay forever; the live ones are found again when next used.
    this.linkCarriers.clear();
    for (const m of this.masters.values()) {
      this.byId.set(m.id, { inst: m, master: m });
      for (const s of m.slaves.values()) this.byId.set(s.id, { inst: s, master: m });
      for (const s of m.sentinels.values()) this.byId.set(s.id, { inst: s, master: m });
    }
    this.indexedLive = this.byId.size;
  }

  lookupHost(host: string, logFailure = false): string | null {
    return this.lookup(host, logFailure);
  }

  private lookup(host: string, logFailure: boolean): string | null {
    const lit = ipLiteral(host);
    if (lit !== null) return lit;
    if (!this.resolveHostnames) {
      if (logFailure) this.log('warning', `Failed to resolve hostname '${host}'`);
      return null;
    }
    const known = this.dns.get(asciiLower(host));
    if (known !== undefined) return known;
    this.requestResolve(host);
    return null;
  }

  requestResolve(host: string): void {
    if (!this.resolveHostnames || ipLiteral(host) !== null) return;
    const key = asciiLower(host);
    if (this.dnsPending.has(key)) return;
    this.dnsPending.add(key);
    this.emit({ type: 'resolve', host });
  }

  /** The IP for a new instance: unresolved names are accepted (ip '') and resolved later. */
  private ipForNewInstance(host: string): string {
    return this.lookup(host, false) ?? '';
  }

  // ---- outputs -----------------------------------------------------------

  /** Takes the outputs produced since the last call, in order. */
  drain(): readonly Output[] {
    // Most replies produce nothing: no new array for them.
    if (this.outbox.length === 0) return NO_OUTPUTS;
    const o = this.outbox;
    this.outbox = [];
    return o;
  }

  // ---- construction helpers ----------------------------------------------

  addMaster(spec: MasterSpec): Master {
    const base = newInstance(this.newInstanceId(), 'master', spec.name, spec.host, spec.port, this.now);
    base.ip = this.ipForNewInstance(spec.host);
    // Grown from the instance record rather than spread into a new object:
    // V8 gives every spread copy a map of its own, and the tick's property
    // reads over hundreds of masters then go megamorphic (a runtime lookup each).
    // (leader and leaderEpoch are an instance's fields too: here, this sentinel's own vote)
    const own: Omit<Master, Exclude<keyof Instance, 'leader' | 'leaderEpoch'> | keyof MasterSettings> = {
      renamedCommands: new Map(spec.renamedCommands.map(([from, to]) => [asciiLower(from), { from, to }])),
      configEpoch: spec.configEpoch,
      leader: null,
      leaderEpoch: spec.leaderEpoch,
      leaderFlush: 0,
      failoverState: 'none',
      failoverEpoch: 0n,
      failoverStateChangeTime: 0,
      failoverStartTime: 0,
      failoverDelayLogged: 0,
      splitVoteRetryTime: 0,
      promotedSlave: null,
      slaves: new Map(),
      sentinels: new Map(),
      unresolvedReplicas: [],
    };
    const m: Master = Object.assign(base, { kind: 'master' as const }, settingsOf(spec), own);
    for (const r of spec.knownReplicas) {
      const ip = this.ipForNewInstance(r.host);
      const name = replicaName(announcedHost({ host: r.host, ip }, this.announceHostnames), r.port);
      const inst = newInstance(this.newInstanceId(), 'slave', name, r.host, r.port, this.now);
      inst.ip = ip;
      m.slaves.set(name, inst);
      this.indexInstance(inst, m);
    }
    for (const s of spec.knownSentinels) {
      const inst = newInstance(this.newInstanceId(), 'sentinel', s.runid, s.host, s.port, this.now);
      inst.ip = this.ipForNewInstance(s.host);
      inst.runid = s.runid;
      tryLinkSharing(this, inst, m);
      m.sentinels.set(s.runid, inst);
      this.indexInstance(inst, m);
    }
    this.masters.set(spec.name, m);
    this.indexInstance(m, m);
    return m;
  }

  // ---- inputs: time --------------------------------------------------------

  /** The periodic timer. Redis runs it 10-19 times a second; so should the shell. */
  tick(now: number): void {
    this.now = now;
    this.sweepIndex();
    this.checkTiltCondition();
    const switchTo: Master[] = [];
    for (const m of this.masters.values()) {
      this.handleInstance(m, m);
      for (const s of m.slaves.values()) this.handleInstance(s, m);
      for (const s of m.sentinels.values()) this.handleInstance(s, m);
      if (m.failoverState === 'update_config') switchTo.push(m);
    }
    // After the whole pass, as Redis does: the switch rebuilds the replica
    // records that the loop above was iterating.
    for (const m of switchTo) this.switchToPromotedSlave(m);
  }

  private checkTiltCondition(): void {
    const delta = this.now - this.previousTime;
    // A timer that ran late or a clock that jumped makes every timeout
    // meaningless for a while; act on nothing until things settle.
    if (delta < 0 || delta > this.timing.tiltTrigger) {
      this.tilt = true;
      this.tiltStartTime = this.now;
      this.event('warning', '+tilt', null, null, '#tilt mode entered');
    }
    this.previousTime = this.now;
  }

  private handleInstance(inst: Instance, master: Master): void {
    reconnectInstance(this, inst, master, this.myid);
    sendPeriodicCommands(this, inst, master, this.sendHelloFn);
    if (this.tilt) {
      if (this.now - this.tiltStartTime < this.timing.tiltPeriod) return;
      this.tilt = false;
      this.event('warning', '-tilt', null, null, '#tilt mode exited');
    }
    checkSubjectivelyDown(this, inst, master);
    if (inst.kind === 'master') {
      checkObjectivelyDown(this, master);
      if (startFailoverIfNeeded(this, master, this.tzOffsetMinutes)) askMasterStateToOtherSentinels(this, master, true);
      runFailoverStateMachine(this, master);
      askMasterStateToOtherSentinels(this, master, false);
    }
  }

  /**
   * The decisions a reply can unlock, taken when it arrives rather than at
   * the next tick: the answer that completes the quorum makes odown (and
   * starts the failover) at once, the vote that completes the majority
   * elects at once, the INFO that shows the promotion reconfigures the
   * replicas at once. The rules are the tick's own; only the wait goes.
   */
  private actOnReply(m: Master): void {
    if (this.tilt || this.masters.get(m.name) !== m) return;
    if (!masterDownRoundPending(m)) checkObjectivelyDown(this, m);
    if (startFailoverIfNeeded(this, m, this.tzOffsetMinutes)) askMasterStateToOtherSentinels(this, m, true);
    runFailoverStateMachine(this, m);
    if (m.failoverState === 'update_config') this.switchToPromotedSlave(m);
    this.sendForcedHellos(m);
  }

  /**
   * Hellos that forceHelloUpdate made due go out now: the first one after a
   * promotion is how the other sentinels learn the new configuration, and
   * every one of them (and the clients they serve) waits for it.
   */
  private sendForcedHellos(m: Master): void {
    // Runs after every reply: no allocation, nothing to do unless a hello is due.
    this.sendForcedHello(m, m);
    for (const s of m.slaves.values()) this.sendForcedHello(s, m);
    for (const s of m.sentinels.values()) this.sendForcedHello(s, m);
  }

  private sendForcedHello(inst: Instance, m: Master): void {
    if (inst.lastPubTime !== 0 || inst.link.disconnected) return;
    this.sendHello(inst, m);
    // The reply to the PUBLISH sets it again; until then one is enough.
    inst.lastPubTime = this.now;
  }

  /**
   * When the shell should call tick() next at the latest, besides its own
   * timer: the earliest moment a master can become sdown (see sdownDeadline)
   * or this sentinel's turn to stand for one in odown comes (candidacy.ts).
   * Null when nothing is pending.
   */
  nextWakeup(): number | null {
    if (this.tilt) return null;
    // Asked after every tick: a plain loop, no closure made for each call.
    let next = Infinity;
    for (const m of this.masters.values()) {
      const due = sdownDeadline(m);
      if (due !== null && due < next) next = due;
      if (m.flags.oDown && !m.flags.failoverInProgress) {
        const turn = m.splitVoteRetryTime !== 0 ? m.splitVoteRetryTime : candidacyTime(this, m);
        if (turn > this.now && turn < next) next = turn;
      }
    }
    return next === Infinity ? null : next;
  }

  private switchToPromotedSlave(m: Master): void {
    const ref = m.promotedSlave ?? m;
    const ann = (i: Instance): string => announcedHost(i, this.announceHostnames);
    this.event('warning', '+switch-master', null, m, `${m.name} ${ann(m)} ${m.port} ${ann(ref)} ${ref.port}`);
    resetMasterAndChangeAddress(this, m, { host: ref.host, ip: ref.ip, port: ref.port }, (i) => this.closeLinks(i));
  }

  /** one closure for the whole life of the core, not one per instance per tick */
  private readonly sendHelloFn = (inst: Instance, master: Master): void => this.sendHello(inst, master);

  private sendHello(inst: Instance, master: Master): void {
    if (inst.link.disconnected) return;
    const ip = this.announceIp ?? inst.link.localIp;
    if (ip === null) return;
    const port = this.announcePort !== 0 ? this.announcePort : this.port;
    const payload = formatHello(ip, port, this.myid, this.currentEpoch, master, this.announceHostnames);
    this.send(inst, master, 'cmd', ['PUBLISH', '__sentinel__:hello', payload], 'publish');
  }

  closeLinks(inst: Instance): void {
    closeLinks(this, inst);
  }

  // ---- inputs: DNS ---------------------------------------------------------

  /**
   * The shell's answer to a `resolve` output (null: the name did not
   * resolve). Every instance known by that name takes the new IP, which is
   * how an instance that moved is followed; replicas that INFO listed under
   * that name can now be added.
   */
  resolved(host: string, ip: string | null, now: number): void {
    this.now = now;
    const key = asciiLower(host);
    const requested = this.dnsPending.delete(key);
    if (ip === null) {
      // Only the core's own requests are worth a log line: MONITOR resolving
      // on the shell's initiative reports its failure to the client instead.
      if (requested) this.log('warning', `Failed to resolve hostname '${host}'`);
      return;
    }
    this.dns.set(key, ip);
    for (const m of this.masters.values()) {
      for (const inst of [m, ...m.slaves.values(), ...m.sentinels.values()]) {
        if (asciiLower(inst.host) === key) inst.ip = ip;
      }
    }
    for (const m of this.masters.values()) {
      if (m.unresolvedReplicas.some((r) => asciiLower(r.host) === key)) discoverReplicas(this, m, m.unresolvedReplicas);
    }
  }

  // ---- inputs: links -------------------------------------------------------

  /**
   * The instance a link id belongs to: every record is indexed by id when it
   * joins its master (indexInstance), and ids are never reused, so an entry
   * whose record has left its master since is simply dropped.
   */
  private findInstance(id: number): { inst: Instance; master: Master } | null {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    if (this.stillAttached(entry.inst, entry.master)) return entry;
    this.byId.delete(id);
    return null;
  }

  /**
   * The record whose link has this id (see Link.id): the record that made
   * it, or, once that one has left a shared link, another record of the
   * link, found once and kept in linkCarriers.
   */
  private findLinkOwner(id: number): { inst: Instance; master: Master } | null {
    const found = this.findInstance(id);
    if (found !== null && found.inst.link.id === id) return found;
    const carrier = this.linkCarriers.get(id);
    if (carrier !== undefined && carrier.inst.link.id === id && this.stillAttached(carrier.inst, carrier.master)) return carrier;
    this.linkCarriers.delete(id);
    for (const m of this.masters.values()) {
      for (const s of m.sentinels.values()) {
        if (s.link.id !== id) continue;
        const owner = { inst: s, master: m };
        this.linkCarriers.set(id, owner);
        return owner;
      }
    }
    return null;
  }

  private stillAttached(inst: Instance, master: Master): boolean {
    if (this.masters.get(master.name) !== master) return false;
    if (inst.kind === 'master') return inst === master;
    const home = inst.kind === 'slave' ? master.slaves : master.sentinels;
    return home.get(inst.name) === inst;
  }

  /** The TCP connection of a link is established; localIp is our side's address. */
  linkConnected(id: number, link: LinkKind, localIp: string, now: number): void {
    this.now = now;
    if (link !== 'cmd') return;
    const found = this.findLinkOwner(id);
    // A connection the core has closed meanwhile: the shell closes its socket.
    if (found === null || !found.inst.link.cc) return;
    found.inst.link.localIp = localIp;
  }

  /** A link failed to connect or was closed by the peer. */
  linkClosed(id: number, link: LinkKind, reason: string, now: number): void {
    this.now = now;
    const found = this.findLinkOwner(id);
    if (!found) return;
    const { inst, master } = found;
    if (!closeConnection(this, inst, link, 'peer')) return;
    if (link === 'cmd') {
      // The silence starts now, not at the reconnection's PING: an instance
      // that died is counted down from its death, on every sentinel alike
      // (not a tick later on each), and a reconnection paced a ping period
      // out cannot restart the clock of an instance already sdown.
      if (inst.link.actPingTime === 0) inst.link.actPingTime = now;
    }
    this.event('debug', link === 'cmd' ? '-cmd-link-reconnection' : '-pubsub-link-reconnection', inst, master, `#${reason}`);
  }

  reply(id: number, tag: ReplyTag, r: PeerReply, now: number): void {
    this.now = now;
    const found = this.findLinkOwner(id);
    if (!found) return;
    const link = found.inst.link;
    const onPubsub = tag === 'pubsub' || tag === 'subscribe';
    // A reply still in flight when the core closed the connection: nothing
    // it says is about the link the core knows now.
    if (!connectionOpen(link, onPubsub ? 'pubsub' : 'cmd')) return;
    // A peer may answer what it was never asked: that is its fault, not a broken invariant.
    if (!onPubsub && link.pendingCommands > 0) link.pendingCommands--;
    let from = found;
    if (!onPubsub && link.senders !== null) {
      const sender = link.senders.shift();
      const s = sender === undefined ? null : this.findInstance(sender);
      // The record that asked has left (or nothing was asked): the reply is
      // dropped, as redis's callback that discards it does.
      if (s === null || s.inst.link !== link) return;
      from = s;
    }
    handleReply(this, from.inst, from.master, tag, r);
    this.actOnReply(from.master);
  }

  /** The SUBSCRIBE to the hello channel was confirmed: like any message, it proves the subscription alive. */
  subscribed(id: number, now: number): void {
    this.now = now;
    const found = this.findLinkOwner(id);
    if (found === null || !found.inst.link.pc) return;
    found.inst.link.pcLastActivity = now;
  }

  /** A message on a pub/sub link (any message proves the subscription alive). */
  pubsubMessage(id: number, channel: string, payload: string, now: number): void {
    this.now = now;
    const found = this.findLinkOwner(id);
    if (found === null) return;
    if (found.inst.link.pc) found.inst.link.pcLastActivity = now;
    // A hello is the peer's word whichever socket carried it.
    if (channel !== '__sentinel__:hello') return;
    // Our own hellos come back through the instance; they carry nothing new.
    if (helloRunidIs(payload, this.myid)) return;
    processHello(this, payload, (i) => this.closeLinks(i));
  }

  // ---- inputs: scripts ------------------------------------------------------

  /** A script the shell ran for us failed or ran too long: operators learn it as an event. */
  scriptExited(path: string, outcome: { error: { signal: number; code: number } } | { timeout: { pid: number } }, now: number): void {
    this.now = now;
    if ('error' in outcome) this.event('warning', '-script-error', null, null, `${path} ${outcome.error.signal} ${outcome.error.code}`);
    else this.event('warning', '-script-timeout', null, null, `${path} ${outcome.timeout.pid}`);
  }

  // ---- inputs: config saves -------------------------------------------------

  /**
   * A config write ended (see SaveLedger). A candidate waiting for its own
   * vote to be on disk (vote.ts ownVoteSaved) decides now, rather than at
   * the next tick: with one sentinel its own vote is the whole election.
   */
  saveResult(seq: number, ok: boolean, now: number): void {
    this.now = now;
    this.saves.record(seq, ok);
    if (this.tilt) return;
    for (const m of this.masters.values()) {
      if (m.flags.failoverInProgress && m.failoverState === 'wait_start') runFailoverStateMachine(this, m);
    }
  }

  // ---- inputs: client commands ---------------------------------------------


  /** PUBLISH __sentinel__:hello from a client or a peer sentinel. */
  publishedHello(payload: string, now: number): void {
    this.now = now;
    processHello(this, payload, (i) => this.closeLinks(i));
  }

  /**
   * A peer's IS-MASTER-DOWN-BY-ADDR, already parsed (the simulation's peers
   * and the vote tests ask this way); clients go through command().
   */
  isMasterDownByAddr(host: string, port: number, reqEpoch: bigint, runid: string, now: number): MasterDownAnswer {
    this.now = now;
    return answerMasterDown(this, host, port, reqEpoch, runid);
  }

  /**
   * A client command the core decides (see commands/table.ts), from its raw
   * arguments to the reply; `facts` are what the shell looked up first.
   * The outcome says whether the config must be written before replying.
   */
  command(args: readonly string[], facts: CommandFacts, now: number): CommandOutcome {
    this.now = now;
    return runCommand(this, args, facts);
  }

  /** The +monitor of a MONITOR, once its reply is out (see AfterReply). */
  announceMonitor(name: string): void {
    const m = this.masters.get(name);
    if (m) this.event('warning', '+monitor', m, m, `quorum ${m.quorum}`);
  }

  dropMaster(m: Master): void {
    for (const s of m.slaves.values()) this.closeLinks(s);
    for (const s of m.sentinels.values()) releaseLink(this, s);
    this.closeLinks(m);
    this.masters.delete(m.name);
  }

  // ---- state for persistence -----------------------------------------------

  snapshot(): PersistentState {
    return snapshotState(this);
  }
}

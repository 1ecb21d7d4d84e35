import { SentinelCore } from '../../src/core/sentinel-core';
import type { LinkKind, LogLevel, Output } from '../../src/core/output';
import type { PeerReply } from '../../src/core/peer-reply';
import type { MasterSpec, PersistentState } from '../../src/core/persistent-state';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import type { TimingParams } from '../../src/core/timing';
import { defaultTiming } from '../../src/core/timing';
import type { Master } from '../../src/core/master';
import type { Instance } from '../../src/core/instance';

/**
 * Drives one SentinelCore by hand for rule-level tests: time moves only when
 * the test says so, and every command the core sends is answered at once (in
 * the same millisecond) by a per-port handler, or not at all when the handler
 * returns undefined. Connection plumbing (CLIENT SETNAME, SUBSCRIBE, hellos
 * published on an instance coming back on the pub/sub link) is handled here so
 * that handlers only deal with what a test is about.
 */

export type Handler = (cmd: string[], now: number) => PeerReply | undefined;

export const MYID = 'a'.repeat(40);
export const PEER_A = 'b'.repeat(40);
export const PEER_B = 'c'.repeat(40);
export const PEER_C = 'd'.repeat(40);
export const T0 = 1_000_000;

export interface DriverOptions {
  masters?: MasterSpec[];
  myid?: string;
  currentEpoch?: bigint;
  timing?: Partial<TimingParams>;
  random?: () => number;
  now?: number;
  /** applied to the state before the core is built */
  edit?: (st: PersistentState) => void;
  /**
   * 'ok' (the default): every durable flush is reported saved at once, before
   * the outputs after it are performed, as the shell's writes end before the
   * link outputs they hold; 'manual': the test reports them (saveResult).
   */
  saves?: 'ok' | 'manual';
}

export interface SeenEvent {
  t: number;
  level: LogLevel;
  channel: string;
  payload: string;
  script: string | null;
}

export function masterSpec(over: Partial<MasterSpec> = {}): MasterSpec {
  return { ...newMasterSpec('mymaster', '127.0.0.1', 6379, 1), downAfterMs: 5000, failoverTimeoutMs: 60000, ...over };
}

export class CoreDriver {
  readonly core: SentinelCore;
  now: number;
  readonly outputs: Array<{ t: number; o: Output }> = [];
  readonly handlers = new Map<number, Handler>();
  /** ports that refuse connections and drop their open ones */
  readonly down = new Set<number>();
  private readonly open = new Map<string, number>();
  private readonly subscribed = new Map<number, Set<number>>();
  private readonly saves: 'ok' | 'manual';

  constructor(o: DriverOptions = {}) {
    this.now = o.now ?? T0;
    this.saves = o.saves ?? 'ok';
    const st = emptyPersistentState();
    st.myid = o.myid ?? MYID;
    st.currentEpoch = o.currentEpoch ?? 0n;
    st.masters = o.masters ?? [masterSpec()];
    o.edit?.(st);
    this.core = new SentinelCore({
      state: st,
      random: o.random ?? (() => 0),
      timing: { ...defaultTiming(), ...o.timing },
      port: 26379,
      peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null },
      tzOffsetMinutes: 0,
      now: this.now,
    });
    this.pump();
  }

  get master(): Master {
    const m = this.core.masters.get('mymaster');
    if (!m) throw new Error('no mymaster');
    return m;
  }

  slave(port: number): Instance {
    const s = this.master.slaves.get(`127.0.0.1:${port}`);
    if (!s) throw new Error(`no replica ${port}`);
    return s;
  }

  /** One timer tick, `ms` after the previous one. */
  tick(ms = 100): void {
    this.now += ms;
    this.core.tick(this.now);
    this.pump();
  }

  /** Ticks every 100 ms until `t` (absolute) is reached. */
  runTo(t: number): void {
    while (this.now + 100 <= t) this.tick();
  }

  run(ms: number): void {
    this.runTo(this.now + ms);
  }

  /** Ticks until an event on `channel` appears; returns its time, or null after `maxMs`. */
  runUntilEvent(channel: string, maxMs: number): number | null {
    const from = this.outputs.length;
    const end = this.now + maxMs;
    while (this.now < end) {
      this.tick();
      for (let i = from; i < this.outputs.length; i++) {
        const x = this.outputs[i];
        if (x && x.o.type === 'event' && x.o.channel === channel) return x.t;
      }
    }
    return null;
  }

  /** The numbers of the durable flushes so far, oldest first (for saveResult in 'manual' mode). */
  durableFlushes(): number[] {
    const out: number[] = [];
    for (const { o } of this.outputs) if (o.type === 'flush' && o.durable) out.push(o.seq);
    return out;
  }

  /** Reports the write of the state as of flush `seq` (see the save-result input). */
  saveResult(seq: number, ok: boolean): void {
    this.input((c, now) => c.saveResult(seq, ok, now));
  }

  /** Runs an input method of the core now and performs its outputs. */
  input<T>(fn: (core: SentinelCore, now: number) => T): T {
    const r = fn(this.core, this.now);
    this.pump();
    return r;
  }

  events(since = 0): SeenEvent[] {
    const out: SeenEvent[] = [];
    for (const { t, o } of this.outputs) {
      if (o.type === 'event' && t >= since) out.push({ t, level: o.level, channel: o.channel, payload: o.payload, script: o.script });
    }
    return out;
  }

  channels(since = 0): string[] {
    return this.events(since)
      .filter((e) => e.level !== 'debug')
      .map((e) => e.channel);
  }

  sent(since = 0): Array<{ t: number; id: number; link: LinkKind; cmd: string[] }> {
    const out: Array<{ t: number; id: number; link: LinkKind; cmd: string[] }> = [];
    for (const { t, o } of this.outputs) if (o.type === 'send' && t >= since) out.push({ t, id: o.id, link: o.link, cmd: o.cmd });
    return out;
  }

  logs(since = 0): string[] {
    const out: string[] = [];
    for (const { t, o } of this.outputs) if (o.type === 'log' && t >= since) out.push(o.message);
    return out;
  }

  /** Closes every open link to `port` as a crashed process would, and refuses new ones. */
  crash(port: number): void {
    this.down.add(port);
    for (const [k, p] of [...this.open]) {
      if (p !== port) continue;
      this.open.delete(k);
      const [id, link] = k.split('/') as [string, LinkKind];
      this.core.linkClosed(Number(id), link, 'Connection closed', this.now);
    }
    this.subscribed.delete(port);
    this.pump();
  }

  restart(port: number): void {
    this.down.delete(port);
  }

  private pump(): void {
    for (;;) {
      const outs = this.core.drain();
      if (outs.length === 0) return;
      for (const o of outs) {
        this.outputs.push({ t: this.now, o });
        if (o.type === 'flush' && o.durable && this.saves === 'ok') this.core.saveResult(o.seq, true, this.now);
        else if (o.type === 'connect') this.connect(o.id, o.link, o.port);
        else if (o.type === 'close') this.open.delete(`${o.id}/${o.link}`);
        else if (o.type === 'send') this.answer(o.id, o.link, o.cmd, o.tag);
      }
    }
  }

  private connect(id: number, link: LinkKind, port: number): void {
    if (!this.handlers.has(port) || this.down.has(port)) {
      this.core.linkClosed(id, link, 'Connection refused', this.now);
      return;
    }
    this.open.set(`${id}/${link}`, port);
    this.core.linkConnected(id, link, '127.0.0.1', this.now);
  }

  private answer(id: number, link: LinkKind, cmd: string[], tag: Parameters<SentinelCore['reply']>[1]): void {
    const port = this.open.get(`${id}/${link}`);
    if (port === undefined) return;
    const name = (cmd[0] ?? '').toUpperCase();
    if (name === 'SUBSCRIBE') {
      let set = this.subscribed.get(port);
      if (!set) this.subscribed.set(port, (set = new Set()));
      set.add(id);
      this.core.subscribed(id, this.now);
      return;
    }
    if (name === 'CLIENT' && (cmd[1] ?? '').toUpperCase() === 'SETNAME') {
      this.core.reply(id, tag, 'OK', this.now);
      return;
    }
    if (name === 'PUBLISH' && link === 'cmd' && port < 20000) {
      // An instance relays the hello to its subscribers, ourselves included.
      const subs = [...(this.subscribed.get(port) ?? [])];
      this.core.reply(id, tag, subs.length, this.now);
      for (const s of subs) this.core.pubsubMessage(s, cmd[1] ?? '', cmd[2] ?? '', this.now);
      return;
    }
    const h = this.handlers.get(port);
    const r = h?.(cmd, this.now);
    if (r !== undefined) this.core.reply(id, tag, r, this.now);
  }
}

// ---- ready-made handlers ----------------------------------------------------

export interface FakeRedis {
  role: 'master' | 'slave';
  runId: string;
  /** answer PING (and everything else) at all */
  answering: boolean;
  pingReply: PeerReply;
  masterPort: number;
  linkUp: boolean;
  priority: number;
  offset: number;
  /** the replicas a master lists */
  replicas: number[];
  /** apply SLAVEOF commands (EXEC) */
  obeySlaveof: boolean;
  slaveofs: string[];
  /** extra INFO lines */
  extra: string[];
}

export function fakeRedis(over: Partial<FakeRedis> = {}): FakeRedis {
  return {
    role: 'master',
    runId: '0'.repeat(40),
    answering: true,
    pingReply: 'PONG',
    masterPort: 6379,
    linkUp: true,
    priority: 100,
    offset: 1000,
    replicas: [],
    obeySlaveof: true,
    slaveofs: [],
    extra: [],
    ...over,
  };
}

export function fakeInfo(r: FakeRedis): string {
  const lines = ['# Server', 'redis_version:7.0.15', `run_id:${r.runId}`, '', '# Replication', `role:${r.role}`];
  if (r.role === 'slave') {
    lines.push(
      'master_host:127.0.0.1',
      `master_port:${r.masterPort}`,
      `master_link_status:${r.linkUp ? 'up' : 'down'}`,
      `slave_repl_offset:${r.offset}`,
      `slave_priority:${r.priority}`,
      'replica_announced:1',
    );
  }
  lines.push(`connected_slaves:${r.replicas.length}`);
  r.replicas.forEach((p, i) => lines.push(`slave${i}:ip=127.0.0.1,port=${p},state=online,offset=${r.offset},lag=0`));
  lines.push(...r.extra, `master_repl_offset:${r.offset}`, '');
  return lines.join('\r\n');
}

/** PING/INFO/MULTI/SLAVEOF/EXEC for a FakeRedis; SLAVEOF takes effect on EXEC. */
export function redisHandler(r: FakeRedis): Handler {
  let queued: string[][] | null = null;
  return (cmd) => {
    if (!r.answering) return undefined;
    const name = (cmd[0] ?? '').toUpperCase();
    if (queued !== null && name !== 'EXEC') {
      queued.push(cmd);
      return 'QUEUED';
    }
    switch (name) {
      case 'PING':
        return r.pingReply;
      case 'INFO':
        return fakeInfo(r);
      case 'MULTI':
        queued = [];
        return 'OK';
      case 'EXEC': {
        const q = queued ?? [];
        queued = null;
        for (const c of q) {
          if ((c[0] ?? '').toUpperCase() !== 'SLAVEOF') continue;
          r.slaveofs.push(`${c[1]} ${c[2]}`);
          if (!r.obeySlaveof) continue;
          if (c[1] === 'NO') r.role = 'master';
          else {
            r.role = 'slave';
            r.masterPort = Number(c[2]);
          }
        }
        return q.map(() => 'OK');
      }
      default:
        return 'OK';
    }
  };
}

/** A peer sentinel answering is-master-down-by-addr with whatever `vote` says at that moment. */
export function peerHandler(vote: (epoch: bigint, runid: string) => [number, string, number] | undefined): Handler {
  return (cmd) => {
    const name = (cmd[0] ?? '').toUpperCase();
    if (name === 'PING') return 'PONG';
    if (name === 'PUBLISH') return 1;
    if (name === 'SENTINEL' && (cmd[1] ?? '').toLowerCase() === 'is-master-down-by-addr') {
      return vote(BigInt(cmd[4] ?? '0'), cmd[5] ?? '*');
    }
    return 'OK';
  };
}

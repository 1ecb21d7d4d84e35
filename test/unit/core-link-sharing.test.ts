import { describe, expect, it } from 'vitest';
import type { SentinelCore } from '../../src/core/sentinel-core';
import { newMasterSpec } from '../../src/core/persistent-state';
import { commandCore, T } from './core-commands-helpers';
import type { Output } from '../../src/core/output';
import type { Instance } from '../../src/core/instance';
import type { CommandFacts } from '../../src/core/commands/outcome';

/**
 * One peer sentinel watching three of our masters: its three records share
 * one link (redis's sentinelTryConnectionSharing), so the peer gets one
 * connection and one PING per period, and each record still gets its own
 * hellos, its own answers and its own votes.
 */
const T0 = T;
const PEER = 'b'.repeat(40);
const MASTERS = ['m0', 'm1', 'm2'];
const NO_FACTS: CommandFacts = {};

/** A core watching m0, m1, m2 (ports 7000-7002), each listing `known` as a known sentinel. */
function core(known: Array<{ runid: string; host: string; port: number }> = []): SentinelCore {
  return commandCore((st) => {
    st.masters.length = 0;
    MASTERS.forEach((name, i) => {
      const spec = newMasterSpec(name, '127.0.0.1', 7000 + i, 1);
      spec.knownSentinels.push(...known);
      st.masters.push(spec);
    });
  });
}

function hello(master: string, port = 26380, ip = '127.0.0.1'): string {
  const i = MASTERS.indexOf(master);
  return `${ip},${port},${PEER},0,${master},127.0.0.1,${7000 + i},0`;
}

function peerRecord(c: SentinelCore, master: string): Instance {
  const s = c.masters.get(master)?.sentinels.get(PEER);
  if (s === undefined) throw new Error(`no peer record under ${master}`);
  return s;
}

/** The core with the peer's hellos for all three masters read, and the shared link connected. */
function withPeer(): { c: SentinelCore; out: Output[] } {
  const c = core();
  let now = T0 + 100;
  c.tick(now);
  for (const m of MASTERS) c.publishedHello(hello(m), now);
  const out: Output[] = [...c.drain()];
  now += 100;
  c.tick(now);
  out.push(...c.drain());
  const link = peerRecord(c, 'm0').link;
  c.linkConnected(link.id, 'cmd', '127.0.0.1', now);
  // The peer answers what was sent on connecting (CLIENT SETNAME, PING): replies come in order.
  answerAll(c, out, link.id, now + 1);
  c.drain();
  return { c, out };
}

function sendsTo(out: readonly Output[], id: number, cmd: string): number {
  return out.filter((o) => o.type === 'send' && o.id === id && o.cmd[0] === cmd).length;
}

/**
 * Answers every command sent on the peer's link, in order, as a peer does;
 * `downFor`: the master port the peer says is down.
 */
function answerAll(c: SentinelCore, out: readonly Output[], id: number, now: number, downFor = ''): void {
  for (const o of out) {
    if (o.type !== 'send' || o.id !== id) continue;
    if (o.cmd[0] === 'PING') c.reply(id, o.tag, 'PONG', now);
    else if (o.cmd[0] === 'PUBLISH') c.reply(id, o.tag, 1, now);
    else if (o.cmd[1] === 'is-master-down-by-addr') c.reply(id, o.tag, [o.cmd[3] === downFor ? 1 : 0, '*', 0], now);
    else c.reply(id, o.tag, 'OK', now);
  }
}

describe('a peer sentinel watching several masters', () => {
  it('has one link for all its records, connected once', () => {
    const { c, out } = withPeer();
    const records = MASTERS.map((m) => peerRecord(c, m));
    expect(new Set(records.map((r) => r.link)).size).toBe(1);
    expect(records.map((r) => r.link.refcount)).toEqual([3, 3, 3]);
    const toPeer = out.filter((o) => o.type === 'connect' && o.port === 26380);
    expect(toPeer).toHaveLength(1);
    expect(toPeer[0]).toMatchObject({ id: records[0]?.link.id, link: 'cmd' });
  });

  it('is pinged once per period, and hears one hello per master', () => {
    const { c } = withPeer();
    const id = peerRecord(c, 'm0').link.id;
    const out: Output[] = [];
    let now = T0 + 200;
    for (let t = 0; t < 50; t++) {
      now += 100;
      c.tick(now);
      const step = c.drain();
      out.push(...step);
      answerAll(c, step, id, now + 1);
      out.push(...c.drain());
    }
    // 5 s: a PING a second on the one link (three records would make it fifteen).
    const pings = sendsTo(out, id, 'PING');
    expect(pings).toBeGreaterThanOrEqual(4);
    expect(pings).toBeLessThanOrEqual(6);
    // Hellos are per master: each record publishes its own every 2 s.
    const hellos = out.filter((o) => o.type === 'send' && o.id === id && o.cmd[0] === 'PUBLISH').map((o) => (o.type === 'send' ? o.cmd[2]?.split(',')[4] : ''));
    for (const m of MASTERS) expect(hellos.filter((h) => h === m).length).toBeGreaterThanOrEqual(2);
    for (const m of MASTERS) expect(peerRecord(c, m).flags.sDown).toBe(false);
  });

  it("gives each record the answer to its own is-master-down-by-addr", () => {
    const { c } = withPeer();
    const id = peerRecord(c, 'm0').link.id;
    // No master answers: all go sdown, and the peer's three records are asked over the one link.
    let now = T0 + 200;
    let asked: Output[] = [];
    for (let t = 0; t < 400 && asked.length === 0; t++) {
      now += 100;
      c.tick(now);
      const step = c.drain();
      asked = step.filter((o) => o.type === 'send' && o.id === id && o.cmd[1] === 'is-master-down-by-addr');
      // In order, as the peer answers: it says "down" only about m1 (port 7001).
      answerAll(c, step, id, now + 1, '7001');
      c.drain();
    }
    const ports = asked.map((o) => (o.type === 'send' ? o.cmd[3] : ''));
    expect([...ports].sort()).toEqual(['7000', '7001', '7002']);
    expect(MASTERS.map((m) => peerRecord(c, m).flags.masterDown)).toEqual([false, true, false]);
  });

  it('keeps the link open for the other masters when one master forgets the peer (SENTINEL RESET)', () => {
    const { c } = withPeer();
    const link = peerRecord(c, 'm0').link;
    // m0's record made the link: its id stays the link's address after the record leaves.
    expect(link.id).toBe(peerRecord(c, 'm0').id);
    c.command(['SENTINEL', 'RESET', 'm0'], NO_FACTS, T0 + 300);
    const out = c.drain();
    expect(c.masters.get('m0')?.sentinels.size).toBe(0);
    expect(out.filter((o) => o.type === 'close' && o.id === link.id)).toEqual([]);
    expect(peerRecord(c, 'm1').link).toBe(link);
    expect(link.refcount).toBe(2);
    // Replies on the link still reach the records that remain.
    c.tick(T0 + 1500);
    const step = c.drain();
    expect(sendsTo(step, link.id, 'PING')).toBe(1);
    c.reply(link.id, 'ping', 'PONG', T0 + 1510);
    expect(peerRecord(c, 'm2').link.lastPongTime).toBe(T0 + 1510);
    // Removing the last records closes it.
    c.command(['SENTINEL', 'RESET', 'm*'], NO_FACTS, T0 + 1600);
    expect(c.drain().filter((o) => o.type === 'close' && o.id === link.id)).toHaveLength(1);
  });

  it('drops a reply due to a record that has left, and keeps counting the link', () => {
    const { c } = withPeer();
    const link = peerRecord(c, 'm0').link;
    c.tick(T0 + 2500);
    const step = c.drain();
    const m0Hello = step.find((o) => o.type === 'send' && o.id === link.id && o.cmd[0] === 'PUBLISH' && o.cmd[2]?.split(',')[4] === 'm0');
    expect(m0Hello).toBeDefined();
    const pending = link.pendingCommands;
    c.command(['SENTINEL', 'RESET', 'm0'], NO_FACTS, T0 + 2510);
    c.drain();
    // Answer everything sent in that step, in order: m0's hello reply finds no record.
    answerAll(c, step, link.id, T0 + 2520);
    expect(link.pendingCommands).toBeLessThan(pending);
    expect(link.senders).toEqual([]);
  });

  it('follows the peer to a new address with all its records, over one link', () => {
    const { c } = withPeer();
    const link = peerRecord(c, 'm0').link;
    c.publishedHello(hello('m1', 26390), T0 + 300);
    const out = c.drain();
    const channels = out.filter((o) => o.type === 'event').map((o) => (o.type === 'event' ? `${o.channel} ${o.payload}` : ''));
    expect(channels.some((e) => e.startsWith('+sentinel-address-switch'))).toBe(true);
    expect(channels.some((e) => e.startsWith('+sentinel-address-update') && e.includes('2 additional matching instances'))).toBe(true);
    expect(out.filter((o) => o.type === 'close' && o.id === link.id)).toHaveLength(1);
    const records = MASTERS.map((m) => peerRecord(c, m));
    expect(records.map((r) => r.port)).toEqual([26390, 26390, 26390]);
    expect(new Set(records.map((r) => r.link)).size).toBe(1);
    expect(records[0]?.link.refcount).toBe(3);
    c.tick(T0 + 1500);
    const again = c.drain().filter((o) => o.type === 'connect');
    expect(again.filter((o) => o.type === 'connect' && o.port === 26390)).toHaveLength(1);
    expect(again.filter((o) => o.type === 'connect' && o.port === 26380)).toHaveLength(0);
  });

  it('shares the link of peers listed in the config file (known-sentinel)', () => {
    const c = core([{ runid: PEER, host: '127.0.0.1', port: 26380 }]);
    c.tick(T0 + 100);
    expect(c.drain().filter((o) => o.type === 'connect' && o.port === 26380)).toHaveLength(1);
    expect(peerRecord(c, 'm2').link.refcount).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { SentinelCore } from '../../src/core/sentinel-core';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import { flagsString } from '../../src/core/instance';
import { mulberry32 } from '../../src/core/prng';
import type { Output } from '../../src/core/output';
import type { Link } from '../../src/core/link';

const T0 = 5_000_000;

function core(): SentinelCore {
  const state = emptyPersistentState();
  state.myid = 'a'.repeat(40);
  state.masters.push(newMasterSpec('mymaster', '127.0.0.1', 6379, 1));
  return new SentinelCore({
    state,
    random: mulberry32(1),
    port: 26379,
    peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null },
    tzOffsetMinutes: 0,
    now: T0,
  });
}

describe('links', () => {
  it('opens a command and a pub/sub link, subscribes to the hello channel on the latter', () => {
    const c = core();
    c.tick(T0 + 100);
    const out = c.drain();
    const m = c.masters.get('mymaster');
    expect(m).toBeDefined();
    const connects = out.filter((o): o is Extract<Output, { type: 'connect' }> => o.type === 'connect');
    expect(connects.map((o) => o.link)).toEqual(['cmd', 'pubsub']);
    const sends = out.filter((o): o is Extract<Output, { type: 'send' }> => o.type === 'send');
    expect(sends.filter((s) => s.link === 'pubsub').map((s) => [s.cmd[0], s.tag])).toEqual([
      ['CLIENT', 'pubsub'],
      ['SUBSCRIBE', 'subscribe'],
    ]);
    expect(flagsString(m!)).toBe('master');
  });

  it('drops the pub/sub link when SUBSCRIBE is refused (NOAUTH), and retries it later', () => {
    const c = core();
    c.tick(T0 + 100);
    c.drain();
    const m = c.masters.get('mymaster')!;
    const pendingBefore = m.link.pendingCommands;
    c.reply(m.id, 'pubsub', { error: 'NOAUTH Authentication required.' }, T0 + 110);
    expect(m.link.pendingCommands).toBe(pendingBefore); // pub/sub replies are not command-link replies
    c.reply(m.id, 'subscribe', { error: 'NOAUTH Authentication required.' }, T0 + 120);
    const out = c.drain();
    expect(out).toContainEqual({ type: 'close', id: m.id, link: 'pubsub' });
    expect(flagsString(m)).toBe('master,disconnected');
    // Reconnection waits for the ping period since the last attempt.
    c.tick(T0 + 500);
    expect(c.drain().filter((o) => o.type === 'connect')).toEqual([]);
    c.tick(T0 + 1200);
    expect(c.drain().filter((o) => o.type === 'connect')).toEqual([{ type: 'connect', id: m.id, link: 'pubsub', host: '127.0.0.1', port: 6379 }]);
  });

  it('keeps the pub/sub link when SUBSCRIBE succeeds', () => {
    const c = core();
    c.tick(T0 + 100);
    c.drain();
    const m = c.masters.get('mymaster')!;
    c.reply(m.id, 'subscribe', 1, T0 + 120);
    expect(c.drain().filter((o) => o.type === 'close')).toEqual([]);
    expect(m.link.pc).toBe(true);
  });
});

describe('instances loaded from the file', () => {
  it('every link of 50 masters is reachable by its id, and each peer has one link shared by its 50 records', () => {
    const state = emptyPersistentState();
    state.myid = 'a'.repeat(40);
    for (let i = 0; i < 50; i++) {
      const spec = newMasterSpec(`m${i}`, '127.0.0.1', 7000 + 2 * i, 2);
      spec.knownReplicas.push({ host: '127.0.0.1', port: 7001 + 2 * i });
      spec.knownSentinels.push({ runid: 'b'.repeat(40), host: '127.0.0.1', port: 26380 }, { runid: 'c'.repeat(40), host: '127.0.0.1', port: 26381 });
      state.masters.push(spec);
    }
    const c = new SentinelCore({ state, random: mulberry32(1), port: 26379, peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null }, tzOffsetMinutes: 0, now: T0 });
    c.tick(T0 + 100);
    const connects = c.drain().filter((o) => o.type === 'connect' && o.link === 'cmd');
    // 50 masters, 50 replicas, 2 peers: one command connection each.
    expect(connects.length).toBe(102);
    const links = new Set<Link>();
    let records = 0;
    for (const m of c.masters.values()) {
      for (const inst of [m, ...m.slaves.values(), ...m.sentinels.values()]) {
        records++;
        links.add(inst.link);
      }
    }
    expect(records).toBe(200);
    expect(links.size).toBe(102);
    for (const s of c.masters.get('m7')!.sentinels.values()) expect(s.link.refcount).toBe(50);
    // A connection failure reported for a link the core knows is an event; for one it lost, silence.
    for (const l of links) c.linkClosed(l.id, 'cmd', 'Connection refused', T0 + 200);
    const events = c.drain().filter((o) => o.type === 'event' && o.channel === '-cmd-link-reconnection');
    expect(events.length).toBe(102);
  });
});

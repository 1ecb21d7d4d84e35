import { describe, expect, it } from 'vitest';
import { World } from './world';

/**
 * The simulated sentinels run the shell's own OutputHandler and command
 * runner: what those guarantee holds in the simulation too.
 */
function world(seed: number): World {
  return new World({ seed, sentinels: 3, replicas: 2, quorum: 2, downAfterMs: 3000, failoverTimeoutMs: 10000, preknownSentinels: true });
}

describe('the shell in the simulation', () => {
  it('holds a candidate\'s vote requests until its new epoch is on disk (slow saves)', () => {
    const w = world(3);
    w.run(15000);
    const saved: Array<{ t: number; sentinel: string; epoch: bigint }> = [];
    w.saveListeners.push((s, x) => saved.push({ t: x.now, sentinel: s.node, epoch: s.persisted.currentEpoch }));
    const asks: Array<{ t: number; from: string; epoch: bigint }> = [];
    w.wireListeners.push((m) => {
      const a = m.what.split(' ');
      if (a[0] === 'SENTINEL' && a[1] === 'is-master-down-by-addr' && a[5] !== '*') asks.push({ t: m.t, from: m.from, epoch: BigInt(a[4] ?? '0') });
    });
    for (const s of w.sentinels) w.setSaveMode(s.idx, { slowMs: 700 });
    w.crashRedis(6379);
    w.run(20000);
    expect(asks.length).toBeGreaterThan(0);
    for (const a of asks) {
      const onDisk = saved.some((s) => s.sentinel === a.from && s.t <= a.t && s.epoch >= a.epoch);
      expect(onDisk, `${a.from} asked for votes in epoch ${a.epoch} at ${a.t} before saving it`).toBe(true);
    }
    // Slow saves everywhere split the elections (each candidate's own vote
    // is announced late); with fast ones again a leader is elected.
    for (const s of w.sentinels) w.setSaveMode(s.idx, 'ok');
    w.run(40000);
    expect(w.actualMasters().length, w.describe()).toBe(1);
  });

  it('answers a resolve output from the simulation\'s DNS, and fails loudly on a name it does not know', () => {
    const w = world(1);
    w.run(3000);
    const host = w.mustSentinel(0).host;
    if (host === null) throw new Error('s0 is down');
    w.dns.set('redis.sim', '127.0.0.1');
    expect(host.resolveHost('redis.sim')).toBeDefined();
    expect(() => host.resolveHost('nowhere.sim')).toThrow(/not a name of the simulation/);
  });
});

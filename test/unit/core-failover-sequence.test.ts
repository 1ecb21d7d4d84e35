import { describe, expect, it } from 'vitest';
import type { PersistentState } from '../../src/core/persistent-state';
import { settle } from '../sim/invariants';
import { MASTER_NAME, World } from '../sim/world';

/**
 * One sentinel (quorum 1), a master on 6379 and replicas 6380/6381; 6381 has
 * the better priority so the choice is known in advance.
 */
function setup(): { w: World; myid: string } {
  const w = new World({ seed: 42, sentinels: 1, replicas: 2, quorum: 1, downAfterMs: 3000, failoverTimeoutMs: 30000, lockstep: true });
  w.mustRedis(6381).priority = 50;
  w.run(15000);
  return { w, myid: w.mustSentinel(0).myid };
}

const LOG_CHAR = { warning: '#', notice: '*', verbose: '-', debug: '.' } as const;

describe('single-sentinel failover', () => {
  it('emits the exact event sequence of 7.0.15, up to the old master going sdown as a replica', () => {
    const { w, myid } = setup();
    const from = w.now;
    w.crashRedis(6379);
    w.run(20_000);
    const M = 'master mymaster 127.0.0.1 6379';
    const S1 = 'slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster 127.0.0.1 6379';
    const S0 = 'slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379';
    const got = w.events.filter((e) => e.t >= from && (e.level === 'warning' || e.level === 'notice')).map((e) => `${LOG_CHAR[e.level]} ${e.channel} ${e.payload}`);
    expect(got).toEqual([
      `# +sdown ${M}`,
      `# +odown ${M} #quorum 1/1`,
      '# +new-epoch 1',
      `# +try-failover ${M}`,
      `# +vote-for-leader ${myid} 1`,
      `# +elected-leader ${M}`,
      `# +failover-state-select-slave ${M}`,
      `# +selected-slave ${S1}`,
      `* +failover-state-send-slaveof-noone ${S1}`,
      `* +failover-state-wait-promotion ${S1}`,
      `# +promoted-slave ${S1}`,
      `# +failover-state-reconf-slaves ${M}`,
      `* +slave-reconf-sent ${S0}`,
      `* +slave-reconf-inprog ${S0}`,
      `* +slave-reconf-done ${S0}`,
      `# +failover-end ${M}`,
      '# +switch-master mymaster 127.0.0.1 6379 127.0.0.1 6381',
      '* +slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6381',
      '* +slave slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6381',
      '# +sdown slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6381',
    ]);
    // Published but below notice: the promoted replica's role change, between wait-promotion and promoted-slave.
    const all = w.events.filter((e) => e.t >= from).map((e) => e.channel);
    const rc = all.indexOf('-role-change');
    expect(rc).toBeGreaterThan(all.indexOf('+failover-state-wait-promotion'));
    expect(rc).toBeLessThan(all.indexOf('+promoted-slave'));
    // And the instances did what they were told.
    expect(w.mustRedis(6381).role).toBe('master');
    expect([w.mustRedis(6380).role, w.mustRedis(6380).masterPort]).toEqual(['slave', 6381]);
    expect(w.slaveofLog.map((s) => `${s.port} ${s.to}`)).toEqual(['6381 NO ONE', '6380 127.0.0.1 6381']);
  });

  it('snapshot: the promoted replica is written as the master as soon as it is promoted, and after the switch', () => {
    const { w, myid } = setup();
    let atPromotion: PersistentState | null = null;
    w.eventListeners.push((e, world) => {
      if (e.channel === '+promoted-slave') atPromotion = world.core(0).snapshot();
    });
    w.crashRedis(6379);
    w.run(20_000);
    const mid = (atPromotion as PersistentState | null)?.masters[0];
    expect([mid?.host, mid?.port, mid?.configEpoch]).toEqual(['127.0.0.1', 6381, 1n]);
    expect(mid?.knownReplicas.map((r) => r.port).sort()).toEqual([6379, 6380]);

    const snap = w.core(0).snapshot();
    expect(snap.myid).toBe(myid);
    expect(snap.currentEpoch).toBe(1n);
    const m = snap.masters[0];
    expect(m?.name).toBe(MASTER_NAME);
    expect([m?.host, m?.port, m?.configEpoch, m?.leaderEpoch]).toEqual(['127.0.0.1', 6381, 1n, 1n]);
    expect(m?.knownReplicas.map((r) => `${r.host}:${r.port}`).sort()).toEqual(['127.0.0.1:6379', '127.0.0.1:6380']);
    // What a restart would read back is the same.
    expect(w.mustSentinel(0).persisted).toEqual(snap);
  });

  it('the old master, back as a master, is converted to a replica of the new one', () => {
    const { w } = setup();
    w.crashRedis(6379);
    w.run(20_000);
    const back = w.now;
    w.restartRedis(6379);
    expect(settle(w, 60_000, 5000, { replicas: true })).toBeNull();
    w.run(15_000); // one more INFO period, to see the new role reported
    const evs = w.events.filter((e) => e.t >= back && e.level !== 'debug').map((e) => `${e.channel} ${e.payload}`);
    const OLD = 'slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6381';
    expect(evs).toEqual([
      `-role-change ${OLD} new reported role is master`,
      `-sdown ${OLD}`,
      `+convert-to-slave ${OLD}`,
      `+role-change ${OLD} new reported role is slave`,
    ]);
    const convertAt = w.events.find((e) => e.channel === '+convert-to-slave')?.t ?? 0;
    const roleAt = w.events.find((e) => e.t >= back && e.channel === '-role-change')?.t ?? 0;
    // It must have reported master for 4 publish periods (8 s) first.
    expect(convertAt - roleAt).toBeGreaterThan(8000);
    expect([w.mustRedis(6379).role, w.mustRedis(6379).masterPort]).toEqual(['slave', 6381]);
  });
});

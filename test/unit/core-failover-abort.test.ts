import { describe, expect, it } from 'vitest';
import { CoreDriver, PEER_A, PEER_B, T0, fakeRedis, masterSpec, peerHandler, redisHandler } from '../helpers/core-driver';
import type { FakeRedis } from '../helpers/core-driver';

const M = 'master mymaster 127.0.0.1 6379';

/** A master on 6379 with the given replicas (each replicating from it), failover-timeout `ft`. */
function setup(o: { replicas: number[]; quorum?: number; ft?: number; peers?: boolean }): { d: CoreDriver; fakes: Map<number, FakeRedis> } {
  const d = new CoreDriver({
    masters: [
      masterSpec({
        quorum: o.quorum ?? 1,
        downAfterMs: 5000,
        failoverTimeoutMs: o.ft ?? 60_000,
        knownSentinels: o.peers
          ? [
              { host: '127.0.0.1', port: 26380, runid: PEER_A },
              { host: '127.0.0.1', port: 26381, runid: PEER_B },
            ]
          : [],
      }),
    ],
  });
  const fakes = new Map<number, FakeRedis>();
  const master = fakeRedis({ replicas: o.replicas });
  fakes.set(6379, master);
  d.handlers.set(6379, redisHandler(master));
  for (const p of o.replicas) {
    const r = fakeRedis({ role: 'slave', runId: String(p % 10).repeat(40) });
    fakes.set(p, r);
    d.handlers.set(p, redisHandler(r));
  }
  return { d, fakes };
}

describe('failover aborts', () => {
  it('-failover-abort-no-good-slave: a master without replicas (single sentinel, as observed)', () => {
    const { d } = setup({ replicas: [] });
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const from = d.now;
    expect(d.runUntilEvent('-failover-abort-no-good-slave', 15_000)).not.toBeNull();
    expect(d.events(from).filter((e) => e.level !== 'debug').map((e) => `${e.channel} ${e.payload}`)).toEqual([
      `+sdown ${M}`,
      `+odown ${M} #quorum 1/1`,
      '+new-epoch 1',
      `+try-failover ${M}`,
      `+vote-for-leader ${'a'.repeat(40)} 1`,
      `+elected-leader ${M}`,
      `+failover-state-select-slave ${M}`,
      `-failover-abort-no-good-slave ${M}`,
    ]);
    expect(d.master.flags.failoverInProgress).toBe(false);
    expect(d.master.failoverState).toBe('none');
    // The next attempt waits two failover timeouts from the start of this one.
    d.tick();
    expect(d.logs(from).filter((l) => l.startsWith('Next failover delay'))).toHaveLength(1);
    const start = d.master.failoverStartTime;
    d.runTo(start + 119_900);
    expect(d.channels(from).filter((c) => c === '+try-failover')).toHaveLength(1);
    d.tick();
    expect(d.now - start).toBe(120_000);
    expect(d.channels(from).filter((c) => c === '+try-failover')).toHaveLength(2);
  });

  it.each([
    { ft: 60_000, electionTimeout: 10_000, peerVote: '*' },
    { ft: 60_000, electionTimeout: 10_000, peerVote: PEER_A },
    { ft: 4000, electionTimeout: 4000, peerVote: '*' },
  ])('-failover-abort-not-elected after min(10 s, failover-timeout) = $electionTimeout ms (peers vote $peerVote)', ({ ft, electionTimeout, peerVote }) => {
    const { d } = setup({ replicas: [6380], quorum: 2, ft, peers: true });
    const vote = (epoch: bigint): [number, string, number] => [1, peerVote, peerVote === '*' ? 0 : Number(epoch)];
    d.handlers.set(26380, peerHandler(vote));
    d.handlers.set(26381, peerHandler(vote));
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const tryAt = d.runUntilEvent('+try-failover', 15_000) ?? 0;
    expect(d.master.failoverStartTime).toBe(tryAt);
    d.runTo(tryAt + electionTimeout);
    expect(d.channels(tryAt)).not.toContain('-failover-abort-not-elected');
    d.tick();
    expect(d.events(tryAt).filter((e) => e.channel === '-failover-abort-not-elected').map((e) => [e.t - tryAt, e.payload])).toEqual([
      [electionTimeout + 100, M],
    ]);
    expect(d.channels(tryAt)).not.toContain('+elected-leader');
  });

  it('-failover-abort-slave-timeout: the selected replica never reports role:master', () => {
    const { d, fakes } = setup({ replicas: [6380], ft: 20_000 });
    const replica = fakes.get(6380);
    if (replica) replica.obeySlaveof = false;
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const waitAt = d.runUntilEvent('+failover-state-wait-promotion', 15_000) ?? 0;
    expect(replica?.slaveofs).toEqual(['NO ONE']);
    d.runTo(waitAt + 20_000);
    expect(d.channels(waitAt)).not.toContain('-failover-abort-slave-timeout');
    d.tick();
    expect(d.events(waitAt).filter((e) => e.channel === '-failover-abort-slave-timeout').map((e) => e.t - waitAt)).toEqual([20_100]);
    expect(d.master.promotedSlave).toBeNull();
    expect(d.slave(6380).flags.promoted).toBe(false);
  });

  it('-failover-abort-slave-timeout: the selected replica is unreachable for a whole failover-timeout', () => {
    const { d, fakes } = setup({ replicas: [6380], ft: 20_000 });
    const replica = fakes.get(6380);
    // Lost before it could act on SLAVEOF NO ONE.
    if (replica) replica.obeySlaveof = false;
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const selectedAt = d.runUntilEvent('+selected-slave', 15_000) ?? 0;
    // The selection and SLAVEOF NO ONE are one step (no tick in between), so
    // the replica is lost while the promotion is awaited.
    expect(d.events(selectedAt).find((e) => e.channel === '+failover-state-wait-promotion')?.t).toBe(selectedAt);
    d.crash(6380);
    d.runTo(selectedAt + 20_000);
    expect(d.channels(selectedAt)).not.toContain('-failover-abort-slave-timeout');
    expect(d.master.failoverState).toBe('wait_promotion');
    d.tick();
    expect(d.events(selectedAt).filter((e) => e.channel === '-failover-abort-slave-timeout').map((e) => e.t - selectedAt)).toEqual([20_100]);
    expect(d.master.failoverState).toBe('none');
  });
});

import { describe, expect, it } from 'vitest';
import { getLeader } from '../../src/core/vote';
import { CoreDriver, MYID, PEER_A, PEER_B, PEER_C, masterSpec } from '../helpers/core-driver';

const E = 'e'.repeat(40);
const F = 'f'.repeat(40);

describe('voteLeader (through IS-MASTER-DOWN-BY-ADDR)', () => {
  it('one vote per epoch; a newer epoch is adopted and gets a new vote', () => {
    const d = new CoreDriver();
    const steps: Array<{ epoch: bigint; runid: string; leader: string; leaderEpoch: bigint; current: bigint; events: string[] }> = [
      { epoch: 1n, runid: PEER_A, leader: PEER_A, leaderEpoch: 1n, current: 1n, events: ['+new-epoch 1', `+vote-for-leader ${PEER_A} 1`] },
      { epoch: 1n, runid: PEER_B, leader: PEER_A, leaderEpoch: 1n, current: 1n, events: [] },
      { epoch: 3n, runid: PEER_B, leader: PEER_B, leaderEpoch: 3n, current: 3n, events: ['+new-epoch 3', `+vote-for-leader ${PEER_B} 3`] },
      { epoch: 2n, runid: PEER_C, leader: PEER_B, leaderEpoch: 3n, current: 3n, events: [] },
      { epoch: 3n, runid: PEER_C, leader: PEER_B, leaderEpoch: 3n, current: 3n, events: [] },
      // "*" only asks for the opinion: no vote, no epoch adoption.
      { epoch: 9n, runid: '*', leader: '*', leaderEpoch: 0n, current: 3n, events: [] },
      { epoch: 4n, runid: MYID, leader: MYID, leaderEpoch: 4n, current: 4n, events: ['+new-epoch 4', `+vote-for-leader ${MYID} 4`] },
    ];
    for (const s of steps) {
      const before = d.outputs.length;
      const r = d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, s.epoch, s.runid, now));
      expect({ leader: r.leader, leaderEpoch: r.leaderEpoch }).toEqual({ leader: s.leader, leaderEpoch: s.leaderEpoch });
      expect(d.core.currentEpoch).toBe(s.current);
      const evs = d.outputs.slice(before).flatMap(({ o }) => (o.type === 'event' ? [`${o.channel} ${o.payload}`] : []));
      expect(evs).toEqual(s.events);
    }
  });

  it('the vote is flushed before it is announced', () => {
    const d = new CoreDriver();
    const before = d.outputs.length;
    d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 1n, PEER_A, now));
    const kinds = d.outputs.slice(before).map(({ o }) => (o.type === 'event' ? o.channel : o.type));
    expect(kinds).toEqual(['flush', '+new-epoch', 'flush', '+vote-for-leader']);
  });

  it('voting for another sentinel pushes our own failover start back (desync), voting for ourselves does not', () => {
    const d = new CoreDriver({ random: () => 0.5 });
    d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 1n, PEER_A, now));
    expect(d.master.failoverStartTime).toBe(d.now + 500);
    d.tick();
    d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 2n, MYID, now));
    expect(d.master.failoverStartTime).toBe(d.now - 100 + 500);
  });

  it('an unknown master address gets no vote and changes no epoch', () => {
    const d = new CoreDriver();
    const r = d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 7000, 5n, PEER_A, now));
    expect(r).toEqual({ down: false, leader: '*', leaderEpoch: 0n });
    expect(d.core.currentEpoch).toBe(0n);
  });

  it('reports down only for an sdown master', () => {
    const d = new CoreDriver();
    expect(d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 0n, '*', now)).down).toBe(false);
    d.master.flags.sDown = true;
    expect(d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 0n, '*', now)).down).toBe(true);
  });
});

describe('getLeader: majority of all known sentinels and at least the quorum', () => {
  const cases: Array<{ name: string; quorum: number; peers: Array<string | null | [string, bigint]>; ownVote?: string; want: string | null }> = [
    { name: 'no votes yet: we vote for ourselves, 1 of 3 is no majority', quorum: 2, peers: [null, null], want: null },
    { name: 'one peer voted for us: 2 of 3', quorum: 2, peers: [MYID, null], want: MYID },
    { name: 'both peers voted for A: we follow, 3 of 3', quorum: 2, peers: [PEER_A, PEER_A], want: PEER_A },
    { name: 'votes from an older epoch do not count', quorum: 2, peers: [[MYID, 1n], [MYID, 1n]], want: null },
    { name: 'we already voted for B this epoch: A still wins with 2 of 3', quorum: 2, peers: [PEER_A, PEER_A], ownVote: PEER_B, want: PEER_A },
    { name: 'majority reached but below a quorum of 4', quorum: 4, peers: [PEER_A, PEER_A, null, null], want: null },
    { name: 'quorum 2 of 5 is not enough without a majority of 3', quorum: 2, peers: [MYID, null, null, null], want: null },
    { name: '3 of 5 with quorum 2', quorum: 2, peers: [PEER_A, PEER_A, null, null], want: PEER_A },
    { name: 'split 2/2/1: nobody', quorum: 2, peers: [PEER_A, PEER_A, PEER_B, PEER_B], ownVote: MYID, want: null },
  ];

  it.each(cases)('$name', ({ quorum, peers, ownVote, want }) => {
    const ids = [PEER_A, PEER_B, PEER_C, E, F].slice(0, peers.length);
    const d = new CoreDriver({
      masters: [masterSpec({ quorum, knownSentinels: ids.map((runid, i) => ({ host: '127.0.0.1', port: 26380 + i, runid })) })],
      currentEpoch: 2n,
    });
    const m = d.master;
    ids.forEach((runid, i) => {
      const s = m.sentinels.get(runid);
      const v = peers[i];
      if (v === undefined || v === null) return;
      if (!s) throw new Error(`sentinel ${runid} was not added to the master`);
      [s.leader, s.leaderEpoch] = Array.isArray(v) ? v : [v, 2n];
    });
    if (ownVote !== undefined) {
      m.leader = ownVote;
      m.leaderEpoch = 2n;
    }
    // The first count casts our vote; the driver's shell saves it, and our
    // own vote counts from then on (core-own-vote-save.test.ts).
    d.input((c) => getLeader(c, m, 2n));
    expect(getLeader(d.core, m, 2n)).toBe(want);
    // Our own vote in this epoch is cast (or kept) whatever the outcome.
    expect(m.leaderEpoch).toBe(2n);
  });
});

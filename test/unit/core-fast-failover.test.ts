import { describe, expect, it } from 'vitest';
import { candidacyDelay } from '../../src/core/candidacy';
import type { Master } from '../../src/core/master';
import { CANDIDACY_STEP_MS } from '../../src/core/timing';
import { CoreDriver, MYID, PEER_A, PEER_B, fakeRedis, masterSpec, peerHandler, redisHandler } from '../helpers/core-driver';

const IDS = [MYID, PEER_A, PEER_B] as const;

/**
 * Sentinel `me` monitoring master `name` on 6379 (replica 6380) with the
 * other two of IDS as known peers on 26380/26381. Peers answer "down" and
 * vote as `vote` says.
 */
function group(name: string, me: string, vote: (epoch: bigint, runid: string) => [number, string, number] | undefined): CoreDriver {
  const peers = IDS.filter((id) => id !== me);
  const d = new CoreDriver({
    myid: me,
    masters: [
      masterSpec({
        name,
        quorum: 2,
        downAfterMs: 1000,
        knownSentinels: peers.map((runid, i) => ({ host: '127.0.0.1', port: 26380 + i, runid })),
      }),
    ],
  });
  d.handlers.set(6379, redisHandler(fakeRedis({ replicas: [6380] })));
  d.handlers.set(6380, redisHandler(fakeRedis({ role: 'slave', runId: '1'.repeat(40) })));
  d.handlers.set(26380, peerHandler(vote));
  d.handlers.set(26381, peerHandler(vote));
  return d;
}

function masterOf(d: CoreDriver, name: string): Master {
  const m = d.core.masters.get(name);
  if (m === undefined) throw new Error(`no master ${name}`);
  return m;
}

/** Peers that think the master is down and have voted for nobody. */
const downNoVote = (): [number, string, number] => [1, '*', 0];

describe('candidacy order', () => {
  it('every sentinel computes the same order: the three delays are 0, 1 and 2 steps, and the first place rotates over masters', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const name = `m${i}`;
      const delays = IDS.map((me) => {
        const d = group(name, me, downNoVote);
        d.run(1000);
        return candidacyDelay(masterOf(d, name), me);
      });
      expect([...delays].sort((a, b) => a - b), name).toEqual([0, CANDIDACY_STEP_MS, 2 * CANDIDACY_STEP_MS]);
      const first = IDS[delays.indexOf(0)] ?? '?';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // A mass failover's leaders spread over the sentinels.
    for (const id of IDS) expect(firsts.get(id) ?? 0, id).toBeGreaterThanOrEqual(10);
  });

  it('a peer that is unreachable does not hold a place in the order', () => {
    const name = namesByRank(MYID)[2] ?? '';
    const d = group(name, MYID, downNoVote);
    d.run(1000);
    expect(candidacyDelay(masterOf(d, name), MYID)).toBe(2 * CANDIDACY_STEP_MS);
    d.crash(26380);
    d.run(100);
    expect(candidacyDelay(masterOf(d, name), MYID)).toBe(CANDIDACY_STEP_MS);
  });

  it.each([0, 1, 2])('at rank %i, +try-failover comes rank x 50 ms after +odown', (rank) => {
    const name = namesByRank(MYID)[rank] ?? '';
    const d = group(name, MYID, downNoVote);
    d.run(5000);
    d.crash(6379);
    const odownAt = d.runUntilEvent('+odown', 5000);
    expect(odownAt).not.toBeNull();
    // The driver's ticks are 100 ms apart; the shell wakes the core at nextWakeup().
    const wake = d.core.nextWakeup();
    if (rank > 0) expect(wake).toBe((odownAt ?? 0) + rank * CANDIDACY_STEP_MS);
    if (wake !== null && wake > d.now) d.tick(wake - d.now);
    const tries = d.events().filter((e) => e.channel === '+try-failover');
    expect(tries.map((e) => e.t - (odownAt ?? 0))).toEqual([rank * CANDIDACY_STEP_MS]);
  });

  it('a sentinel that votes for an earlier candidate while it waits for its turn does not stand', () => {
    const name = namesByRank(MYID)[2] ?? '';
    const d = group(name, MYID, downNoVote);
    d.run(5000);
    d.crash(6379);
    expect(d.runUntilEvent('+odown', 5000)).not.toBeNull();
    const vote = d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 1n, PEER_A, now));
    expect(vote).toEqual({ down: true, leader: PEER_A, leaderEpoch: 1n });
    d.run(3000);
    expect(d.channels()).not.toContain('+try-failover');
  });
});

describe('epochs', () => {
  it('masters failing together share one new epoch; a master that used an epoch takes a new one', () => {
    const d = new CoreDriver({
      masters: [masterSpec({ name: 'mymaster', downAfterMs: 1000 }), masterSpec({ name: 'other', port: 7379, downAfterMs: 1000 })],
    });
    d.handlers.set(6379, redisHandler(fakeRedis({ replicas: [6380] })));
    d.handlers.set(6380, redisHandler(fakeRedis({ role: 'slave', runId: '1'.repeat(40) })));
    d.handlers.set(7379, redisHandler(fakeRedis({ replicas: [7380], runId: '2'.repeat(40) })));
    d.handlers.set(7380, redisHandler(fakeRedis({ role: 'slave', runId: '3'.repeat(40), masterPort: 7379 })));
    d.run(5000);
    d.crash(6379);
    d.crash(7379);
    d.run(3000);
    const ev = d.events().filter((e) => ['+new-epoch', '+try-failover', '+switch-master'].includes(e.channel));
    expect(ev.map((e) => `${e.channel} ${e.payload}`)).toEqual([
      '+new-epoch 1',
      '+try-failover master mymaster 127.0.0.1 6379',
      '+try-failover master other 127.0.0.1 7379',
      '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380',
      '+switch-master other 127.0.0.1 7379 127.0.0.1 7380',
    ]);
    expect([masterOf(d, 'mymaster').configEpoch, masterOf(d, 'other').configEpoch]).toEqual([1n, 1n]);
    // The new master of 'mymaster' dies too: epoch 1 is used for it now.
    d.handlers.set(6381, redisHandler(fakeRedis({ role: 'slave', runId: '4'.repeat(40), masterPort: 6380 })));
    const from = d.now;
    d.crash(6380);
    d.run(3000);
    expect(d.events(from).filter((e) => e.channel === '+new-epoch').map((e) => e.payload)).toEqual(['2']);
  });

  it("votes count only in the epoch they were cast: a failover of epoch 1 is not won with epoch 2's votes", () => {
    // Peers first ignore our request (no vote), then a peer's request moves
    // us to epoch 2, then both peers report having voted for us in epoch 2.
    let reported: [number, string, number] = [1, '*', 0];
    const name = namesByRank(MYID)[0] ?? '';
    const d = group(name, MYID, () => reported);
    d.run(5000);
    d.crash(6379);
    expect(d.runUntilEvent('+try-failover', 5000)).not.toBeNull();
    expect(masterOf(d, name).failoverEpoch).toBe(1n);
    d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 2n, PEER_A, now));
    expect(d.core.currentEpoch).toBe(2n);
    reported = [1, MYID, 2];
    d.run(3000);
    expect(d.channels()).not.toContain('+elected-leader');
    // While epoch 2 is current, our epoch-1 failover no longer asks for votes.
    const asks = d.sent(d.now - 2000).filter((s) => s.cmd[1] === 'is-master-down-by-addr');
    expect(asks.length).toBeGreaterThan(0);
    expect(asks.every((s) => s.cmd[5] === '*')).toBe(true);
  });
});

describe('split votes', () => {
  it.each([0, 1, 2])('rank %i: a vote nobody can win is abandoned at once and the candidate stands again after rank x 250 ms, in a new epoch', (rank) => {
    // Each peer stood too and voted for itself in our epoch; from epoch 2 on they vote for us.
    const name = namesByRank(MYID)[rank] ?? '';
    const d = group(name, MYID, (epoch, runid) => (epoch >= 2n ? [1, runid, Number(epoch)] : [1, PEER_A, Number(epoch)]));
    // PEER_B's answer differs from PEER_A's: it votes for itself.
    d.handlers.set(26381, peerHandler((epoch, runid) => (epoch >= 2n ? [1, runid, Number(epoch)] : [1, PEER_B, Number(epoch)])));
    d.run(5000);
    d.crash(6379);
    const tryAt = d.runUntilEvent('+try-failover', 5000) ?? 0;
    const abort = d.events(tryAt).find((e) => e.channel === '-failover-abort-not-elected');
    // Abandoned as soon as the answers are in, not after the election timeout.
    expect(abort?.t).toBe(tryAt);
    for (let i = 0; i < 20; i++) {
      const wake = d.core.nextWakeup();
      if (wake !== null && wake > d.now && wake < d.now + 100) d.tick(wake - d.now);
      else d.tick();
    }
    const tries = d.events().filter((e) => e.channel === '+try-failover').map((e) => e.t - tryAt);
    // Rank 0 may stand again at once, which the core does at its next tick.
    expect(tries).toEqual([0, rank === 0 ? 100 : rank * 250]);
    expect(d.events().filter((e) => e.channel === '+new-epoch').map((e) => e.payload)).toEqual(['1', '2']);
    expect(d.channels()).toContain('+elected-leader');
  });
});

/** Master names for which `me` has rank 0, 1 and 2 among IDS (all reachable). */
function namesByRank(me: string): string[] {
  const out: string[] = [];
  for (let rank = 0; rank < 3; rank++) {
    for (let i = 0; i < 100; i++) {
      const name = `rank-probe-${i}`;
      const d = group(name, me, downNoVote);
      d.run(1000);
      if (candidacyDelay(masterOf(d, name), me) === rank * CANDIDACY_STEP_MS) {
        out.push(name);
        break;
      }
    }
  }
  expect(out.length).toBe(3);
  return out;
}



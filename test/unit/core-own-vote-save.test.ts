import { describe, expect, it } from 'vitest';
import { SAVE_RETRY_MS } from '../../src/core/timing';
import { CoreDriver, MYID, PEER_A, PEER_B, fakeRedis, masterSpec, peerHandler, redisHandler } from '../helpers/core-driver';

/**
 * A candidate's own vote counts only once the save that recorded it is on
 * disk (vote.ts ownVoteSaved): the save-result input tells the core. Three
 * sentinels, quorum 2: peer A votes for whoever asks, peer B for nobody, so
 * the election is won exactly when our own vote counts.
 */
function setup(): CoreDriver {
  const d = new CoreDriver({
    saves: 'manual',
    masters: [
      masterSpec({
        quorum: 2,
        downAfterMs: 1000,
        failoverTimeoutMs: 10_000,
        knownSentinels: [
          { host: '127.0.0.1', port: 26380, runid: PEER_A },
          { host: '127.0.0.1', port: 26381, runid: PEER_B },
        ],
      }),
    ],
  });
  d.handlers.set(6379, redisHandler(fakeRedis({ replicas: [6380] })));
  d.handlers.set(6380, redisHandler(fakeRedis({ role: 'slave', runId: '1'.repeat(40) })));
  d.handlers.set(26380, peerHandler((epoch, runid) => (runid === '*' ? [1, '*', 0] : [1, runid, Number(epoch)])));
  d.handlers.set(26381, peerHandler(() => [1, '*', 0]));
  return d;
}

/** Runs until we stand and have the peers' answers; returns the number of the flush that saved our vote. */
function standAndAsk(d: CoreDriver): number {
  d.run(5000);
  d.crash(6379);
  expect(d.runUntilEvent('+try-failover', 10_000)).not.toBeNull();
  d.run(1000);
  expect(d.master.leader).toBe(MYID);
  expect(d.master.leaderEpoch).toBe(1n);
  // The peer's vote for us is in: with ours, 2 of 3.
  expect(d.master.sentinels.get(PEER_A)?.leader).toBe(MYID);
  const seq = d.master.leaderFlush;
  expect(d.durableFlushes()).toContain(seq);
  return seq;
}

describe('a candidate\'s own vote and its save', () => {
  it('is not counted while its save has not ended: no election on it', () => {
    const d = setup();
    standAndAsk(d);
    expect(d.channels()).not.toContain('+elected-leader');
    expect(d.master.failoverState).toBe('wait_start');
    expect(d.master.flags.failoverInProgress).toBe(true);
  });

  it('is counted once the save is reported ok: elected in that step', () => {
    const d = setup();
    const seq = standAndAsk(d);
    const before = d.outputs.length;
    d.saveResult(seq, true);
    const after = d.outputs.slice(before).flatMap(({ o }) => (o.type === 'event' ? [o.channel] : []));
    expect(after.slice(0, 2)).toEqual(['+elected-leader', '+failover-state-select-slave']);
  });

  it('a save that ended ok for an earlier flush does not count a later vote', () => {
    const d = setup();
    const seq = standAndAsk(d);
    // The epoch taken for the failover was flushed just before the vote.
    expect(seq).toBeGreaterThan(1);
    d.saveResult(seq - 1, true);
    d.run(500);
    expect(d.channels()).not.toContain('+elected-leader');
  });

  it('is lost when the save failed: the candidacy is aborted, and no leader in that epoch', () => {
    const d = setup();
    const seq = standAndAsk(d);
    d.saveResult(seq, false);
    const ch = d.channels();
    expect(ch).toContain('-failover-abort-not-elected');
    expect(ch).not.toContain('+elected-leader');
    expect(d.master.flags.failoverInProgress).toBe(false);
    // The vote itself stays cast: we do not vote again in epoch 1.
    expect(d.master.leaderEpoch).toBe(1n);
    d.run(5000);
    expect(d.channels()).not.toContain('+elected-leader');
  });

  it('after a failed save, we stand again only once a save works (tried each SAVE_RETRY_MS)', () => {
    const d = setup();
    const seq = standAndAsk(d);
    d.saveResult(seq, false);
    const abortedAt = d.now;
    const tries = (): number => d.channels().filter((c) => c === '+try-failover').length;
    // Past the two failover timeouts that follow any attempt, still failing:
    // a durable save is tried now and then, no new candidacy.
    d.run(25_000);
    expect(tries()).toBe(1);
    const probes = d.outputs.filter(({ t, o }) => t > abortedAt && o.type === 'flush' && o.durable);
    expect(probes.length).toBeGreaterThan(0);
    for (let i = 1; i < probes.length; i++) expect((probes[i]?.t ?? 0) - (probes[i - 1]?.t ?? 0)).toBeGreaterThanOrEqual(SAVE_RETRY_MS);
    const last = probes.at(-1);
    if (last === undefined || last.o.type !== 'flush') throw new Error('no probe');
    // The disk works again: the next tick stands, in a new epoch.
    d.saveResult(last.o.seq, true);
    d.tick();
    expect(tries()).toBe(2);
    expect(d.master.failoverEpoch).toBe(2n);
  });
});

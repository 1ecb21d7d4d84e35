import { describe, expect, it } from 'vitest';
import type { Master } from '../../src/core/master';
import { EpochAddressTracker, SafetyTracker, settle, SwitchSdownTracker, tail } from './invariants';
import type { RecordedEvent } from './world';
import { MASTER_NAME, REDIS_BASE_PORT, STEP_MS, World } from './world';

/**
 * A follower that learns the new configuration while its reconnect pacing
 * at the dead old master is active must not fail the new master over again
 * (issue 10, seen with redis-sentinel 7.0.15 in about one world in ten).
 *
 * 1. 6379 crashes; every sentinel's foreign hellos are held back, so that
 *    the followers keep the old address after the leader promotes a replica.
 *    Each follower keeps retrying 6379 once a ping period (refused) and keeps
 *    asking its peers about it: their "down" answers are fresh.
 * 2. Follower F hears the held hellos right after a failed attempt at 6379,
 *    and switches. Before the fix its master link kept the pacing of the old
 *    address, so it reached the new master a whole ping period later; with
 *    100 ms steps and 40-60 ms per hop the PONG then came in after down-after
 *    (1000 ms): +sdown, and the other follower's answer about the old
 *    address (still "down", it has not switched) made it +odown at once.
 *    With reset failover timers F then failed the healthy new master over.
 * 3. The other follower is released the same way; nothing more may happen:
 *    once 6379 is back (as a replica), one promotion, one +switch-master per
 *    sentinel, one config epoch.
 */
const DOWN_AFTER = 1000;

describe('a follower switching while its reconnect pacing at the dead master is active', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    const w = new World({
      seed,
      sentinels: 3,
      replicas: 2,
      quorum: 2,
      downAfterMs: DOWN_AFTER,
      failoverTimeoutMs: 10000,
      preknownSentinels: true,
      latency: { min: 40, max: 60 },
    });
    const safety = new SafetyTracker(w);
    const epochAddress = new EpochAddressTracker(w);
    const switched = new SwitchSdownTracker(w);
    const steps: string[] = [];
    const step = (s: string): void => {
      steps.push(`${w.now - (w.opts.startTime ?? 1_700_000_000_000)}: ${s}`);
    };
    const why = (): string =>
      `seed ${seed} (replay: npx vitest run test/sim/second-failover.test.ts -t "seed ${seed}")\nsteps:\n  ${steps.join('\n  ')}\n` +
      `${w.describe()}\n${tail(w, 60)}`;
    let promoted: RecordedEvent | null = null;
    w.eventListeners.push((e) => {
      if (promoted === null && e.channel === '+promoted-slave') promoted = e;
    });
    const master = (idx: number): Master => {
      const m = w.core(idx).masters.get(MASTER_NAME);
      if (m === undefined) throw new Error(`sentinel ${idx} does not monitor ${MASTER_NAME}`);
      return m;
    };

    w.run(15000);
    step('crash 6379; hold back every foreign hello');
    for (const s of w.sentinels) w.holdHellos(s.idx);
    w.crashRedis(REDIS_BASE_PORT);
    expect(w.runUntil(() => promoted !== null, 30000), why()).toBe(true);
    const leader = (promoted as RecordedEvent | null)?.sentinel ?? -1;
    const newPort = Number((promoted as RecordedEvent | null)?.payload.split(' ')[3]);
    w.releaseHellos(leader);
    const epoch = master(leader).configEpoch;
    step(`s${leader} promoted ${newPort} in epoch ${epoch}`);
    expect(w.runUntil(() => master(leader).port === newPort, 15000), why()).toBe(true);
    step(`s${leader} switched to ${newPort}`);
    // Wait until the followers hold a hello with the new configuration.
    const followers = w.sentinels.map((s) => s.idx).filter((i) => i !== leader);
    const news = `,${MASTER_NAME},127.0.0.1,${newPort},${epoch}`;
    expect(w.runUntil(() => followers.every((i) => w.heldHellosOf(i).some((h) => h.endsWith(news))), 10000), why()).toBe(true);

    for (const f of followers) {
      const m = master(f);
      expect(m.port, why()).toBe(REDIS_BASE_PORT);
      // Right after a failed attempt at the dead master: its pacing is fully ahead.
      expect(w.runUntil(() => master(f).link.lastReconnTime > w.now - STEP_MS, 3000), why()).toBe(true);
      expect(master(f).flags.sDown, why()).toBe(true);
      step(`s${f} attempted ${REDIS_BASE_PORT} at ${master(f).link.lastReconnTime - (w.opts.startTime ?? 1_700_000_000_000)}; release its hellos`);
      w.releaseHellos(f);
      expect(master(f).port, why()).toBe(newPort);
      expect(master(f).configEpoch, why()).toBe(epoch);
      const switchedAt = w.now;
      w.run(DOWN_AFTER * 3);
      step(`s${f} ran ${DOWN_AFTER * 3} ms on ${newPort}`);
      const sdown = w.eventsOf(f, switchedAt).filter((e) => e.channel === '+sdown' && e.payload === `master ${MASTER_NAME} 127.0.0.1 ${newPort}`);
      expect(sdown, why()).toEqual([]);
      expect(master(f).flags.failoverInProgress, why()).toBe(false);
    }

    step(`restart ${REDIS_BASE_PORT}`);
    w.restartRedis(REDIS_BASE_PORT);
    expect(settle(w, 60000, 5000, { replicas: true }), why()).toBeNull();
    expect(switched.violations, why()).toEqual([]);
    expect(safety.violations, why()).toEqual([]);
    expect(epochAddress.violations, why()).toEqual([]);
    expect(safety.promotionCount, why()).toBe(1);
    expect(switched.switches, why()).toBe(3);
    expect(
      w.views().map((v) => `${v.port}@${v.configEpoch}`),
      why(),
    ).toEqual(w.views().map(() => `${newPort}@${epoch}`));
  });
});

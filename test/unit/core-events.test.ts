import { describe, expect, it } from 'vitest';
import { CoreDriver, MYID, PEER_A, T0, fakeRedis, masterSpec, peerHandler, redisHandler } from '../helpers/core-driver';
import type { FakeRedis } from '../helpers/core-driver';

/** Master 6379 with replica 6380 and one peer (26380) that votes for whoever asks. */
function withPeer(o: { notify?: string; replicaObeys?: boolean } = {}): { d: CoreDriver; replica: FakeRedis; peerAnswering: { on: boolean } } {
  const d = new CoreDriver({
    masters: [
      masterSpec({
        quorum: 1,
        notificationScript: o.notify ?? null,
        knownSentinels: [{ host: '127.0.0.1', port: 26380, runid: PEER_A }],
      }),
    ],
  });
  const replica = fakeRedis({ role: 'slave', runId: '6'.repeat(40), obeySlaveof: o.replicaObeys ?? true });
  const peerAnswering = { on: true };
  d.handlers.set(6379, redisHandler(fakeRedis({ replicas: [6380] })));
  d.handlers.set(6380, redisHandler(replica));
  d.handlers.set(26380, peerHandler((epoch, runid) => (peerAnswering.on ? [1, runid, runid === '*' ? 0 : Number(epoch)] : undefined)));
  return { d, replica, peerAnswering };
}

describe('notification script routing', () => {
  it('warning events about a master go to its script, with or without the instance prefix', () => {
    const { d } = withPeer({ notify: '/bin/notify' });
    d.runTo(T0 + 10_000);
    d.crash(6379);
    expect(d.runUntilEvent('+switch-master', 30_000)).not.toBeNull();
    d.tick(3000); // a timer gap: +tilt concerns no master
    const seen = new Map<string, string | null>();
    for (const e of d.events()) if (e.level === 'warning' && !seen.has(e.channel)) seen.set(e.channel, e.script);
    for (const ch of ['+sdown', '+odown', '+new-epoch', '+try-failover', '+vote-for-leader', '+elected-leader', '+promoted-slave', '+failover-end', '+switch-master']) {
      expect([ch, seen.get(ch)]).toEqual([ch, '/bin/notify']);
    }
    expect(seen.get('+tilt')).toBeNull();
    // Notice-level events never go to the script.
    expect(d.events().filter((e) => e.level !== 'warning' && e.script !== null)).toEqual([]);
  });

  it('+new-epoch and +switch-master learnt from a hello also go to the script', () => {
    const d = new CoreDriver({ masters: [masterSpec({ notificationScript: '/bin/notify' })] });
    d.input((c, now) => c.publishedHello(`127.0.0.1,26380,${PEER_A},4,mymaster,127.0.0.1,6380,4`, now));
    const warn = d.events().filter((e) => e.level === 'warning');
    expect(warn.map((e) => [e.channel, e.script])).toEqual([
      ['+new-epoch', '/bin/notify'],
      ['+config-update-from', '/bin/notify'],
      ['+switch-master', '/bin/notify'],
    ]);
  });
});

describe('failover details', () => {
  it('a peer repeating its vote is logged once per epoch, even after its answer expired', () => {
    const { d, peerAnswering } = withPeer({ replicaObeys: false });
    d.runTo(T0 + 10_000);
    d.crash(6379);
    expect(d.runUntilEvent('+failover-state-wait-promotion', 15_000)).not.toBeNull();
    peerAnswering.on = false;
    d.run(7000);
    expect(d.master.sentinels.get(PEER_A)?.leader).toBeNull();
    peerAnswering.on = true;
    d.run(3000);
    expect(d.master.sentinels.get(PEER_A)?.leader).toBe(MYID);
    expect(d.logs().filter((l) => l.includes('voted for'))).toEqual([`${PEER_A} voted for ${MYID} 1`]);
  });

  it('right after the promotion, the new configuration is sent to peers too, not only to the instances', () => {
    const { d } = withPeer();
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const promotedAt = d.runUntilEvent('+promoted-slave', 15_000) ?? 0;
    const peerId = d.master.sentinels.get(PEER_A)?.id;
    // In the same step as the INFO that showed the promotion, not at the next tick.
    const hellos = d.sent(promotedAt).filter((s) => s.id === peerId && s.cmd[0] === 'PUBLISH');
    expect(hellos[0]).toEqual({
      t: promotedAt,
      id: peerId,
      link: 'cmd',
      cmd: ['PUBLISH', '__sentinel__:hello', `127.0.0.1,26379,${MYID},1,mymaster,127.0.0.1,6380,1`],
    });
  });
});

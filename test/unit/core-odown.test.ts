import { describe, expect, it } from 'vitest';
import { CoreDriver, MYID, PEER_A, PEER_B, T0, fakeRedis, masterSpec, peerHandler, redisHandler } from '../helpers/core-driver';

/** One master and two known peers on 26380/26381 whose answer about the master is up to the test. */
function setup(quorum: number): { d: CoreDriver; peerDown: [number, number]; answering: [boolean, boolean] } {
  const d = new CoreDriver({
    masters: [
      masterSpec({
        quorum,
        downAfterMs: 5000,
        knownSentinels: [
          { host: '127.0.0.1', port: 26380, runid: PEER_A },
          { host: '127.0.0.1', port: 26381, runid: PEER_B },
        ],
      }),
    ],
  });
  const peerDown: [number, number] = [0, 0];
  const answering: [boolean, boolean] = [true, true];
  d.handlers.set(6379, redisHandler(fakeRedis()));
  d.handlers.set(26380, peerHandler(() => (answering[0] ? [peerDown[0], '*', 0] : undefined)));
  d.handlers.set(26381, peerHandler(() => (answering[1] ? [peerDown[1], '*', 0] : undefined)));
  return { d, peerDown, answering };
}

describe('objective down', () => {
  it.each([
    { quorum: 1, peers: [0, 0], odown: '#quorum 1/1' },
    { quorum: 2, peers: [0, 0], odown: null },
    { quorum: 2, peers: [1, 0], odown: '#quorum 2/2' },
    { quorum: 2, peers: [1, 1], odown: '#quorum 3/2' },
    { quorum: 3, peers: [1, 0], odown: null },
    { quorum: 3, peers: [1, 1], odown: '#quorum 3/3' },
  ])('quorum $quorum, peers saying down $peers → $odown', ({ quorum, peers, odown }) => {
    const { d, peerDown } = setup(quorum);
    peerDown[0] = peers[0] ?? 0;
    peerDown[1] = peers[1] ?? 0;
    d.runTo(T0 + 10_000);
    expect(d.master.sentinels.size).toBe(2);
    d.crash(6379);
    const sdownAt = d.runUntilEvent('+sdown', 10_000);
    expect(sdownAt).not.toBeNull();
    d.run(5000);
    const got = d.events().filter((e) => e.channel === '+odown');
    if (odown === null) {
      expect(got).toEqual([]);
      expect(d.master.flags.oDown).toBe(false);
    } else {
      expect(got.map((e) => e.payload)).toEqual([`master mymaster 127.0.0.1 6379 ${odown}`]);
      // Decided as soon as the round of answers is complete (the peers here answer at once), not at the next tick.
      expect(got[0]?.t).toBe(sdownAt);
    }
  });

  it('asks peers only while the master is sdown, with "*" until a failover starts', () => {
    const { d } = setup(3);
    d.runTo(T0 + 10_000);
    expect(d.sent().filter((s) => s.cmd[0] === 'SENTINEL')).toEqual([]);
    d.crash(6379);
    const sdownAt = d.runUntilEvent('+sdown', 10_000) ?? 0;
    const asks = d.sent(sdownAt).filter((s) => s.cmd[0] === 'SENTINEL');
    expect(asks.length).toBeGreaterThanOrEqual(2);
    expect(asks[0]?.cmd).toEqual(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*']);
    // Answers arrive at once here. Without the quorum, a peer is asked again
    // 100 ms after its last answer, since its own down-after may just be running out.
    d.run(1000);
    const perPeer = d.sent(sdownAt + 1).filter((s) => s.cmd[0] === 'SENTINEL' && s.id === d.master.sentinels.get(PEER_A)?.id);
    expect(perPeer.map((s) => s.t - sdownAt)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('once odown, peers are asked at the usual pace of one ask period (1 s)', () => {
    const { d, peerDown } = setup(3);
    peerDown[0] = 1;
    peerDown[1] = 1;
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const odownAt = d.runUntilEvent('+odown', 10_000) ?? 0;
    // A failover starts at once (SENTINEL FAILOVER's vote requests); the
    // pace shown is that of the rounds after it.
    d.run(3000);
    const perPeer = d.sent(odownAt + 1).filter((s) => s.cmd[0] === 'SENTINEL' && s.id === d.master.sentinels.get(PEER_A)?.id);
    expect(perPeer.map((s) => s.t - odownAt)).toEqual([1000, 2000, 3000]);
  });

  it('once its failover started, a sentinel asks with its epoch and run id (a vote request), at once', () => {
    const { d } = setup(1);
    d.runTo(T0 + 10_000);
    d.crash(6379);
    const tryAt = d.runUntilEvent('+try-failover', 10_000) ?? 0;
    const asks = d.sent(tryAt).filter((s) => s.t === tryAt && s.cmd[0] === 'SENTINEL');
    // The forced round right after the start, then the regular round of the
    // same tick (no answer has arrived in between): two per peer.
    const want = ['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '1', MYID];
    expect(asks.map((s) => s.cmd)).toEqual([want, want, want, want]);
  });

  it("a peer's opinion expires 5 ask periods after its last answer", () => {
    const { d, peerDown, answering } = setup(2);
    peerDown[0] = 1;
    d.runTo(T0 + 10_000);
    d.crash(6379);
    expect(d.runUntilEvent('+odown', 15_000)).not.toBeNull();
    d.run(2000);
    answering[0] = false;
    const peer = d.master.sentinels.get(PEER_A);
    const last = peer?.lastMasterDownReplyTime ?? 0;
    d.runTo(last + 5100);
    // Cleared during this tick, after this tick's odown check.
    expect(peer?.flags.masterDown).toBe(false);
    expect(d.master.flags.oDown).toBe(true);
    d.tick();
    expect(d.master.flags.oDown).toBe(false);
    expect(d.events().filter((e) => e.channel === '-odown').map((e) => [e.t - last, e.payload])).toEqual([[5200, 'master mymaster 127.0.0.1 6379']]);
  });
});

describe('objective down after a switch', () => {
  /** Master 6379 sdown with both peers' "down" answers fresh; a peer's hello then moves it to 6380 (config epoch 1). */
  function switched(answerAfter: boolean): { d: CoreDriver; switchedAt: number } {
    const d = new CoreDriver({
      masters: [
        masterSpec({
          quorum: 3,
          downAfterMs: 2000,
          knownSentinels: [
            { host: '127.0.0.1', port: 26380, runid: PEER_A },
            { host: '127.0.0.1', port: 26381, runid: PEER_B },
          ],
        }),
      ],
    });
    let answering = true;
    d.handlers.set(6379, redisHandler(fakeRedis()));
    d.handlers.set(26380, peerHandler(() => (answering ? [1, '*', 0] : undefined)));
    d.handlers.set(26381, peerHandler(() => (answering ? [1, '*', 0] : undefined)));
    d.runTo(T0 + 10_000);
    d.crash(6379);
    expect(d.runUntilEvent('+odown', 15_000)).not.toBeNull();
    // Asks go out from now on but are not answered before the switch.
    answering = false;
    d.run(1000);
    for (const s of d.master.sentinels.values()) expect(s.flags.masterDown).toBe(true);
    d.input((c, now) => c.publishedHello(`127.0.0.1,26380,${PEER_A},1,mymaster,127.0.0.1,6380,1`, now));
    expect(d.master.port).toBe(6380);
    answering = answerAfter;
    return { d, switchedAt: d.now };
  }

  it('forgets every peer answer about the old address: a dead new master is odown only on fresh answers', () => {
    const { d, switchedAt } = switched(false);
    for (const s of d.master.sentinels.values()) {
      expect(s.flags.masterDown).toBe(false);
      expect(s.leader).toBeNull();
    }
    // 6380 never answers (no process there): sdown after down-after, but the
    // peers say nothing any more, and what they said was about 6379.
    expect(d.runUntilEvent('+sdown', 5000)).not.toBeNull();
    d.run(2000);
    expect(d.events(switchedAt).filter((e) => e.channel === '+odown')).toEqual([]);
  });

  it('drops the answers to asks sent before the switch, and counts the ones sent after', () => {
    const { d, switchedAt } = switched(false);
    const peer = d.master.sentinels.get(PEER_A);
    if (peer === undefined) throw new Error('no peer A');
    expect(peer.pendingMasterDownAsks).toBeGreaterThan(0);
    const stale = peer.pendingMasterDownAsks;
    expect(peer.staleMasterDownAsks).toBe(stale);
    for (let i = 0; i < stale; i++) d.input((c, now) => c.reply(peer.link.id, 'is-master-down', [1, '*', 0], now));
    expect(peer.flags.masterDown).toBe(false);
    expect(peer.staleMasterDownAsks).toBe(0);
    // The new master goes sdown; the ask about 6380 is answered "down" by both peers.
    expect(d.runUntilEvent('+sdown', 5000)).not.toBeNull();
    const asks = d.sent(switchedAt + 1).filter((s) => s.cmd[1] === 'is-master-down-by-addr');
    expect(asks.length).toBeGreaterThan(0);
    expect(asks.every((s) => s.cmd[3] === '6380')).toBe(true);
    for (const s of d.master.sentinels.values()) {
      for (let i = s.pendingMasterDownAsks; i > 0; i--) d.input((c, now) => c.reply(s.link.id, 'is-master-down', [1, '*', 0], now));
    }
    d.tick();
    expect(d.events(switchedAt).filter((e) => e.channel === '+odown').map((e) => e.payload)).toEqual(['master mymaster 127.0.0.1 6380 #quorum 3/3']);
  });
});

import { describe, expect, it } from 'vitest';
import type { PeerReply } from '../../src/core/peer-reply';
import { CoreDriver, T0, fakeRedis, masterSpec, redisHandler } from '../helpers/core-driver';

/** A sentinel watching one master on 6379 that answers everything until told otherwise. */
function setup(downAfterMs: number, over: Parameters<typeof masterSpec>[0] = {}): { d: CoreDriver; r: ReturnType<typeof fakeRedis> } {
  const d = new CoreDriver({ masters: [masterSpec({ downAfterMs, ...over })] });
  const r = fakeRedis();
  d.handlers.set(6379, redisHandler(r));
  return { d, r };
}

const SDOWN_MASTER = 'master mymaster 127.0.0.1 6379';

describe('subjective down', () => {
  it.each([1000, 3000, 5000, 30000])('down-after %i ms: +sdown on the first tick after the oldest unanswered PING is older than it', (downAfter) => {
    const { d, r } = setup(downAfter);
    d.runTo(T0 + 20_000);
    expect(d.master.link.actPingTime).toBe(0);
    r.answering = false;

    // PINGs go out once the last PONG is older than min(down-after, 1 s).
    const pingPeriod = Math.min(downAfter, 1000);
    const firstUnanswered = d.master.link.lastPongTime + pingPeriod + 100;
    d.runTo(firstUnanswered);
    expect(d.master.link.actPingTime).toBe(firstUnanswered);

    d.runTo(firstUnanswered + downAfter);
    expect(d.channels()).not.toContain('+sdown');
    expect(d.master.flags.sDown).toBe(false);
    d.tick();
    expect(d.events().filter((e) => e.channel === '+sdown')).toEqual([
      { t: firstUnanswered + downAfter + 100, level: 'warning', channel: '+sdown', payload: SDOWN_MASTER, script: null },
    ]);
    expect(d.master.sDownSinceTime).toBe(firstUnanswered + downAfter + 100);
  });

  it('-sdown on the tick after the first answered PING', () => {
    const { d, r } = setup(3000);
    d.runTo(T0 + 20_000);
    r.answering = false;
    const sdownAt = d.runUntilEvent('+sdown', 10_000);
    expect(sdownAt).not.toBeNull();
    d.run(2000);
    r.answering = true;
    const back = d.now;
    const at = d.runUntilEvent('-sdown', 5000);
    const firstPing = d.sent(back + 1).find((s) => s.cmd[0] === 'PING');
    expect(firstPing).toBeDefined();
    expect(at).toBe((firstPing?.t ?? 0) + 100);
    expect(d.master.flags.sDown).toBe(false);
    expect(d.events().filter((e) => e.channel === '-sdown').map((e) => e.payload)).toEqual([SDOWN_MASTER]);
  });

  it.each<[string, PeerReply, boolean]>([
    ['PONG', 'PONG', false],
    ['LOADING', { error: 'LOADING Redis is loading the dataset in memory' }, false],
    ['MASTERDOWN', { error: 'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no' }, false],
    ['an error', { error: 'ERR unknown command' }, true],
    ['BUSY', { error: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.' }, true],
  ])('a PING answered with %s %s the instance available', (_name, reply, down) => {
    const { d, r } = setup(3000);
    d.runTo(T0 + 10_000);
    r.pingReply = reply;
    d.run(10_000);
    expect(d.master.flags.sDown).toBe(down);
  });

  it('BUSY on an sdown instance gets exactly one SCRIPT KILL', () => {
    const { d, r } = setup(3000);
    d.runTo(T0 + 10_000);
    r.pingReply = { error: 'BUSY Redis is busy running a script.' };
    const sdownAt = d.runUntilEvent('+sdown', 10_000) ?? 0;
    d.run(5000);
    const kills = d.sent(sdownAt).filter((s) => s.cmd[0] === 'SCRIPT');
    expect(kills.map((k) => k.cmd)).toEqual([['SCRIPT', 'KILL']]);
    expect(d.master.flags.scriptKillSent).toBe(true);
  });

  it('a master reporting role:slave is sdown once that lasted down-after + 2 INFO periods', () => {
    const { d, r } = setup(5000);
    d.runTo(T0 + 5000);
    r.role = 'slave';
    const changed = d.runUntilEvent('-role-change', 15_000) ?? 0;
    expect(d.master.roleReportedTime).toBe(changed);
    d.runTo(changed + 5000 + 20_000);
    expect(d.master.flags.sDown).toBe(false);
    d.tick();
    expect(d.master.flags.sDown).toBe(true);
    expect(d.events().filter((e) => e.channel === '+sdown').map((e) => e.t)).toEqual([changed + 25_100]);
  });

  describe('master-reboot-down-after-period', () => {
    function rebooted(pingReply: PeerReply): { d: CoreDriver; rebootAt: number } {
      const { d, r } = setup(30_000, { masterRebootDownAfterPeriodMs: 10_000 });
      d.runTo(T0 + 5000);
      r.runId = '1'.repeat(40);
      r.pingReply = pingReply;
      const rebootAt = d.runUntilEvent('+reboot', 15_000) ?? 0;
      return { d, rebootAt };
    }

    it('a rebooted master that answers PONG is not down', () => {
      const { d } = rebooted('PONG');
      d.run(30_000);
      expect(d.master.flags.masterReboot).toBe(false);
      expect(d.channels()).not.toContain('+sdown');
    });

    it('a rebooted master still LOADING after the period is sdown, and up again at the first PONG', () => {
      const { d, rebootAt } = rebooted({ error: 'LOADING Redis is loading the dataset in memory' });
      expect(d.master.flags.masterReboot).toBe(true);
      d.runTo(rebootAt + 10_000);
      expect(d.master.flags.sDown).toBe(false);
      d.tick();
      expect(d.events().filter((e) => e.channel === '+sdown').map((e) => e.t)).toEqual([rebootAt + 10_100]);
      const fake = fakeRedis();
      d.handlers.set(6379, redisHandler(fake));
      expect(d.runUntilEvent('-sdown', 5000)).not.toBeNull();
      expect(d.master.flags.masterReboot).toBe(false);
    });
  });
});

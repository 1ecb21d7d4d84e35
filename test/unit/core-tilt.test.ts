import { describe, expect, it } from 'vitest';
import { CoreDriver, T0, fakeRedis, redisHandler } from '../helpers/core-driver';

function setup(): CoreDriver {
  const d = new CoreDriver();
  d.handlers.set(6379, redisHandler(fakeRedis()));
  d.runTo(T0 + 5000);
  return d;
}

describe('TILT', () => {
  it.each([
    { gap: 2000, tilt: false },
    { gap: 2001, tilt: true },
    { gap: -1, tilt: true },
  ])('a timer gap of $gap ms: tilt $tilt', ({ gap, tilt }) => {
    const d = setup();
    d.tick(gap);
    expect(d.core.tilt).toBe(tilt);
    expect(d.events().filter((e) => e.channel === '+tilt').map((e) => `${e.level} ${e.payload} ${e.script}`)).toEqual(tilt ? ['warning #tilt mode entered null'] : []);
  });

  it('exits 30 s after the last trigger; a new trigger restarts the period', () => {
    const d = setup();
    d.tick(3000);
    const first = d.now;
    d.runTo(first + 10_000);
    d.tick(2500);
    const second = d.now;
    d.runTo(second + 29_900);
    expect(d.core.tilt).toBe(true);
    d.tick();
    expect(d.core.tilt).toBe(false);
    expect(d.events().filter((e) => e.channel.endsWith('tilt')).map((e) => [e.channel, e.t])).toEqual([
      ['+tilt', first],
      ['+tilt', second],
      ['-tilt', second + 30_000],
    ]);
  });

  it('acts on nothing while tilted: no sdown, and peers are told the master is up', () => {
    const d = setup();
    d.master.flags.sDown = true;
    expect(d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 0n, '*', now)).down).toBe(true);
    d.master.flags.sDown = false;
    d.tick(3000);
    const tiltAt = d.now;
    d.crash(6379);
    d.runTo(tiltAt + 29_900);
    expect(d.channels()).not.toContain('+sdown');
    // The data is still collected: the link clocks say it is down.
    expect(d.now - d.master.link.actPingTime).toBeGreaterThan(5000);
    d.master.flags.sDown = true;
    expect(d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 0n, '*', now)).down).toBe(false);
    // Votes still work in TILT.
    expect(d.input((c, now) => c.isMasterDownByAddr('127.0.0.1', 6379, 1n, 'b'.repeat(40), now)).leader).toBe('b'.repeat(40));
    d.master.flags.sDown = false;
    d.tick();
    expect(d.channels(d.now).slice(0, 2)).toEqual(['-tilt', '+sdown']);
  });
});

/**
 * The daemon's one compacting collection after its start (collectStartGarbage
 * in src/daemon.ts): it runs in the real process, under the launcher's
 * --expose-gc, says what it gave back at loglevel debug, and the sentinel
 * goes on monitoring afterwards.
 *
 * Processes are started through the helpers and killed by PID in afterAll;
 * ports come from getFreePort; every wait is bounded.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

const LINE = /Start-up garbage collected: old space (\d+) KB used, (\d+) KB resident -> (\d+) KB used, (\d+) KB resident$/;

describe('start-up garbage', () => {
  it('is collected after the start, in one collection, and the sentinel carries on', async () => {
    const master = await RedisProcess.start();
    const s = await SentinelProcess.start({ binary: OUR_SENTINEL_BIN, masterPort: master.port, extraConfig: ['loglevel debug'] });
    const line = await s.waitForLog(LINE, 30_000);
    const [usedBefore, residentBefore, usedAfter, residentAfter] = (LINE.exec(line) ?? []).slice(1).map(Number);
    expect(usedAfter).toBeLessThanOrEqual(usedBefore!);
    expect(usedAfter).toBeGreaterThan(0);
    expect(residentAfter).toBeLessThanOrEqual(residentBefore!);
    expect(s.logLines().filter((l) => LINE.test(l))).toHaveLength(1);
    // Still monitoring: it answers, and the master is up and not subjectively down.
    const pong = await s.call(['PING']);
    expect(pong.value).toEqual({ type: 'simple', value: 'PONG' });
    const flags = await waitFor(
      async () => {
        const r = await s.call(['SENTINEL', 'MASTER', 'mymaster']);
        const text = JSON.stringify(r.value);
        return text.includes('"flags"') ? text : null;
      },
      5000,
      50,
      'SENTINEL MASTER',
    );
    expect(flags).toMatch(/"flags"\},\{"type":"bulk","value":"master"\}/);
    await s.stop('SIGTERM');
  }, 60_000);
});

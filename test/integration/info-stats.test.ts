/**
 * INFO's instantaneous metrics of OUR daemon: sampled at the daemon's own
 * tick (as Redis samples them in its cron loop), with no timer of their own.
 * A burst of commands shows up as a rate above zero, and the rate falls back
 * to zero once the clients are quiet (the average is over the last 16 samples).
 *
 * Every process is started through spawnTracked and killed by PID in
 * afterAll; every port comes from getFreePort; every wait is bounded.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { infoFields, RespClient } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

async function statsOf(c: RespClient): Promise<Record<string, string>> {
  const r = await c.call(['INFO', 'stats']);
  expect(r.value.type).toBe('bulk');
  return infoFields(String(r.value.value));
}

describe('INFO stats instantaneous metrics', () => {
  it('rise under a burst of PINGs and fall back to zero when idle', async () => {
    const master = await RedisProcess.start();
    const s = await SentinelProcess.start({ binary: OUR_SENTINEL_BIN, masterPort: master.port });
    const c = await RespClient.connect(s.port);
    try {
      const burst = 'PING\r\n'.repeat(2000);
      const busy = await waitFor(
        async () => {
          c.sendRaw(burst);
          await c.readReplies(2000, 5000);
          const f = await statsOf(c);
          return Number(f.instantaneous_ops_per_sec) > 0 && Number(f.instantaneous_input_kbps) > 0 ? f : null;
        },
        10_000,
        50,
        'instantaneous_ops_per_sec and _input_kbps above 0 during bursts',
      );
      expect(Number(busy.total_commands_processed)).toBeGreaterThanOrEqual(2000);
      // Only our INFO calls now: one command every 300 ms is below 4 ops/s.
      await waitFor(
        async () => Number((await statsOf(c)).instantaneous_ops_per_sec) < 4,
        10_000,
        300,
        'instantaneous_ops_per_sec back near 0 when idle',
      );
    } finally {
      c.close();
      await s.stop();
      await master.stop();
    }
  });
});

/**
 * Memory under abuse comes back: our daemon (as a process, monitoring a real
 * redis-server) goes through a sequence of abusive clients, and after each
 * one leaves its RSS must give back what the abuse cost, down to 10 MB plus a
 * quarter of the peak's rise over the idle baseline, within 30 s, and it must
 * still answer PING and SENTINEL get-master-addr-by-name.
 * These are bounds on what is kept, not on speed. bench/memory-abuse.ts runs
 * the full-size sequence against redis-sentinel too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleConnections, openFilesLimit, partialBigBulk, rssMb, subscribeFlood } from '../helpers/abusive-clients';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { plain, RespClient } from '../helpers/resp-client';
import { assertSentinelBinUsable, OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { sleep, waitFor } from '../helpers/wait';

const SLACK_MB = 10;
// An idle daemon allocates little, so V8 may run its next major GC late and
// malloc keeps some freed chunks: part of a peak can stay resident as garbage
// for a while (once 66.6 MB against a 66.3 MB limit, 10 MB after a 20 MB rise).
// A leak keeps all of it, so a quarter of the rise still tells the two apart.
const RETAINED_FRACTION = 0.25;
const RECOVERY_MS = 30_000;
// Room for the test's own descriptors and the daemon's links, whatever the limit.
const IDLE_CONNECTIONS = Math.max(100, Math.min(3000, openFilesLimit() - 300));

describe('memory under abuse (our daemon)', () => {
  let master: RedisProcess;
  let sentinel: SentinelProcess;
  let pid: number;
  let baseline = 0;
  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(OUR_SENTINEL_BIN);
      master = await RedisProcess.start();
      sentinel = await SentinelProcess.start({ binary: OUR_SENTINEL_BIN, masterPort: master.port });
      pid = sentinel.pid as number;
      // The baseline is a daemon that has served clients, not a cold one: its
      // request paths compiled and its heap sized for traffic (a cold
      // baseline sits a few MB lower, which once made the bound fail under
      // load). A leak grows with the abuse, so this does not hide one.
      const warm = await RespClient.connect(sentinel.port);
      try {
        for (let round = 0; round < 20; round++) {
          warm.sendRaw('PING\r\nINFO\r\nSENTINEL MASTERS\r\n'.repeat(100));
          await warm.readReplies(300, 10_000);
        }
      } finally {
        warm.close();
      }
      // Start-up garbage and the first links settle; then the median of a few samples.
      await sleep(4000);
      const samples: number[] = [];
      for (let i = 0; i < 5; i++, await sleep(200)) samples.push(rssMb(pid));
      baseline = samples.sort((a, b) => a - b)[2] as number;
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  /** Waits (bounded) for RSS to come back near the baseline; returns the figures for the message. */
  async function expectRecovered(step: string, peak: number): Promise<void> {
    const limit = baseline + SLACK_MB + RETAINED_FRACTION * Math.max(0, peak - baseline);
    let last = rssMb(pid);
    try {
      await waitFor(() => (last = rssMb(pid)) <= limit, RECOVERY_MS, 250, `${step}: RSS back under ${limit.toFixed(1)} MB`);
    } catch {
      /* reported by the assertion below, with the figures */
    }
    expect(last, `${step}: baseline ${baseline.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, ${RECOVERY_MS / 1000} s after ${last.toFixed(1)} MB`).toBeLessThanOrEqual(limit);
    expect(plain((await sentinel.call(['PING'])).value)).toBe('PONG');
    expect(plain((await sentinel.call(['SENTINEL', 'get-master-addr-by-name', 'mymaster'])).value)).toEqual(['127.0.0.1', String(master.port)]);
  }

  /** Runs `abuse` while sampling RSS; returns the peak. */
  async function withPeak(abuse: () => Promise<void>): Promise<number> {
    let peak = rssMb(pid);
    const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
    try {
      await abuse();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, rssMb(pid));
  }

  it('a client that sends 64 MB of a declared 500 MB bulk and leaves', async () => {
    setup.check();
    const peak = await withPeak(() => partialBigBulk(sentinel.port, 500 * 1024 * 1024, 64 * 1024 * 1024));
    // The abuse must have cost something, or the bound below proves nothing.
    expect(peak).toBeGreaterThan(baseline + 40);
    await expectRecovered('big bulk', peak);
  }, 60000);

  it('one connection subscribing to 50,000 channels, then leaving', async () => {
    setup.check();
    const peak = await withPeak(() => subscribeFlood(sentinel.port, 50_000));
    await expectRecovered('SUBSCRIBE flood', peak);
  }, 70000);

  it(`${IDLE_CONNECTIONS} idle connections, then closed`, async () => {
    setup.check();
    const peak = await withPeak(() => idleConnections(sentinel.port, IDLE_CONNECTIONS, 1000));
    await expectRecovered('idle connections', peak);
  }, 70000);
});

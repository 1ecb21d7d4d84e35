/**
 * A real client library (ioredis) following a failover through the sentinel
 * under test (SENTINEL_BIN, default bin/redis-sentinel-ts): INCR in a loop
 * before, during and after the failover; after the switch the writes must go
 * on, landing on the new master.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { command } from '../helpers/resp-client';
import { assertSentinelBinUsable, SentinelProcess, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { sleep, waitFor } from '../helpers/wait';

const BIN = sentinelBinUnderTest();
const KEY = 'failover:counter';

interface Attempt {
  t: number;
  ok: boolean;
  value?: number;
  error?: string;
}

async function getCounter(port: number): Promise<number> {
  const r = await command(port, ['GET', KEY], 2000);
  if (r.value.type !== 'bulk' || r.value.value === null) throw new Error(`GET ${KEY} on :${port}: ${r.raw.toString()}`);
  return Number(r.value.value);
}

describe(`ioredis through a failover with ${BIN}`, () => {
  let trio: Trio;
  let sentinel: SentinelProcess;
  let client: Redis | undefined;
  let stop = false;
  let loop: Promise<void> | undefined;
  const attempts: Attempt[] = [];

  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(BIN);
      trio = await startMasterWithReplicas(2);
      sentinel = await SentinelProcess.start({ binary: BIN, masterPort: trio.master.port, quorum: 1, downAfterMs: 2000 });
      for (const r of trio.replicas) {
        await sentinel.waitForLog(new RegExp(`\\+slave slave 127\\.0\\.0\\.1:${r.port} `), 15000);
      }
    });
  }, 60000);

  afterAll(async () => {
    stop = true;
    if (loop) await Promise.race([loop, sleep(5000)]);
    client?.disconnect();
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  it('keeps writing through the failover, then writes land on the new master', async () => {
    setup.check();
    client = new Redis({
      sentinels: [{ host: '127.0.0.1', port: sentinel.port }],
      name: 'mymaster',
      commandTimeout: 2000,
      connectTimeout: 2000,
      maxRetriesPerRequest: 3,
      retryStrategy: () => 200,
      sentinelRetryStrategy: () => 200,
    });
    client.on('error', () => {
      /* connection errors during the failover are expected; counted via the INCR results */
    });
    const c = client;
    loop = (async () => {
      while (!stop) {
        const t = Date.now();
        try {
          const v = await c.incr(KEY);
          attempts.push({ t, ok: true, value: v });
        } catch (e) {
          attempts.push({ t, ok: false, error: e instanceof Error ? e.message : String(e) });
        }
        await sleep(20);
      }
    })();

    // Before: writes succeed on the original master.
    await waitFor(() => attempts.filter((a) => a.ok).length >= 20, 15000, 50, '20 successful INCRs before the failover');
    expect(await getCounter(trio.master.port)).toBeGreaterThanOrEqual(20);

    // During: the master goes away.
    const m = trio.master.port;
    const from = sentinel.logOffset();
    const shutdownAt = Date.now();
    await trio.master.shutdownNosave();
    const switchLine = await sentinel.waitForLog(
      new RegExp(`\\+switch-master mymaster 127\\.0\\.0\\.1 ${m} 127\\.0\\.0\\.1 (\\d+)$`),
      30000,
      from,
    );
    const newPort = Number(/ (\d+)$/.exec(switchLine)![1]);
    expect(trio.replicas.map((r) => r.port)).toContain(newPort);
    const switchSeenAt = Date.now();

    // After: writes succeed again, through the client, on the new master.
    await waitFor(
      () => attempts.filter((a) => a.ok && a.t > switchSeenAt).length >= 20,
      30000,
      50,
      { description: '20 successful INCRs after +switch-master', details: () => JSON.stringify(attempts.slice(-10)) },
    );
    const lastOk = attempts.filter((a) => a.ok).at(-1)!.value!;
    const v1 = await getCounter(newPort);
    expect(v1).toBeGreaterThanOrEqual(lastOk);
    await waitFor(async () => (await getCounter(newPort)) >= v1 + 10, 10000, 100, `counter on :${newPort} growing past ${v1 + 10}`);
    stop = true;
    await loop;

    const ok = attempts.filter((a) => a.ok);
    const before = ok.filter((a) => a.t < shutdownAt);
    const after = ok.filter((a) => a.t > switchSeenAt);
    const failed = attempts.filter((a) => !a.ok);
    const firstOkAfterShutdown = ok.find((a) => a.t >= shutdownAt);
    console.log(
      `[ioredis ${BIN}] INCR attempts ${attempts.length}: ok ${ok.length} (before ${before.length}, after switch ${after.length}), failed ${failed.length}` +
        `; first success after shutdown ${firstOkAfterShutdown ? firstOkAfterShutdown.t - shutdownAt : NaN} ms after it` +
        `; errors: ${[...new Set(failed.map((a) => a.error))].join(' | ')}`,
    );
    // Every acknowledged INCR is counted once: values strictly increase
    // (SHUTDOWN lets the replicas catch up, so nothing acknowledged is lost).
    const values = ok.map((a) => a.value!);
    for (let i = 1; i < values.length; i++) expect(values[i]!, `INCR #${i} after ${values[i - 1]}`).toBeGreaterThan(values[i - 1]!);
    expect(Math.min(...after.map((a) => a.value!))).toBeGreaterThan(Math.max(...before.map((a) => a.value!)));
    const final = await getCounter(newPort);
    expect(final).toBe(values.at(-1));
  }, 90000);
});

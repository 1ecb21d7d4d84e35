/**
 * A sentinel whose config saves fail does not lead a failover on its own
 * vote (src/core/vote.ts ownVoteSaved): the daemon's durable writes are
 * reported back to the core as save-result inputs. One sentinel, quorum 1:
 * its own vote is the whole election, so the rule decides alone.
 * redis-sentinel 7.0.15 is elected on the vote it could not save: a
 * deliberate difference, so this runs our daemon whatever SENTINEL_BIN says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { assertSentinelBinUsable, OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { sleep } from '../helpers/wait';

const BIN = OUR_SENTINEL_BIN;
const FAILOVER_TIMEOUT_MS = 2000;

describe(`a failed save and the election, with ${BIN}`, () => {
  let trio: Trio;
  let sentinel: SentinelProcess;
  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(BIN);
      trio = await startMasterWithReplicas(1);
      sentinel = await SentinelProcess.start({
        binary: BIN,
        masterPort: trio.master.port,
        quorum: 1,
        downAfterMs: 1000,
        extraConfig: [`sentinel failover-timeout mymaster ${FAILOVER_TIMEOUT_MS}`],
      });
      await sentinel.waitForLog(/\+slave slave 127\.0\.0\.1:\d+ /, 15000);
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  it('no +elected-leader while saves fail; the failover goes ahead once a save works', async () => {
    setup.check();
    // Root ignores permissions: a non-empty directory in the file's place makes every rename fail.
    const saved = fs.readFileSync(sentinel.configFile, 'latin1');
    fs.rmSync(sentinel.configFile);
    fs.mkdirSync(sentinel.configFile);
    fs.writeFileSync(path.join(sentinel.configFile, 'keep'), '');
    await trio.master.stop();
    await sentinel.waitForLog(/-failover-abort-not-elected /, 20000);
    // Past two failover timeouts, still refused: no new candidacy.
    await sleep(FAILOVER_TIMEOUT_MS * 2 + 1500);
    const lines = sentinel.logLines();
    expect(lines.filter((l) => l.includes('+elected-leader'))).toEqual([]);
    expect(lines.filter((l) => l.includes('+try-failover'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('Sentinel was not able to save the new configuration on disk'))).toBe(true);
    fs.rmSync(sentinel.configFile, { recursive: true });
    fs.writeFileSync(sentinel.configFile, saved, 'latin1');
    const elected = await sentinel.waitForLog(/\+elected-leader /, 15000);
    expect(elected).toMatch(/master mymaster 127\.0\.0\.1/);
    await sentinel.waitForLog(/\+switch-master /, 20000);
    // The vote of the refused epoch was never counted: elected in a later one.
    expect(sentinel.logLines().filter((l) => l.includes('+try-failover'))).toHaveLength(2);
    expect(fs.readFileSync(sentinel.configFile, 'latin1')).toMatch(/^sentinel current-epoch 2$/m);
  }, 60000);
});

/**
 * The README walkthrough, end to end, against the sentinel under test
 * (SENTINEL_BIN, default bin/redis-sentinel-ts): a master and two replicas, one
 * sentinel (quorum 1, down-after 2000), the master shut down, the failover
 * followed in the log, the old master brought back as a replica, and the
 * state surviving a sentinel restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { RedisProcess, startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { infoFields, plain } from '../helpers/resp-client';
import {
  assertSentinelBinUsable,
  LOG_LINE_RE,
  parseLogLine,
  SentinelProcess,
  sentinelBinUnderTest,
} from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

const BIN = sentinelBinUnderTest();
const NAME = 'mymaster';

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `<level> <message>` of a log line, e.g. `# +sdown master mymaster 127.0.0.1 6379`. */
function levelAndMessage(line: string): string {
  const p = parseLogLine(line);
  return p ? `${p.level} ${p.message}` : `(unparsable) ${line}`;
}

describe(`walkthrough with ${BIN}`, () => {
  let trio: Trio;
  let sentinel: SentinelProcess;
  let myid = '';
  let oldMaster: RedisProcess;
  let promoted: RedisProcess;
  let other: RedisProcess;
  let failoverLogFrom = 0;

  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(BIN);
      trio = await startMasterWithReplicas(2);
      oldMaster = trio.master;
      sentinel = await SentinelProcess.start({ binary: BIN, masterPort: trio.master.port, quorum: 1, downAfterMs: 2000 });
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  it('1. logs +monitor in the Redis log format and writes sentinel myid into the config', async () => {
    setup.check();
    const m = oldMaster.port;
    await sentinel.waitForLog(new RegExp(`# \\+monitor master ${NAME} 127\\.0\\.0\\.1 ${m} quorum 1$`), 10000);
    for (const line of sentinel.logLines()) expect(line, 'every log line in the Redis format').toMatch(LOG_LINE_RE);
    for (const line of sentinel.logLines()) {
      expect(line).toMatch(/^\d+:X \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} [.\-*#] /);
    }
    myid = await waitFor(
      () => /^sentinel myid ([0-9a-f]{40})$/m.exec(sentinel.readConfig())?.[1],
      10000,
      100,
      { description: 'sentinel myid <40 hex> in the config file', details: () => sentinel.readConfig() },
    );
    expect(myid).toMatch(/^[0-9a-f]{40}$/);
    const reply = await sentinel.call(['SENTINEL', 'MYID']);
    expect(plain(reply.value)).toBe(myid);
    expect(sentinel.logLines().map(levelAndMessage)).toContain(`# Sentinel ID is ${myid}`);
  }, 30000);

  it('2. discovers both replicas (+slave)', async () => {
    setup.check();
    const m = oldMaster.port;
    for (const r of trio.replicas) {
      const line = await sentinel.waitForLog(
        new RegExp(`\\+slave slave 127\\.0\\.0\\.1:${r.port} 127\\.0\\.0\\.1 ${r.port} @ ${NAME} 127\\.0\\.0\\.1 ${m}$`),
        15000,
      );
      expect(levelAndMessage(line)).toBe(`* +slave slave 127.0.0.1:${r.port} 127.0.0.1 ${r.port} @ ${NAME} 127.0.0.1 ${m}`);
    }
    await waitFor(
      () => /^sentinel known-replica/m.test(sentinel.readConfig()) && sentinel.readConfig().match(/^sentinel known-replica /gm)?.length === 2,
      10000,
      100,
      { description: 'two known-replica lines in the config', details: () => sentinel.readConfig() },
    );
  }, 30000);

  it('3. fails over when the master is shut down, with the exact event sequence', async () => {
    setup.check();
    const m = oldMaster.port;
    failoverLogFrom = sentinel.logOffset();
    const shutdownAt = Date.now();
    await oldMaster.shutdownNosave();

    const switchLine = await sentinel.waitForLog(
      new RegExp(`# \\+switch-master ${NAME} 127\\.0\\.0\\.1 ${m} 127\\.0\\.0\\.1 (\\d+)$`),
      30000,
      failoverLogFrom,
    );
    const p = Number(/ (\d+)$/.exec(switchLine)![1]);
    const found = trio.replicas.find((r) => r.port === p);
    expect(found, `promoted port ${p} is one of the replicas ${trio.replicas.map((r) => r.port).join(', ')}`).toBeDefined();
    promoted = found!;
    other = trio.replicas.find((r) => r !== promoted)!;
    const o = other.port;

    const slaveM = `slave 127.0.0.1:${m} 127.0.0.1 ${m} @ ${NAME} 127.0.0.1 ${p}`;
    await sentinel.waitForLog(new RegExp(`# \\+sdown ${esc(slaveM)}$`), 20000, failoverLogFrom);

    const masterM = `master ${NAME} 127.0.0.1 ${m}`;
    const selP = `slave 127.0.0.1:${p} 127.0.0.1 ${p} @ ${NAME} 127.0.0.1 ${m}`;
    const repO = `slave 127.0.0.1:${o} 127.0.0.1 ${o} @ ${NAME} 127.0.0.1 ${m}`;
    const expected = [
      `# +sdown ${masterM}`,
      `# +odown ${masterM} #quorum 1/1`,
      `# +new-epoch 1`,
      `# +try-failover ${masterM}`,
      `# +vote-for-leader ${myid} 1`,
      `# +elected-leader ${masterM}`,
      `# +failover-state-select-slave ${masterM}`,
      `# +selected-slave ${selP}`,
      `* +failover-state-send-slaveof-noone ${selP}`,
      `* +failover-state-wait-promotion ${selP}`,
      `# +promoted-slave ${selP}`,
      `# +failover-state-reconf-slaves ${masterM}`,
      `* +slave-reconf-sent ${repO}`,
      `* +slave-reconf-inprog ${repO}`,
      `* +slave-reconf-done ${repO}`,
      `# +failover-end ${masterM}`,
      `# +switch-master ${NAME} 127.0.0.1 ${m} 127.0.0.1 ${p}`,
      `* +slave slave 127.0.0.1:${o} 127.0.0.1 ${o} @ ${NAME} 127.0.0.1 ${p}`,
      `* +slave ${slaveM}`,
      `# +sdown ${slaveM}`,
    ];
    const lines = sentinel.logLines(failoverLogFrom);
    const seen = lines.map(levelAndMessage);
    const events = seen.filter((l) => /^[.\-*#] [+-][a-z]/.test(l));
    console.log(
      `[walkthrough ${BIN}] failover log (from master shutdown):\n  ${seen.join('\n  ')}`,
    );
    // Exact order of the expected events: each appears once, in this order;
    // the only other event lines allowed in between are -odown and
    // ±role-change (not logged at notice level anyway).
    const expectedEvents = events.filter((l) => !/^[.\-*#] (-odown|[+-]role-change) /.test(l));
    expect(expectedEvents.slice(0, expected.length)).toEqual(expected);
    expect(events.filter((l) => /-failover-abort|\+tilt/.test(l))).toEqual([]);

    const t = (re: RegExp): number => {
      const l = lines.find((x) => re.test(x));
      return l ? parseLogLine(l)!.time : NaN;
    };
    const sdownAt = t(/# \+sdown master /);
    const switchAt = t(/# \+switch-master /);
    console.log(
      `[walkthrough ${BIN}] master shutdown -> +sdown ${sdownAt - shutdownAt} ms, -> +switch-master ${switchAt - shutdownAt} ms (+sdown -> +switch-master ${switchAt - sdownAt} ms, log timestamps)`,
    );
    expect(switchAt - shutdownAt).toBeGreaterThan(0);
  }, 60000);

  it('4. the promoted replica is a master with one connected replica', async () => {
    setup.check();
    await promoted.waitInfo({ role: 'master', connected_slaves: '1' }, 20000);
    await other.waitInfo({ role: 'slave', master_port: String(promoted.port), master_link_status: 'up' }, 20000);
    const addr = await sentinel.call(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME]);
    expect(plain(addr.value)).toEqual(['127.0.0.1', String(promoted.port)]);
  }, 30000);

  it('5. the restarted old master is converted to a replica of the new master', async () => {
    setup.check();
    const m = oldMaster.port;
    const p = promoted.port;
    const from = sentinel.logOffset();
    await oldMaster.restart();
    const line = await sentinel.waitForLog(
      new RegExp(`\\+convert-to-slave slave 127\\.0\\.0\\.1:${m} 127\\.0\\.0\\.1 ${m} @ ${NAME} 127\\.0\\.0\\.1 ${p}$`),
      40000,
      from,
    );
    expect(levelAndMessage(line)).toBe(`* +convert-to-slave slave 127.0.0.1:${m} 127.0.0.1 ${m} @ ${NAME} 127.0.0.1 ${p}`);
    await oldMaster.waitInfo({ role: 'slave', master_port: String(p), master_link_status: 'up' }, 40000);
    console.log(`[walkthrough ${BIN}] after the old master came back:\n  ${sentinel.logLines(from).map(levelAndMessage).join('\n  ')}`);
  }, 90000);

  it('6. the config file holds the new state and survives a restart', async () => {
    setup.check();
    const m = oldMaster.port;
    const p = promoted.port;
    const o = other.port;
    const want = [
      `sentinel myid ${myid}`,
      `sentinel monitor ${NAME} 127.0.0.1 ${p} 1`,
      `sentinel down-after-milliseconds ${NAME} 2000`,
      `sentinel config-epoch ${NAME} 1`,
      `sentinel leader-epoch ${NAME} 1`,
      `sentinel current-epoch 1`,
      `sentinel known-replica ${NAME} 127.0.0.1 ${o}`,
      `sentinel known-replica ${NAME} 127.0.0.1 ${m}`,
    ];
    await waitFor(
      () => want.every((l) => sentinel.configLines().includes(l)),
      10000,
      100,
      { description: `config file lines ${JSON.stringify(want)}`, details: () => sentinel.readConfig() },
    );
    expect(sentinel.configLines().filter((l) => /^sentinel (monitor|known-replica|current-epoch|config-epoch) /.test(l)).sort()).toEqual(
      want.filter((l) => /^sentinel (monitor|known-replica|current-epoch|config-epoch) /.test(l)).sort(),
    );

    await sentinel.stop('SIGTERM');
    const from = sentinel.logOffset();
    await sentinel.restart();

    const id = await sentinel.call(['SENTINEL', 'MYID']);
    expect(plain(id.value)).toBe(myid);
    const addr = await sentinel.call(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME]);
    expect(addr.raw.toString()).toBe(`*2\r\n$9\r\n127.0.0.1\r\n$${String(p).length}\r\n${p}\r\n`);
    await sentinel.waitForLog(new RegExp(`# \\+monitor master ${NAME} 127\\.0\\.0\\.1 ${p} quorum 1$`), 10000, from);

    let info: Record<string, string> = {};
    await waitFor(
      async () => {
        const r = await sentinel.call(['INFO', 'sentinel']);
        info = infoFields(String(r.value.value));
        return info.master0 === `name=${NAME},status=ok,address=127.0.0.1:${p},slaves=2,sentinels=1`;
      },
      15000,
      200,
      { description: 'INFO sentinel master0 after restart', details: () => JSON.stringify(info) },
    );
    expect(info.sentinel_masters).toBe('1');
    expect(info.sentinel_tilt).toBe('0');

    const master = await sentinel.call(['SENTINEL', 'MASTER', NAME]);
    const rec = Object.fromEntries(
      (plain(master.value) as string[]).reduce<Array<[string, string]>>((acc, v, i, a) => (i % 2 === 0 ? [...acc, [v, a[i + 1]!]] : acc), []),
    );
    expect(rec['config-epoch']).toBe('1');
    expect(rec.port).toBe(String(p));
    expect(sentinel.configLines()).toContain('sentinel current-epoch 1');
    expect(sentinel.configLines()).toContain(`sentinel myid ${myid}`);
    // No new failover after the restart.
    expect(sentinel.logLines(from).filter((l) => /\+new-epoch|\+try-failover|\+switch-master/.test(l))).toEqual([]);
  }, 60000);
});

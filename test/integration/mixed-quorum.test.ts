/**
 * Mixed quorum: our sentinel (bin/redis-sentinel-ts) and the real
 * redis-sentinel 7.0.15 in the same quorum, monitoring a master with two
 * replicas (quorum 2, down-after 2000, failover-timeout 10000).
 *
 * Two line-ups: two of ours + one real, and one of ours + two real. In each:
 *   1. every sentinel discovers the other two (hello messages) and both replicas;
 *   2. an automatic failover after the master is shut down (vote-based);
 *   3. a manual failover (SENTINEL FAILOVER) on a sentinel of the other kind,
 *      so that both kinds lead at least once in every line-up;
 *   4. the old masters come back / stay up and end as replicas of the current
 *      master (+convert-to-slave), listed by every sentinel.
 *
 * down-after is per sentinel: in the first line-up the real sentinel gets a
 * larger one (SENTINEL SET) so that one of ours starts the automatic failover
 * and wins the election (the real one votes), and the real one then leads the
 * manual failover; in the second line-up it is the other way round (ours gets
 * the larger down-after, a real one wins the vote, ours leads the manual one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess, startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { plain, recordOf, RespValue } from '../helpers/resp-client';
import {
  assertSentinelBinUsable,
  OUR_SENTINEL_BIN,
  parseLogLine,
  REAL_SENTINEL_BIN,
  SentinelProcess,
} from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { AbortWait, waitFor } from '../helpers/wait';

const NAME = 'mymaster';
const DOWN_AFTER = 2000;
const FAILOVER_TIMEOUT = 10000;
/** down-after given (SENTINEL SET) to the sentinels of the kind that must not start the automatic failover */
const SLOW_DOWN_AFTER = 20000;

type Kind = 'ours' | 'real';

interface Node {
  kind: Kind;
  label: string;
  proc: SentinelProcess;
  myid: string;
  port: number;
}

interface FailoverResult {
  lineup: string;
  how: 'automatic' | 'manual';
  leader: string;
  leaderKind: Kind;
  epoch: number;
  oldPort: number;
  newPort: number;
  /** from the shutdown / the FAILOVER command to the last +switch-master (log timestamps) */
  ms: number;
}

const results: FailoverResult[] = [];

/** `<level> <message>` of a log line. */
function lm(line: string): string {
  const p = parseLogLine(line);
  return p ? `${p.level} ${p.message}` : `(unparsable) ${line}`;
}

async function sentinelCmd(n: Node, args: Array<string | number>): Promise<RespValue> {
  const r = await n.proc.call(args, 3000);
  if (r.value.type === 'error') throw new Error(`${n.label}: ${args.join(' ')} -> -${r.value.value}`);
  return r.value;
}

async function masterRecord(n: Node): Promise<Record<string, string>> {
  return recordOf(await sentinelCmd(n, ['SENTINEL', 'MASTER', NAME]));
}

async function listRecords(n: Node, sub: 'SENTINELS' | 'REPLICAS'): Promise<Array<Record<string, string>>> {
  const v = await sentinelCmd(n, ['SENTINEL', sub, NAME]);
  if (v.type !== 'array' || v.value === null) throw new Error(`${n.label}: SENTINEL ${sub}: not an array: ${JSON.stringify(v)}`);
  return v.value.map(recordOf);
}

async function masterAddr(n: Node): Promise<unknown> {
  return plain(await sentinelCmd(n, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME]));
}

function eventLines(n: Node, from: number): string[] {
  return n.proc
    .logLines(from)
    .map(lm)
    .filter((l) => /^[.\-*#] ([+-][a-z]|Executing|Next failover|[0-9a-f]{40} voted for)/.test(l));
}

function allDiagnostics(nodes: Node[], from?: number[]): string {
  return nodes
    .map((n, i) => {
      const lines = from ? n.proc.logLines(from[i]) : n.proc.logLines().slice(-60);
      return `--- ${n.label} (${n.myid}) log${from ? ' since the step began' : ' tail'} ---\n  ${lines.map(lm).join('\n  ')}`;
    })
    .join('\n');
}

/**
 * Epochs in which `n` logged `+elected-leader` for the master at `oldPort`:
 * the epoch is taken from its own latest `+vote-for-leader <myid> <epoch>`
 * before the line (falling back to the latest `+new-epoch`).
 */
function electedEpochs(n: Node, from: number, oldPort: number): number[] {
  const out: number[] = [];
  let selfVote = NaN;
  let newEpoch = NaN;
  const elected = new RegExp(`\\+elected-leader master ${NAME} 127\\.0\\.0\\.1 ${oldPort}$`);
  const vote = new RegExp(`\\+vote-for-leader ${n.myid} (\\d+)$`);
  for (const l of n.proc.logLines(from)) {
    const v = vote.exec(l);
    if (v) selfVote = Number(v[1]);
    const e = /\+new-epoch (\d+)$/.exec(l);
    if (e) newEpoch = Number(e[1]);
    if (elected.test(l)) out.push(Number.isNaN(selfVote) ? newEpoch : selfVote);
  }
  return out;
}

/**
 * Follows a failover of the master at `oldPort` on all sentinels (logs read
 * from `from[i]`), checks the agreement, and returns who led it.
 */
async function checkFailover(
  nodes: Node[],
  from: number[],
  oldPort: number,
  candidates: RedisProcess[],
  startedAt: number,
  timeoutMs: number,
): Promise<{ leader: Node; newPort: number; epoch: number; ms: number }> {
  const switchRe = new RegExp(`# \\+switch-master ${NAME} 127\\.0\\.0\\.1 ${oldPort} 127\\.0\\.0\\.1 (\\d+)$`);
  const switchLines = await waitFor(
    () => {
      const found = nodes.map((n, i) => n.proc.logLines(from[i]).find((l) => switchRe.test(l)));
      return found.every((l) => l !== undefined) ? (found as string[]) : undefined;
    },
    timeoutMs,
    100,
    {
      description: `every sentinel to log +switch-master ${NAME} 127.0.0.1 ${oldPort} ...`,
      details: () => allDiagnostics(nodes, from),
    },
  );
  const newPorts = switchLines.map((l) => Number(switchRe.exec(l)![1]));
  expect(new Set(newPorts).size, `+switch-master new addresses ${JSON.stringify(nodes.map((n, i) => [n.label, newPorts[i]]))}`).toBe(1);
  const newPort = newPorts[0]!;
  expect(
    candidates.map((r) => r.port),
    `the promoted port ${newPort} is one of the candidate replicas`,
  ).toContain(newPort);
  const lastSwitch = Math.max(...switchLines.map((l) => parseLogLine(l)!.time));

  // GET-MASTER-ADDR-BY-NAME and config-epoch agree everywhere.
  let snapshot: unknown[] = [];
  await waitFor(
    async () => {
      snapshot = await Promise.all(nodes.map(async (n) => [n.label, await masterAddr(n), (await masterRecord(n))['config-epoch']]));
      return snapshot.every((s) => {
        const [, addr, ep] = s as [string, unknown, string];
        return JSON.stringify(addr) === JSON.stringify(['127.0.0.1', String(newPort)]) && ep === (snapshot[0] as string[])[2];
      });
    },
    5000,
    200,
    { description: `all sentinels to report 127.0.0.1:${newPort} with one config-epoch`, details: () => JSON.stringify(snapshot) },
  );
  const epochs = await Promise.all(nodes.map(async (n) => Number((await masterRecord(n))['config-epoch'])));
  expect(new Set(epochs).size, `config-epoch on all sentinels ${JSON.stringify(nodes.map((n, i) => [n.label, epochs[i]]))}`).toBe(1);
  const epoch = epochs[0]!;
  expect(epoch).toBeGreaterThan(0);

  // Exactly one +elected-leader in the final epoch.
  const elected = nodes.map((n, i) => ({ n, epochs: electedEpochs(n, from[i]!, oldPort) }));
  const inFinal = elected.filter((e) => e.epochs.includes(epoch));
  expect(
    inFinal.map((e) => e.n.label),
    `sentinels logging +elected-leader in epoch ${epoch}; all +elected-leader epochs: ${JSON.stringify(elected.map((e) => [e.n.label, e.epochs]))}\n${allDiagnostics(nodes, from)}`,
  ).toHaveLength(1);
  for (const e of elected) {
    expect(e.epochs.filter((x) => x === epoch), `${e.n.label}: +elected-leader lines in epoch ${epoch}`).toHaveLength(e === inFinal[0] ? 1 : 0);
  }
  const leader = inFinal[0]!.n;
  const li = nodes.indexOf(leader);
  const leaderLog = leader.proc.logLines(from[li]).map(lm);
  const selP = `slave 127.0.0.1:${newPort} 127.0.0.1 ${newPort} @ ${NAME} 127.0.0.1 ${oldPort}`;
  expect(leaderLog, `${leader.label} (leader) promoted the replica`).toContain(`# +promoted-slave ${selP}`);
  expect(leaderLog, `${leader.label} (leader) ended the failover`).toContain(`# +failover-end master ${NAME} 127.0.0.1 ${oldPort}`);

  // Observers learnt the new configuration from the leader's hello.
  const cfgUpdate = `# +config-update-from sentinel ${leader.myid} 127.0.0.1 ${leader.port} @ ${NAME} 127.0.0.1 ${oldPort}`;
  for (const [i, n] of nodes.entries()) {
    if (n === leader) continue;
    const log = n.proc.logLines(from[i]).map(lm);
    expect(log, `${n.label} (observer) logs ${cfgUpdate}`).toContain(cfgUpdate);
    const cu = log.indexOf(cfgUpdate);
    const sw = log.findIndex((l) => switchRe.test(l));
    expect(cu, `${n.label}: +config-update-from before +switch-master`).toBeLessThan(sw);
  }
  return { leader, newPort, epoch, ms: lastSwitch - startedAt };
}

/**
 * Waits until every sentinel lists `ports` as replicas with the given flags
 * test and master-port; returns, per sentinel, when (Date.now()) it first did.
 */
async function waitReplicasListed(
  nodes: Node[],
  want: Array<{ port: number; flags: (f: string) => boolean; masterPort?: number; why: string }>,
  timeoutMs: number,
): Promise<Map<Node, number>> {
  let last: unknown = null;
  const firstOk = new Map<Node, number>();
  await waitFor(
    async () => {
      const lists = await Promise.all(nodes.map((n) => listRecords(n, 'REPLICAS')));
      last = nodes.map((n, i) => [n.label, lists[i]!.map((r) => `${r.port} ${r.flags} master-port=${r['master-port']} link=${r['master-link-status']}`)]);
      const ok = lists.map((list) =>
        want.every((w) => {
          const r = list.find((x) => x.port === String(w.port));
          return r !== undefined && w.flags(r.flags ?? '') && (w.masterPort === undefined || r['master-port'] === String(w.masterPort));
        }),
      );
      ok.forEach((v, i) => {
        if (v && !firstOk.has(nodes[i]!)) firstOk.set(nodes[i]!, Date.now());
      });
      return ok.every(Boolean);
    },
    timeoutMs,
    250,
    {
      description: `every sentinel to list replicas ${want.map((w) => `${w.port} (${w.why})`).join(', ')}`,
      details: () => `last SENTINEL REPLICAS: ${JSON.stringify(last)}\n${allDiagnostics(nodes)}`,
    },
  );
  return firstOk;
}

function summary(): string {
  return results
    .map(
      (r) =>
        `  [${r.lineup}] ${r.how.padEnd(9)} failover epoch ${r.epoch}: leader ${r.leader} (${r.leaderKind}), ${r.oldPort} -> ${r.newPort}, ${r.ms} ms to the last +switch-master`,
    )
    .join('\n');
}

interface Lineup {
  kinds: Kind[];
  /** the kind that must win the automatic (vote-based) failover; the other kind gets a larger down-after */
  autoLeader: Kind;
}

function mixedQuorum({ kinds, autoLeader }: Lineup): void {
  const lineup = `${kinds.filter((k) => k === 'ours').length} ours + ${kinds.filter((k) => k === 'real').length} real`;
  if (kinds.filter((k) => k === autoLeader).length < 2) throw new Error(`${lineup}: needs two ${autoLeader} sentinels to reach quorum 2 alone`);

  describe(`mixed quorum: ${lineup}`, () => {
    let trio: Trio;
    let nodes: Node[] = [];
    /** current master / replicas as the test follows them */
    let m0: RedisProcess; // the original master, shut down in step 2
    let p1: RedisProcess; // promoted by the automatic failover
    let other: RedisProcess; // the other original replica
    let auto: { leader: Node; newPort: number; epoch: number } | undefined;
    let manual: { leader: Node; newPort: number; epoch: number } | undefined;
    /** log offsets taken just before the manual failover */
    let manualFrom: number[] = [];

    const setup = setupGuard();

    beforeAll(async () => {
      await setup.run(async () => {
        assertSentinelBinUsable(OUR_SENTINEL_BIN);
        assertSentinelBinUsable(REAL_SENTINEL_BIN);
        trio = await startMasterWithReplicas(2);
        m0 = trio.master;
        const procs = await Promise.all(
          kinds.map((k) =>
            SentinelProcess.start({
              binary: k === 'ours' ? OUR_SENTINEL_BIN : REAL_SENTINEL_BIN,
              masterPort: trio.master.port,
              quorum: 2,
              downAfterMs: DOWN_AFTER,
              extraConfig: [`sentinel failover-timeout ${NAME} ${FAILOVER_TIMEOUT}`],
            }),
          ),
        );
        nodes = await Promise.all(
          procs.map(async (proc, i) => {
            const kind = kinds[i]!;
            const nth = kinds.slice(0, i + 1).filter((k) => k === kind).length;
            const r = await proc.call(['SENTINEL', 'MYID']);
            const myid = String(plain(r.value));
            if (!/^[0-9a-f]{40}$/.test(myid)) throw new Error(`SENTINEL MYID on :${proc.port}: ${r.raw.toString()}`);
            return { kind, label: `${kind}#${nth}:${proc.port}`, proc, myid, port: proc.port };
          }),
        );
        console.log(
          `[mixed-quorum ${lineup}] master :${m0.port}, replicas :${trio.replicas.map((r) => r.port).join(', :')}; sentinels ${nodes.map((n) => `${n.label} ${n.myid}`).join(', ')}`,
        );
      });
    }, 60000);

    afterAll(async () => {
      await killAllTracked();
      removeTmpDirs();
      if (kinds === LINEUPS[LINEUPS.length - 1]!.kinds) console.log(`[mixed-quorum] results:\n${summary()}`);
    }, 30000);

    it('1. every sentinel discovers the other two sentinels and both replicas', async () => {
      setup.check();
      const m = m0.port;
      let last: unknown = null;
      await waitFor(
        async () => {
          const state = await Promise.all(
            nodes.map(async (n) => ({
              sentinels: (await listRecords(n, 'SENTINELS')).map((r) => r.runid).sort(),
              replicas: (await listRecords(n, 'REPLICAS')).map((r) => r.port).sort(),
            })),
          );
          last = state;
          return state.every(
            (s, i) =>
              JSON.stringify(s.sentinels) === JSON.stringify(nodes.filter((_, j) => j !== i).map((o) => o.myid).sort()) &&
              JSON.stringify(s.replicas) === JSON.stringify(trio.replicas.map((r) => String(r.port)).sort()),
          );
        },
        20000,
        250,
        { description: 'SENTINEL SENTINELS / REPLICAS to list the other two sentinels and both replicas on all', details: () => `${JSON.stringify(last)}\n${allDiagnostics(nodes)}` },
      );
      for (const n of nodes) {
        const sentinels = await listRecords(n, 'SENTINELS');
        const others = nodes.filter((o) => o !== n);
        expect(sentinels, `${n.label}: SENTINEL SENTINELS`).toHaveLength(2);
        for (const o of others) {
          const r = sentinels.find((x) => x.runid === o.myid);
          expect(r, `${n.label} knows ${o.label}`).toBeDefined();
          expect({ name: r!.name, ip: r!.ip, port: r!.port, runid: r!.runid }, `${n.label}: entry for ${o.label}`).toEqual({
            name: o.myid,
            ip: '127.0.0.1',
            port: String(o.port),
            runid: o.myid,
          });
          await n.proc.waitForLog(new RegExp(`\\* \\+sentinel sentinel ${o.myid} 127\\.0\\.0\\.1 ${o.port} @ ${NAME} 127\\.0\\.0\\.1 ${m}$`), 5000);
        }
        const master = await masterRecord(n);
        expect(master['num-other-sentinels'], `${n.label}: num-other-sentinels`).toBe('2');
        expect(master['num-slaves'], `${n.label}: num-slaves`).toBe('2');
        expect(master.quorum).toBe('2');
        for (const r of trio.replicas) {
          await n.proc.waitForLog(new RegExp(`\\* \\+slave slave 127\\.0\\.0\\.1:${r.port} 127\\.0\\.0\\.1 ${r.port} @ ${NAME} 127\\.0\\.0\\.1 ${m}$`), 5000);
        }
      }
    }, 40000);

    it('2. automatic failover after the master is shut down: one leader, all agree', async () => {
      setup.check();
      // down-after is per sentinel: only the `autoLeader` kind sees the master down after 2 s, so
      // one of them reaches ODOWN (quorum 2 between the two of them), starts the failover and wins the vote.
      const slow = nodes.filter((x) => x.kind !== autoLeader);
      for (const n of slow) {
        await sentinelCmd(n, ['SENTINEL', 'SET', NAME, 'down-after-milliseconds', SLOW_DOWN_AFTER]);
        expect((await masterRecord(n))['down-after-milliseconds'], `${n.label}: down-after after SENTINEL SET`).toBe(String(SLOW_DOWN_AFTER));
      }
      const from = nodes.map((n) => n.proc.logOffset());
      const shutdownAt = Date.now();
      await m0.shutdownNosave();
      const r = await checkFailover(nodes, from, m0.port, trio.replicas, shutdownAt, 30000);
      auto = r;
      p1 = trio.replicas.find((x) => x.port === r.newPort)!;
      other = trio.replicas.find((x) => x !== p1)!;
      results.push({ lineup, how: 'automatic', leader: r.leader.label, leaderKind: r.leader.kind, epoch: r.epoch, oldPort: m0.port, newPort: r.newPort, ms: r.ms });
      console.log(
        `[mixed-quorum ${lineup}] automatic failover: leader ${r.leader.label}, epoch ${r.epoch}, ${m0.port} -> ${r.newPort}, ${r.ms} ms from shutdown to the last +switch-master\n` +
          nodes.map((n, i) => `  --- ${n.label}\n    ${eventLines(n, from[i]!).join('\n    ')}`).join('\n'),
      );

      // A vote-based election: at least one other sentinel voted for the leader (majority 2 of 3 with its own vote).
      const voters = nodes.filter((n, i) => n !== r.leader && n.proc.logLines(from[i]).map(lm).includes(`# +vote-for-leader ${r.leader.myid} ${r.epoch}`));
      expect(voters.length, `sentinels logging +vote-for-leader ${r.leader.myid} ${r.epoch}`).toBeGreaterThanOrEqual(1);
      const li = nodes.indexOf(r.leader);
      expect(r.leader.proc.logLines(from[li]).map(lm), `${r.leader.label} (leader) voted for itself`).toContain(`# +vote-for-leader ${r.leader.myid} ${r.epoch}`);
      expect(r.leader.proc.logLines(from[li]).map(lm), `${r.leader.label} (leader) reached ODOWN`).toContain(
        `# +odown master ${NAME} 127.0.0.1 ${m0.port} #quorum 2/2`,
      );
      expect(r.leader.kind, `with the ${autoLeader === 'ours' ? 'real' : 'our'} sentinels at a larger down-after, a ${autoLeader} sentinel leads`).toBe(autoLeader);

      await p1.waitInfo({ role: 'master' }, 15000);
      await other.waitInfo({ role: 'slave', master_port: String(p1.port), master_link_status: 'up' }, 20000);

      for (const n of slow) await sentinelCmd(n, ['SENTINEL', 'SET', NAME, 'down-after-milliseconds', DOWN_AFTER]);
    }, 60000);

    it('3. manual failover (SENTINEL FAILOVER) on a sentinel of the other kind; observers follow', async () => {
      setup.check();
      expect(auto, 'step 2 ran').toBeDefined();
      const target = nodes.find((n) => n.kind !== auto!.leader.kind)!;
      // The dead old master must be s_down and the other replica healthy in every view,
      // so that the failover has a good replica and ends without waiting for m0.
      await waitReplicasListed(
        nodes,
        [
          { port: m0.port, flags: (f) => /(^|,)s_down(,|$)/.test(f), why: 'old master, down' },
          { port: other.port, flags: (f) => !/s_down|disconnected/.test(f), masterPort: p1.port, why: `replica of ${p1.port}` },
        ],
        20000,
      );
      const from = nodes.map((n) => n.proc.logOffset());
      let startedAt = 0;
      let lastReply = '';
      await waitFor(
        async () => {
          startedAt = Date.now();
          const rep = await target.proc.call(['SENTINEL', 'FAILOVER', NAME], 3000);
          lastReply = rep.raw.toString();
          if (rep.value.type === 'error' && /^NOGOODSLAVE/.test(rep.value.value)) return false;
          if (lastReply !== '+OK\r\n') throw new AbortWait(`${target.label}: SENTINEL FAILOVER ${NAME} -> ${JSON.stringify(lastReply)}`);
          return true;
        },
        15000,
        500,
        { description: `${target.label} to accept SENTINEL FAILOVER ${NAME}`, details: () => `last reply ${JSON.stringify(lastReply)}\n${allDiagnostics(nodes)}` },
      );
      manualFrom = from;
      const ti = nodes.indexOf(target);
      await target.proc.waitForLog(new RegExp(`# Executing user requested FAILOVER of '${NAME}'$`), 5000, from[ti]);
      const r = await checkFailover(nodes, from, p1.port, [other], startedAt, 30000);
      manual = r;
      results.push({ lineup, how: 'manual', leader: r.leader.label, leaderKind: r.leader.kind, epoch: r.epoch, oldPort: p1.port, newPort: r.newPort, ms: r.ms });
      console.log(
        `[mixed-quorum ${lineup}] manual failover on ${target.label}: leader ${r.leader.label}, epoch ${r.epoch}, ${p1.port} -> ${r.newPort}, ${r.ms} ms from SENTINEL FAILOVER to the last +switch-master\n` +
          nodes.map((n, i) => `  --- ${n.label}\n    ${eventLines(n, from[i]!).join('\n    ')}`).join('\n'),
      );
      expect(r.leader, 'the sentinel given SENTINEL FAILOVER leads it').toBe(target);
      expect(r.epoch, 'the manual failover is in a later epoch').toBeGreaterThan(auto!.epoch);
      expect(r.newPort).toBe(other.port);
      await other.waitInfo({ role: 'master' }, 15000);
      // Across the two failovers of this line-up both kinds led.
      expect(new Set([auto!.leader.kind, r.leader.kind])).toEqual(new Set(['ours', 'real']));
    }, 60000);

    it('4. the old masters end as replicas of the current master (+convert-to-slave), listed by all', async () => {
      setup.check();
      expect(manual, 'step 3 ran').toBeDefined();
      const cur = other; // current master
      // p1 may be converted before this step begins: search from the start of step 3.
      const from = manualFrom;
      const restartAt = Date.now();
      await m0.restart();
      // p1 (master until step 3) and m0 (restarted as a master) are converted by some sentinel.
      const converted = async (r: RedisProcess): Promise<string[]> => {
        const re = new RegExp(`\\* \\+convert-to-slave slave 127\\.0\\.0\\.1:${r.port} 127\\.0\\.0\\.1 ${r.port} @ ${NAME} 127\\.0\\.0\\.1 ${cur.port}$`);
        return waitFor(
          () => {
            const who = nodes.flatMap((n, i) =>
              n.proc
                .logLines(from[i])
                .filter((l) => re.test(l))
                .map((l) => `${n.label} at restart${parseLogLine(l)!.time - restartAt >= 0 ? '+' : ''}${parseLogLine(l)!.time - restartAt} ms`),
            );
            return who.length > 0 ? who : undefined;
          },
          40000,
          200,
          { description: `some sentinel to log +convert-to-slave for :${r.port} @ ${cur.port}`, details: () => allDiagnostics(nodes) },
        );
      };
      const [byP1, byM0] = await Promise.all([converted(p1), converted(m0)]);
      await p1.waitInfo({ role: 'slave', master_port: String(cur.port), master_link_status: 'up' }, 30000);
      await m0.waitInfo({ role: 'slave', master_port: String(cur.port), master_link_status: 'up' }, 30000);
      const listedAt = await waitReplicasListed(
        nodes,
        [
          { port: m0.port, flags: (f) => f === 'slave', masterPort: cur.port, why: 'old master m0, restarted' },
          { port: p1.port, flags: (f) => f === 'slave', masterPort: cur.port, why: 'old master p1' },
        ],
        20000,
      );
      for (const n of nodes) {
        const reps = await listRecords(n, 'REPLICAS');
        expect(reps.map((r) => r.port).sort(), `${n.label}: SENTINEL REPLICAS`).toEqual([String(m0.port), String(p1.port)].sort());
        expect(await masterAddr(n)).toEqual(['127.0.0.1', String(cur.port)]);
      }
      const info = await cur.info('replication');
      expect(info.role).toBe('master');
      expect(info.connected_slaves).toBe('2');
      console.log(
        `[mixed-quorum ${lineup}] +convert-to-slave of :${p1.port} by ${byP1.join(', ')}, of :${m0.port} by ${byM0.join(', ')}; all replicas linked ${Date.now() - restartAt} ms after restarting :${m0.port}; listed as plain replicas of :${cur.port} (flags "slave", master-port from INFO) by ${nodes.map((n) => `${n.label} at restart+${listedAt.get(n)! - restartAt} ms`).join(', ')}`,
      );
    }, 90000);
  });
}

const LINEUPS: Lineup[] = [
  { kinds: ['ours', 'ours', 'real'], autoLeader: 'ours' },
  { kinds: ['ours', 'real', 'real'], autoLeader: 'real' },
];
for (const k of LINEUPS) mixedQuorum(k);

/**
 * A peer sentinel that watches several of our masters gets one connection
 * from us, not one per master, as from redis-sentinel (its
 * sentinelTryConnectionSharing): ours and the real redis-sentinel 7.0.15
 * both monitor the same three masters, find each other through hellos, and
 * each then shows the other with link-refcount 3 and holds one command
 * connection from the other. Then the real one restarts with the peer
 * listed in its file (known-sentinel), and ours too: still one connection.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { plain, recordOf } from '../helpers/resp-client';
import { assertSentinelBinUsable, OUR_SENTINEL_BIN, REAL_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { waitFor } from '../helpers/wait';

const MASTERS = ['m0', 'm1', 'm2'];

interface Node {
  label: string;
  proc: SentinelProcess;
  myid: string;
}

async function peerRecords(n: Node, peer: Node): Promise<Array<Record<string, string>>> {
  const out: Array<Record<string, string>> = [];
  for (const m of MASTERS) {
    const r = await n.proc.call(['SENTINEL', 'SENTINELS', m], 3000);
    if (r.value.type !== 'array' || r.value.value === null) throw new Error(`${n.label}: SENTINEL SENTINELS ${m}: ${r.raw.toString()}`);
    const rec = r.value.value.map(recordOf).find((x) => x['runid'] === peer.myid);
    if (rec !== undefined) out.push(rec);
  }
  return out;
}

/** Both know each other under every master, over links that are up. */
async function acquainted(a: Node, b: Node): Promise<boolean> {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const recs = await peerRecords(x, y);
    if (recs.length !== MASTERS.length || recs.some((r) => (r['flags'] ?? '').includes('disconnected'))) return false;
  }
  return true;
}

/** Command connections into `n` that `from` names as its own (CLIENT SETNAME sentinel-<id8>-cmd). */
async function cmdConnectionsFrom(n: Node, from: Node): Promise<number> {
  const r = await n.proc.call(['CLIENT', 'LIST'], 3000);
  const text = String(plain(r.value));
  return text.split('\n').filter((l) => l.includes(`name=sentinel-${from.myid.slice(0, 8)}-cmd`)).length;
}

describe('a peer watching several masters shares one link', () => {
  const setup = setupGuard();
  const nodes: Node[] = [];
  let masters: RedisProcess[] = [];

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(OUR_SENTINEL_BIN);
      assertSentinelBinUsable(REAL_SENTINEL_BIN);
      masters = await Promise.all(MASTERS.map(() => RedisProcess.start()));
      const extra = MASTERS.slice(1).map((m, i) => `sentinel monitor ${m} 127.0.0.1 ${masters[i + 1]!.port} 2`);
      for (const [label, binary] of [['ours', OUR_SENTINEL_BIN], ['real', REAL_SENTINEL_BIN]] as const) {
        const proc = await SentinelProcess.start({ binary, masterName: 'm0', masterPort: masters[0]!.port, quorum: 2, extraConfig: extra });
        const myid = String(plain((await proc.call(['SENTINEL', 'MYID'])).value));
        if (!/^[0-9a-f]{40}$/.test(myid)) throw new Error(`${label}: SENTINEL MYID: ${myid}`);
        nodes.push({ label, proc, myid });
      }
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  }, 30000);

  async function check(): Promise<void> {
    const [ours, real] = nodes as [Node, Node];
    await waitFor(() => acquainted(ours, real), 30000, 200, 'both sentinels knowing each other under the three masters');
    // The same link-refcount on both sides: three records over one link.
    expect((await peerRecords(ours, real)).map((r) => r['link-refcount'])).toEqual(['3', '3', '3']);
    expect((await peerRecords(real, ours)).map((r) => r['link-refcount'])).toEqual(['3', '3', '3']);
    // And one connection each way.
    expect(await cmdConnectionsFrom(real, ours)).toBe(1);
    expect(await cmdConnectionsFrom(ours, real)).toBe(1);
  }

  it('after meeting through hellos', async () => {
    setup.check();
    await check();
  }, 60000);

  it('after both restart with the peer listed in their config files (known-sentinel)', async () => {
    setup.check();
    for (const n of nodes) {
      await n.proc.stop('SIGTERM');
      expect(n.proc.running).toBe(false);
    }
    // redis-sentinel does not save on SIGTERM: the peer lines come from the rewrite after discovery.
    for (const n of nodes) {
      const text = fs.readFileSync(n.proc.configFile, 'utf8');
      expect(text.split('\n').filter((l) => l.startsWith('sentinel known-sentinel ')).length, n.label).toBe(3);
      await n.proc.restart();
    }
    await check();
  }, 90000);
});

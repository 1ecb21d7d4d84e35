/**
 * The operations HTTP endpoint (src/ops) of OUR daemon, end to end: a real
 * master and replica (redis-server), one of our sentinels with quorum 1 and
 * a short down-after, and HTTP requests against --http-port.
 *
 * Every process is started through spawnTracked and killed by PID in
 * afterAll; every port comes from getFreePort; every wait is bounded.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { httpRequest, promSample, rawHttp } from '../helpers/http-get';
import { killAllTracked, makeTmpDir, removeTmpDirs, spawnTracked, waitExit } from '../helpers/processes';
import { RedisProcess, startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { OUR_SENTINEL_BIN, SentinelProcess } from '../helpers/sentinel-process';
import { openFilesLimit } from '../helpers/abusive-clients';
import { command } from '../helpers/resp-client';
import { EXPORTER_METRICS } from '../../src/ops/metric-names';
import { waitFor } from '../helpers/wait';

const NAME = 'mymaster';
const DOWN_AFTER = 1000;

/** TCP ports process `pid` listens on, from /proc (inodes of its sockets in LISTEN state). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1] as string);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9] as string)) continue;
      ports.push(parseInt((cols[1] as string).split(':')[1] as string, 16));
    }
  }
  return [...new Set(ports)].sort((a, b) => a - b);
}

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

describe('ops HTTP endpoint: off by default', () => {
  it('opens no port besides the client port and writes no http-* line without the option', async () => {
    const master = await RedisProcess.start();
    const s = await SentinelProcess.start({ binary: OUR_SENTINEL_BIN, masterPort: master.port });
    try {
      expect(listeningPorts(s.pid as number)).toEqual([s.port]);
      expect(s.readLog()).not.toMatch(/Operations HTTP endpoint/);
      expect(s.readConfig()).not.toMatch(/^http-/m);
    } finally {
      await s.stop();
      await master.stop();
    }
  });
});

describe('ops HTTP endpoint: a port that cannot be bound', () => {
  it('makes the daemon exit 1 with the reason, like a client port that cannot be bound', async () => {
    const blocker = net.createServer();
    const port = await getFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    try {
      const dir = makeTmpDir('ops-http-busy');
      const conf = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(conf, `port ${await getFreePort()}\nsentinel monitor m 127.0.0.1 1 1\n`);
      const child = spawnTracked('sentinel (busy http port)', process.execPath, [OUR_SENTINEL_BIN, conf, '--http-port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await waitExit(child, 10000, 'sentinel with a busy http port');
      expect(child.exitCode).toBe(1);
      expect(out).toMatch(new RegExp(`Failed listening on 127\\.0\\.0\\.1:${port} \\(http\\)`));
    } finally {
      blocker.close();
    }
  });
});

describe('ops HTTP endpoint: a master, a replica and our sentinel (quorum 1)', () => {
  let world: Trio;
  let s: SentinelProcess;
  let httpPort: number;

  beforeAll(async () => {
    world = await startMasterWithReplicas(1);
    httpPort = await getFreePort();
    s = await SentinelProcess.start({
      binary: OUR_SENTINEL_BIN,
      masterPort: world.master.port,
      quorum: 1,
      downAfterMs: DOWN_AFTER,
      extraConfig: [`http-port ${httpPort}`, `sentinel failover-timeout ${NAME} 2000`],
    });
    // Ready once the master link is up and the replica was discovered.
    await waitFor(async () => (await httpRequest(httpPort, '/readyz')).status === 200, 15000, 200, '/readyz to answer 200');
    // Discovered is not connected: the replica's link comes up a round trip later.
    await waitFor(
      async () => {
        const body = (await httpRequest(httpPort, '/metrics')).body;
        return promSample(body, EXPORTER_METRICS.masterSlaves) === 1 && promSample(body, 'redis_sentinel_ts_instance_link_up', { master_name: NAME, role: 'slave' }) === 1;
      },
      15000,
      200,
      'the replica to show in /metrics, its link up',
    );
  });

  afterAll(async () => {
    await s?.stop();
    for (const r of world?.all ?? []) await r.stop();
  });

  it('keeps the http-port line on rewrite and adds no http-bind line', () => {
    const cfg = s.readConfig();
    expect(cfg).toMatch(new RegExp(`^http-port ${httpPort}$`, 'm'));
    expect(cfg).not.toMatch(/^http-bind/m);
    expect(s.readLog()).toMatch(new RegExp(`Operations HTTP endpoint on http://127\\.0\\.0\\.1:${httpPort}/`));
  });

  it('GET /metrics: Prometheus text with redis_exporter names and ours', async () => {
    const r = await httpRequest(httpPort, '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const addr = `127.0.0.1:${world.master.port}`;
    expect(promSample(r.body, 'redis_sentinel_masters')).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_tilt')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_running_scripts')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_scripts_queue_length')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_simulate_failure_flags')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_master_status', { master_name: NAME, master_address: addr, master_status: 'ok' })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_master_slaves', { master_name: NAME, master_address: addr })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_master_ok_slaves', { master_name: NAME })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_master_sentinels', { master_name: NAME })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_master_ok_sentinels', { master_name: NAME })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_master_ckquorum_status', { master_name: NAME })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_ts_instance_link_up', { master_name: NAME, role: 'master' })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_ts_instance_link_up', { master_name: NAME, role: 'slave' })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_ts_instance_sdown', { master_name: NAME, role: 'master' })).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_ts_master_odown', { master_name: NAME })).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_ts_master_failover_state', { master_name: NAME, state: 'none' })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_ts_current_epoch')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_ts_events_total', { type: '+monitor' })).toBe(1);
    expect(promSample(r.body, 'redis_sentinel_ts_failover_duration_seconds_count')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_ts_votes_given_total')).toBe(0);
    expect(promSample(r.body, 'redis_sentinel_ts_connected_clients')).not.toBeNull();
    expect(promSample(r.body, 'redis_sentinel_ts_commands_processed_total')).not.toBeNull();
    expect(promSample(r.body, 'redis_sentinel_ts_event_loop_lag_seconds')).not.toBeNull();
    const rtt = promSample(r.body, 'redis_sentinel_ts_instance_last_ping_rtt_seconds', { master_name: NAME, role: 'master' });
    expect(rtt).not.toBeNull();
    expect(rtt as number).toBeLessThan(1);
    // Every sample line belongs to a family declared with # TYPE.
    const typed = new Set([...r.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const line of r.body.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const name = (/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line) as RegExpExecArray)[0].replace(/_(bucket|sum|count)$/, '');
      expect(typed.has(name) || typed.has(`${name}`)).toBe(true);
    }
  });

  it('GET /healthz and /readyz answer 200 with a short text body', async () => {
    const h = await httpRequest(httpPort, '/healthz');
    expect([h.status, h.body]).toEqual([200, 'ok\n']);
    const r = await httpRequest(httpPort, '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^ready/);
  });

  it('GET /masters/<name>: the current address as JSON; 404 for an unknown name', async () => {
    const r = await httpRequest(httpPort, `/masters/${NAME}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const j = JSON.parse(r.body) as { address: { ip: string; port: number }; configEpoch: string; flags: string[]; replicas: Array<{ port: number }>; sentinels: unknown[] };
    expect(j.address).toEqual({ ip: '127.0.0.1', port: world.master.port });
    expect(j.configEpoch).toBe('0');
    expect(j.flags).toEqual(['master']);
    expect(j.replicas.map((x) => x.port)).toEqual([(world.replicas[0] as RedisProcess).port]);
    expect(j.sentinels).toEqual([]);
    expect((await httpRequest(httpPort, '/masters/nosuch')).status).toBe(404);
  });

  it('HEAD is allowed, other methods 405, unknown paths 404', async () => {
    const h = await httpRequest(httpPort, '/metrics', 'HEAD');
    expect(h.status).toBe(200);
    expect(h.body).toBe('');
    for (const m of ['POST', 'PUT', 'DELETE']) {
      const r = await httpRequest(httpPort, '/metrics', m);
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    expect((await httpRequest(httpPort, '/')).status).toBe(404);
    expect((await httpRequest(httpPort, '/metricsx')).status).toBe(404);
    expect((await httpRequest(httpPort, '/masters/')).status).toBe(404);
    expect((await httpRequest(httpPort, '/masters/%zz')).status).toBe(400);
  });

  it('bad HTTP input: oversized headers get 431, garbage 400, a slow client is cut off', async () => {
    const big = await rawHttp(httpPort, `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`, 5000);
    expect(big.text).toMatch(/^HTTP\/1\.1 431/);
    expect(big.closed).toBe(true);
    const junk = await rawHttp(httpPort, 'NOT HTTP AT ALL\r\n\r\n', 5000);
    expect(junk.text).toMatch(/^HTTP\/1\.1 400/);
    expect(junk.closed).toBe(true);
    // Headers never finished: closed by the headers timeout (5 s), well before our 15 s bound.
    const slow = await rawHttp(httpPort, 'GET /metrics HTTP/1.1\r\nHost: x\r\n', 15000);
    expect(slow.closed).toBe(true);
    expect(slow.ms).toBeLessThan(12000);
    // The endpoint still works afterwards.
    expect((await httpRequest(httpPort, '/healthz')).status).toBe(200);
  }, 30000);

  it('serves /metrics with bounded latency while ~1000 clients hammer the client port', async () => {
    const n = Math.min(1000, Math.floor(openFilesLimit() / 2) - 100);
    const socks: net.Socket[] = [];
    let stop = false;
    let replies = 0;
    try {
      for (let i = 0; i < n; i += 100) {
        const batch = await Promise.all(
          Array.from(
            { length: Math.min(100, n - i) },
            () =>
              new Promise<net.Socket>((resolve, reject) => {
                const c = net.connect(s.port, '127.0.0.1');
                c.once('connect', () => resolve(c));
                c.once('error', reject);
              }),
          ),
        );
        socks.push(...batch);
      }
      // The kernel completes connections before the daemon accepts them: wait until it has them all.
      await waitFor(
        async () => (promSample((await httpRequest(httpPort, '/metrics')).body, 'redis_sentinel_ts_connected_clients') ?? 0) >= n,
        15000,
        100,
        `the daemon to count ${n} connected clients`,
      );
      // Closed loop: each client pipelines 10 PINGs and sends the next 10
      // once all 10 answers (+PONG\r\n, 7 bytes each) are in. PING rather
      // than INFO: a flood of INFO from 1000 clients stalls the whole loop
      // (TILT), the endpoint included, which is not what is measured here.
      const burst = Buffer.from('PING\r\n'.repeat(10));
      const ANSWER_BYTES = 10 * 7;
      for (const c of socks) {
        let got = 0;
        c.on('error', () => undefined);
        c.on('data', (d: Buffer) => {
          got += d.length;
          while (got >= ANSWER_BYTES) {
            got -= ANSWER_BYTES;
            replies += 10;
            if (!stop) c.write(burst);
          }
        });
        c.write(burst);
      }
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await httpRequest(httpPort, '/metrics', 'GET', 5000);
        expect(r.status).toBe(200);
        latencies.push(r.ms);
      }
      // The clients really were served all along.
      expect(replies).toBeGreaterThan(10 * n);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = sorted[10] as number;
      const max = sorted[sorted.length - 1] as number;
      expect(max, `latencies ${latencies.join(',')}`).toBeLessThan(2000);
      expect(p50, `latencies ${latencies.join(',')}`).toBeLessThan(500);
      const m = await httpRequest(httpPort, '/metrics');
      expect(promSample(m.body, 'redis_sentinel_ts_connections_received_total') as number).toBeGreaterThanOrEqual(n);
    } finally {
      stop = true;
      for (const c of socks) c.destroy();
    }
  }, 60000);

  it('during a real failover: status and /masters go 503, then 200 with the new address', async () => {
    const replica = world.replicas[0] as RedisProcess;
    const oldAddr = `127.0.0.1:${world.master.port}`;
    // A failover takes milliseconds here; to see the 503 window for sure the
    // replica is first made unpromotable (priority 0), so the master stays odown.
    await command(replica.port, ['CONFIG', 'SET', 'replica-priority', '0']);
    await waitFor(
      async () => {
        const r = await s.call(['SENTINEL', 'REPLICAS', NAME]);
        return r.raw.toString('latin1').includes('slave-priority\r\n$1\r\n0\r\n');
      },
      15000,
      200,
      'the sentinel to see replica-priority 0',
    );
    await world.master.stop();
    const seen503 = await waitFor(
      async () => {
        const r = await httpRequest(httpPort, `/masters/${NAME}`);
        return r.status === 503 ? r : null;
      },
      10000,
      50,
      { description: '/masters/<name> to answer 503 after the master was killed', details: () => s.diagnostics() },
    );
    expect((JSON.parse(seen503.body) as { problem: string }).problem).toMatch(/sdown|odown|failover/);
    const down = await httpRequest(httpPort, '/metrics');
    expect(promSample(down.body, 'redis_sentinel_master_status', { master_name: NAME, master_address: oldAddr })).toBe(0);
    expect(promSample(down.body, 'redis_sentinel_ts_instance_sdown', { master_name: NAME, role: 'master' })).toBe(1);
    const ready = await httpRequest(httpPort, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(new RegExp(`^${NAME}: `));
    await command(replica.port, ['CONFIG', 'SET', 'replica-priority', '100']);

    const after = await waitFor(
      async () => {
        const r = await httpRequest(httpPort, `/masters/${NAME}`);
        if (r.status !== 200) return null;
        const j = JSON.parse(r.body) as { address: { port: number }; configEpoch: string };
        return j.address.port === replica.port ? j : null;
      },
      30000,
      100,
      '/masters/<name> to answer 200 with the promoted replica',
    );
    // The aborted attempt (no good replica) used an epoch too.
    const epoch = Number(after.configEpoch);
    expect(epoch).toBeGreaterThanOrEqual(1);
    const m = (await httpRequest(httpPort, '/metrics')).body;
    const newAddr = `127.0.0.1:${replica.port}`;
    expect(promSample(m, 'redis_sentinel_master_status', { master_name: NAME, master_address: newAddr, master_status: 'ok' })).toBe(1);
    expect(promSample(m, 'redis_sentinel_master_config_epoch', { master_name: NAME })).toBe(epoch);
    expect(promSample(m, 'redis_sentinel_ts_current_epoch')).toBe(epoch);
    expect(promSample(m, 'redis_sentinel_ts_events_total', { type: '-failover-abort-no-good-slave' }) as number).toBeGreaterThanOrEqual(1);
    expect(promSample(m, 'redis_sentinel_ts_events_total', { type: '+switch-master' })).toBe(1);
    expect(promSample(m, 'redis_sentinel_ts_events_total', { type: '+odown' })).toBe(1);
    expect(promSample(m, 'redis_sentinel_ts_votes_given_total')).toBe(epoch);
    expect(promSample(m, 'redis_sentinel_ts_failover_duration_seconds_count')).toBe(1);
    const sum = promSample(m, 'redis_sentinel_ts_failover_duration_seconds_sum') as number;
    // From +odown (the first, aborted attempt included) to +switch-master.
    expect(sum).toBeGreaterThan(0.5);
    expect(sum).toBeLessThan(30);
  }, 60000);
});

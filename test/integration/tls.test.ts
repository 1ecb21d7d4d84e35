/**
 * TLS (spec commands-and-config.md §9.6) against the sentinel under test
 * ($SENTINEL_BIN, default our bin/redis-sentinel-ts): a TLS-only master and
 * replica (redis-server --port 0 --tls-port), a sentinel with `port 0`,
 * `tls-port` and `tls-replication yes`. Clients reach the sentinel over TLS
 * only; the sentinel reaches the instances over TLS (replica discovery proves
 * its outgoing links work). Also the start-up errors of an incomplete setup.
 *
 * Certificates come from `openssl` into a temp dir (one CA, one cert used as
 * both server and client cert). Every process is started through spawnTracked
 * and killed by PID in afterAll; every port comes from getFreePort; every
 * wait is bounded.
 */
import { ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { isRunning, killAllTracked, makeTmpDir, removeTmpDirs, spawnTracked, tailFile, waitExit } from '../helpers/processes';
import { REDIS_SERVER_BIN } from '../helpers/redis-process';
import { assertSentinelBinUsable, isNodeScript, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { AbortWait, waitFor, withTimeout } from '../helpers/wait';

const BIN = sentinelBinUnderTest();

type Resp = string | number | null | Error | Resp[];

/** Parses one RESP2 reply at `pos`; null when more bytes are needed. */
function parseResp(buf: string, pos: number): [Resp, number] | null {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = buf[pos];
  const line = buf.slice(pos + 1, eol);
  const next = eol + 2;
  if (type === '+') return [line, next];
  if (type === '-') return [new Error(line), next];
  if (type === ':') return [Number(line), next];
  if (type === '$') {
    const n = Number(line);
    if (n < 0) return [null, next];
    if (buf.length < next + n + 2) return null;
    return [buf.slice(next, next + n), next + n + 2];
  }
  if (type === '*') {
    const n = Number(line);
    if (n < 0) return [null, next];
    const out: Resp[] = [];
    let p = next;
    for (let i = 0; i < n; i++) {
      const r = parseResp(buf, p);
      if (r === null) return null;
      out.push(r[0]);
      p = r[1];
    }
    return [out, p];
  }
  throw new Error(`bad RESP type ${JSON.stringify(type)}`);
}

function encode(args: Array<string | number>): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('');
}

interface Certs {
  ca: string;
  cert: string;
  key: string;
}

/** One command over a fresh TLS connection (ASCII replies only, which is all this test needs). */
async function tlsCommand(port: number, certs: Certs, args: Array<string | number>, timeoutMs = 3000): Promise<Resp> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    ca: fs.readFileSync(certs.ca),
    cert: fs.readFileSync(certs.cert),
    key: fs.readFileSync(certs.key),
    checkServerIdentity: () => undefined,
  });
  try {
    return await withTimeout(
      new Promise<Resp>((resolve, reject) => {
        let data = '';
        socket.once('secureConnect', () => socket.write(encode(args)));
        socket.on('data', (d: Buffer) => {
          data += d.toString('latin1');
          try {
            const r = parseResp(data, 0);
            if (r !== null) resolve(r[0]);
          } catch (e) {
            reject(e as Error);
          }
        });
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('connection closed before a reply')));
      }),
      timeoutMs,
      `reply to ${args.join(' ')} on TLS port ${port}`,
    );
  } finally {
    socket.destroy();
  }
}

/** Sends a plain-text PING to `port` and returns whatever came back before the peer closed (or 2 s passed). */
async function plainPing(port: number): Promise<string> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let data = '';
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    socket.once('connect', () => socket.write(encode(['PING'])));
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
    });
    socket.once('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  return data;
}

function makeCerts(dir: string): Certs {
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  run(['req', '-x509', '-new', '-nodes', '-newkey', 'rsa:2048', '-sha256', '-days', '2', '-subj', '/CN=rsts-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt']);
  run(['req', '-new', '-nodes', '-newkey', 'rsa:2048', '-sha256', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  run(['x509', '-req', '-sha256', '-days', '2', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-extfile', 'ext.cnf', '-out', 'server.crt']);
  // Keys must be readable by whoever runs the servers (tests may run as root with a strict umask).
  for (const f of ['ca.crt', 'server.crt', 'server.key']) fs.chmodSync(path.join(dir, f), 0o644);
  return { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
}

function startSentinel(dir: string, config: string[]): ChildProcess {
  const file = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(file, config.join('\n') + '\n');
  const out = fs.openSync(path.join(dir, 'stdout.txt'), 'a');
  try {
    const [cmd, args] = isNodeScript(BIN) ? [process.execPath, [BIN, file]] : [BIN, [file]];
    return spawnTracked(`sentinel ${dir}`, cmd, args, { cwd: dir, stdio: ['ignore', out, out] });
  } finally {
    fs.closeSync(out);
  }
}

function redisTlsArgs(certs: Certs, tlsPort: number, dir: string): string[] {
  return [
    '--port', '0', '--tls-port', String(tlsPort),
    '--tls-cert-file', certs.cert, '--tls-key-file', certs.key, '--tls-ca-cert-file', certs.ca,
    '--tls-replication', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir,
  ];
}

describe(`TLS with ${BIN}`, () => {
  let certs: Certs;
  let masterPort: number;
  let replicaPort: number;
  let sentinelPort: number;
  let sentinelDir: string;
  const setup = setupGuard();

  const sentinelLog = (): string => tailFile(path.join(sentinelDir, 'sentinel.log'));

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(BIN);
      const dir = makeTmpDir('tls');
      fs.chmodSync(dir, 0o755);
      certs = makeCerts(dir);
      masterPort = await getFreePort();
      replicaPort = await getFreePort();
      sentinelPort = await getFreePort();
      const masterDir = makeTmpDir('tls-master');
      const replicaDir = makeTmpDir('tls-replica');
      const master = spawnTracked(`redis tls :${masterPort}`, REDIS_SERVER_BIN, redisTlsArgs(certs, masterPort, masterDir), { cwd: masterDir, stdio: 'ignore' });
      const replica = spawnTracked(
        `redis tls :${replicaPort}`,
        REDIS_SERVER_BIN,
        [...redisTlsArgs(certs, replicaPort, replicaDir), '--replicaof', '127.0.0.1', String(masterPort)],
        { cwd: replicaDir, stdio: 'ignore' },
      );
      for (const [child, port] of [[master, masterPort], [replica, replicaPort]] as const) {
        await waitFor(
          async () => {
            if (!isRunning(child)) throw new AbortWait(`redis-server exited with ${child.exitCode ?? child.signalCode}`);
            return (await tlsCommand(port, certs, ['PING'], 1000)) === 'PONG';
          },
          10000,
          100,
          `redis-server on TLS port ${port} to answer PING`,
        );
      }
      await waitFor(
        async () => {
          const info = await tlsCommand(replicaPort, certs, ['INFO', 'replication'], 1000);
          return typeof info === 'string' && info.includes('master_link_status:up');
        },
        10000,
        100,
        'the replica to sync with its master over TLS',
      );
      sentinelDir = makeTmpDir('tls-sentinel');
      fs.chmodSync(sentinelDir, 0o755);
      const sentinel = startSentinel(sentinelDir, [
        'port 0',
        `tls-port ${sentinelPort}`,
        `tls-cert-file "${certs.cert}"`,
        `tls-key-file "${certs.key}"`,
        `tls-ca-cert-file "${certs.ca}"`,
        'tls-replication yes',
        `dir "${sentinelDir}"`,
        `logfile "${path.join(sentinelDir, 'sentinel.log')}"`,
        `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
        'sentinel down-after-milliseconds mymaster 2000',
      ]);
      await waitFor(
        async () => {
          if (!isRunning(sentinel)) throw new AbortWait(`sentinel exited with ${sentinel.exitCode ?? sentinel.signalCode}`);
          return (await tlsCommand(sentinelPort, certs, ['PING'], 1000)) === 'PONG';
        },
        15000,
        100,
        { description: `sentinel on TLS port ${sentinelPort} to answer PING`, details: sentinelLog },
      );
    });
  });

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  });

  it('answers SENTINEL GET-MASTER-ADDR-BY-NAME over TLS', async () => {
    setup.check();
    expect(await tlsCommand(sentinelPort, certs, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'])).toEqual(['127.0.0.1', String(masterPort)]);
  });

  it('reaches the master over TLS and discovers the replica', async () => {
    setup.check();
    await waitFor(
      async () => {
        const r = await tlsCommand(sentinelPort, certs, ['SENTINEL', 'REPLICAS', 'mymaster']);
        if (!Array.isArray(r) || r.length !== 1 || !Array.isArray(r[0])) return false;
        const fields = r[0];
        const get = (k: string): Resp | undefined => fields[fields.indexOf(k) + 1];
        return get('port') === String(replicaPort) && get('flags') === 'slave' && get('master-link-status') === 'ok';
      },
      20000,
      200,
      { description: 'the replica to be discovered and connected over TLS', details: sentinelLog },
    );
    const m = await tlsCommand(sentinelPort, certs, ['SENTINEL', 'MASTER', 'mymaster']);
    expect(Array.isArray(m)).toBe(true);
    const fields = m as Resp[];
    expect(fields[fields.indexOf('flags') + 1]).toBe('master');
  });

  it('announces its tls-port in the hellos (tls-replication yes)', async () => {
    setup.check();
    const socket = tls.connect({
      host: '127.0.0.1',
      port: masterPort,
      ca: fs.readFileSync(certs.ca),
      cert: fs.readFileSync(certs.cert),
      key: fs.readFileSync(certs.key),
      checkServerIdentity: () => undefined,
    });
    try {
      const hello = await withTimeout(
        new Promise<string>((resolve, reject) => {
          let data = '';
          socket.once('secureConnect', () => socket.write(encode(['SUBSCRIBE', '__sentinel__:hello'])));
          socket.on('data', (d: Buffer) => {
            data += d.toString('latin1');
            let pos = 0;
            for (;;) {
              const r = parseResp(data, pos);
              if (r === null) break;
              pos = r[1];
              const m = r[0];
              if (Array.isArray(m) && m[0] === 'message' && typeof m[2] === 'string') resolve(m[2]);
            }
          });
          socket.once('error', reject);
        }),
        10000,
        'a hello on the master',
      );
      // ip,port,runid,epoch,master-name,master-ip,master-port,master-epoch
      expect(hello.split(',')[1]).toBe(String(sentinelPort));
    } finally {
      socket.destroy();
    }
  });

  it('refuses plain-text clients on the tls-port', async () => {
    setup.check();
    const got = await plainPing(sentinelPort);
    expect(got).not.toContain('+PONG');
  });

  it('refuses TLS clients without a certificate (tls-auth-clients yes by default)', async () => {
    setup.check();
    const socket = tls.connect({ host: '127.0.0.1', port: sentinelPort, ca: fs.readFileSync(certs.ca), checkServerIdentity: () => undefined });
    const outcome = await withTimeout(
      new Promise<string>((resolve) => {
        let data = '';
        socket.once('secureConnect', () => socket.write(encode(['PING'])));
        socket.on('data', (d: Buffer) => {
          data += d.toString('latin1');
        });
        socket.once('error', () => resolve(`error ${data}`));
        socket.once('close', () => resolve(`closed ${data}`));
      }),
      5000,
      'the sentinel to drop a TLS client without a certificate',
    );
    socket.destroy();
    expect(outcome).not.toContain('+PONG');
  });

  it('refuses to start without tls-cert-file, or without a CA when one is needed', async () => {
    setup.check();
    const cases: Array<[string[], string]> = [
      [[`tls-port ${await getFreePort()}`], 'No tls-cert-file configured!'],
      [
        [`tls-port ${await getFreePort()}`, `tls-cert-file "${certs.cert}"`, `tls-key-file "${certs.key}"`],
        'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!',
      ],
    ];
    for (const [lines, message] of cases) {
      const dir = makeTmpDir('tls-bad');
      fs.chmodSync(dir, 0o755);
      const child = startSentinel(dir, [`port ${await getFreePort()}`, `dir "${dir}"`, ...lines]);
      await waitExit(child, 10000, 'sentinel with an incomplete TLS setup');
      expect(child.exitCode).toBe(1);
      const out = fs.readFileSync(path.join(dir, 'stdout.txt'), 'utf8');
      const logged = out
        .split('\n')
        .map((l) => / # (.*)$/.exec(l)?.[1])
        .filter((m): m is string => m !== undefined);
      expect(logged.slice(-2)).toEqual([message, 'Failed to configure TLS. Check logs for more info.']);
    }
  });
});

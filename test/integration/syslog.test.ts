/**
 * `syslog-enabled` / `syslog-ident` / `syslog-facility`: our daemon's log
 * lines arrive on a real AF_UNIX SOCK_DGRAM socket (created by a python3
 * helper, since Node cannot create one) in syslog(3)'s local format
 * `<PRI>Mmm dd hh:mm:ss ident[pid]: message`. The socket path comes from
 * REDIS_SENTINEL_TS_SYSLOG_SOCKET (the real binary always uses /dev/log, which
 * this test must not touch). Processes are stopped by PID; waits are bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked } from '../helpers/processes';
import { OUR_SENTINEL_BIN, SentinelProcess, parseLogLine } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';
import { SYSLOG_RECEIVER } from '../helpers/syslog-receiver';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

const RECEIVER = SYSLOG_RECEIVER;

const DATAGRAM_RE = /^<(\d+)>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (myident\[\d+\]|redis-sentinel): (.*)$/s;

describe('syslog', () => {
  it('sends every logged line as one datagram <PRI>Mmm dd hh:mm:ss ident[pid]: message, shutdown lines included', async () => {
    const dir = makeTmpDir('syslog');
    const sock = path.join(dir, 'log.sock');
    const got = path.join(dir, 'datagrams.txt');
    const rx = spawnTracked('syslog receiver', 'python3', ['-c', RECEIVER, sock, got], { stdio: 'ignore' });
    try {
      await waitFor(() => fs.existsSync(sock), 5000);
      process.env.REDIS_SENTINEL_TS_SYSLOG_SOCKET = sock;
      const s = await SentinelProcess.start({
        binary: OUR_SENTINEL_BIN,
        masterPort: await getFreePort(),
        extraConfig: ['syslog-enabled yes', 'syslog-ident myident', 'syslog-facility local3'],
      });
      const pid = s.pid;
      await s.stop('SIGTERM', 10000);
      const logged = s
        .readLog()
        .split('\n')
        .map(parseLogLine)
        .filter((l) => l !== null);
      const received = (): Array<{ pri: number; tag: string; msg: string }> =>
        fs
          .readFileSync(got, 'utf8')
          .split('\n')
          .filter((h) => h !== '')
          .map((h) => {
            const m = DATAGRAM_RE.exec(Buffer.from(h, 'hex').toString('latin1'));
            if (m === null) throw new Error(`not syslog(3) format: ${Buffer.from(h, 'hex').toString('latin1')}`);
            return { pri: Number(m[1]), tag: m[3] as string, msg: m[4] as string };
          });
      await waitFor(() => received().some((r) => r.msg === 'Sentinel is now ready to exit, bye bye...'), 5000);
      const r = received();
      expect(logged.length).toBeGreaterThan(6);
      expect(r.map((x) => x.msg)).toEqual(logged.map((l) => l.message));
      // As redis-sentinel (checked in a private mount namespace with a /dev/log
      // of our own): the first three lines go out before openlog(), with
      // syslog(3)'s defaults: facility user (1*8 + 4), the program name, no pid.
      expect(r.slice(0, 3).map((x) => [x.pri, x.tag])).toEqual(Array(3).fill([12, 'redis-sentinel']));
      // then local3 = 19: 19*8 + 4 (warning) / 5 (notice), ident[pid]
      expect(r.slice(3).map((x) => [x.pri, x.tag])).toEqual(logged.slice(3).map((l) => [l.level === '#' ? 156 : 157, `myident[${pid}]`]));
    } finally {
      delete process.env.REDIS_SENTINEL_TS_SYSLOG_SOCKET;
      await killPid(rx, 'SIGKILL');
    }
  });
});

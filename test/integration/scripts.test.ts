/**
 * notification-script and client-reconfig-script run by the sentinel under
 * test: the arguments Redis passes, retries of a failing script as seen in
 * SENTINEL PENDING-SCRIPTS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { startMasterWithReplicas, type Trio } from '../helpers/redis-process';
import { assertSentinelBinUsable, SentinelProcess, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

const BIN = sentinelBinUnderTest();

function script(dir: string, name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

function lines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

describe(`scripts run by ${BIN}`, () => {
  let trio: Trio;
  let sentinel: SentinelProcess;
  let dir: string;
  let notifyOut: string;
  let reconfOut: string;
  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      assertSentinelBinUsable(BIN);
      dir = makeTmpDir('scripts');
      fs.chmodSync(dir, 0o755);
      notifyOut = path.join(dir, 'notify.out');
      reconfOut = path.join(dir, 'reconf.out');
      const notify = script(dir, 'notify.sh', `echo "$1|$2" >> ${notifyOut}`);
      const reconf = script(dir, 'reconf.sh', `echo "$*" >> ${reconfOut}`);
      trio = await startMasterWithReplicas(2);
      sentinel = await SentinelProcess.start({
        binary: BIN,
        masterPort: trio.master.port,
        extraConfig: [`sentinel notification-script mymaster ${notify}`, `sentinel client-reconfig-script mymaster ${reconf}`],
      });
      await sentinel.waitForLog(/\+slave slave .* @ mymaster/, 20000);
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
  });

  it('passes warning-level events to the notification script as <type> <payload>', async () => {
    setup.check();
    const r = await sentinel.call(['SENTINEL', 'SET', 'mymaster', 'quorum', '1']);
    expect(r.raw.toString()).toBe('+OK\r\n');
    const want = `+set|master mymaster 127.0.0.1 ${trio.master.port} quorum 1`;
    await waitFor(() => lines(notifyOut).includes(want), 10000, 100, {
      description: 'the notification script to record +set',
      details: () => lines(notifyOut).join('\n'),
    });
  }, 20000);

  it('calls the client-reconfig-script as leader with the old and new address at +promoted-slave', async () => {
    setup.check();
    const old = trio.master.port;
    await trio.master.stop();
    const sw = await sentinel.waitForLog(/\+switch-master mymaster 127\.0\.0\.1 \d+ 127\.0\.0\.1 (\d+)/, 40000);
    const newPort = /127\.0\.0\.1 (\d+)$/.exec(sw.trim())?.[1];
    await waitFor(() => lines(reconfOut).length > 0, 10000, 100, 'the client-reconfig-script to run');
    expect(lines(reconfOut)).toEqual([`mymaster leader start 127.0.0.1 ${old} 127.0.0.1 ${newPort}`]);
    // The failover events reached the notification script too.
    await waitFor(() => lines(notifyOut).some((l) => l.startsWith('+switch-master|mymaster 127.0.0.1')), 10000, 100, '+switch-master in the notification script');
    expect(lines(notifyOut).some((l) => l === `+sdown|master mymaster 127.0.0.1 ${old}`)).toBe(true);
  }, 60000);

  it('retries a failing script (exit 1) and shows it in SENTINEL PENDING-SCRIPTS', async () => {
    setup.check();
    const failing = script(dir, 'fail.sh', 'exit 1');
    // Scripts may not be changed at run time unless deny-scripts-reconfig is off,
    // so restart with the failing script configured in the file.
    await sentinel.stop('SIGTERM');
    const conf = sentinel.readConfig().replace(/^sentinel notification-script mymaster .*$/m, `sentinel notification-script mymaster ${failing}`);
    fs.writeFileSync(sentinel.configFile, conf);
    await sentinel.restart();
    const r = await sentinel.call(['SENTINEL', 'SET', 'mymaster', 'quorum', '1']);
    expect(r.raw.toString()).toBe('+OK\r\n');
    let last = '';
    await waitFor(
      async () => {
        const p = await sentinel.call(['SENTINEL', 'PENDING-SCRIPTS']);
        last = JSON.stringify(p.value);
        return /"scheduled"/.test(last) && /"retry-num"},\{"type":"bulk","value":"1"/.test(last.replace(/\s/g, ''));
      },
      15000,
      200,
      { description: 'a scheduled retry of the failing script', details: () => last },
    );
    expect(last).toContain(failing);
    expect(last).toContain('+set');
    expect(last).toContain('run-delay');
  }, 40000);
});

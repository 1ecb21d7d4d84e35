/**
 * What a start loads before it answers its first client. Node's resolver
 * (dns, c-ares), the cluster module (with child_process and dgram) and
 * node:assert cost milliseconds of every start and are not needed for it: the
 * default bind addresses are literals (src/server/listen.ts), and the links'
 * reply reader is our own (src/protocol/reply-reader.ts).
 * node:module (with parts of the ES module loader) is not needed either: the
 * loader hands the bundle its own require (src/boot/load-bundle.ts).
 * A preload in the daemon's process writes the builtins it has loaded once
 * the daemon has answered PING and linked to its master.
 *
 * Processes are started through spawnTracked and killed by PID in afterAll;
 * ports come from getFreePort; every wait is bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, killPid, makeTmpDir, removeTmpDirs, spawnTracked } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { RespClient } from '../helpers/resp-client';
import { OUR_SENTINEL_BIN } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

describe('start-up', () => {
  it('loads no resolver, cluster, assert or module module to listen, answer and link', async () => {
    const master = await RedisProcess.start();
    const dir = makeTmpDir('rsts-modules-');
    const out = path.join(dir, 'modules.txt');
    const preload = path.join(dir, 'dump-modules.js');
    // On SIGUSR2 (which the daemon leaves alone), the list of what is loaded.
    fs.writeFileSync(preload, `process.on('SIGUSR2', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));\n`);
    const port = await getFreePort();
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, `port ${port}\ndir "${dir}"\nsentinel monitor m 127.0.0.1 ${master.port} 1\n`);
    const child = spawnTracked('sentinel', process.execPath, ['-r', preload, OUR_SENTINEL_BIN, conf], { stdio: 'ignore' });
    try {
      const c = await waitFor(async () => RespClient.connect(port).catch(() => null), 10_000, 20, 'the sentinel listening');
      try {
        // Linked: the master is known with its run id, i.e. both links are up and INFO was read.
        await waitFor(
          async () => {
            const r = await c.call(['SENTINEL', 'MASTER', 'm']);
            return JSON.stringify(r.value).includes('"runid"') && !JSON.stringify(r.value).includes('disconnected');
          },
          10_000,
          20,
          'the master linked',
        );
      } finally {
        c.close();
      }
      process.kill(child.pid as number, 'SIGUSR2');
      const loaded = await waitFor(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n') : null), 5000, 20, 'the module list');
      expect(loaded).toContain('NativeModule net');
      for (const m of ['NativeModule dns', 'NativeModule cluster', 'NativeModule child_process', 'NativeModule assert', 'NativeModule module']) expect(loaded).not.toContain(m);
    } finally {
      await killPid(child);
      await master.stop();
    }
  });
});

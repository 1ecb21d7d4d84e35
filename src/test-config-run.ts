/**
 * `--test-config`: the start-up checks that follow loading (dir, then the
 * daemon's own: TLS material, ACL users), reported the way a start reports
 * them, then the masters on stdout and exit 0. Nothing is listened on and
 * the config file is not rewritten (a start would add myid and epochs to it).
 */
import type { LoadedConfig } from './config/load';
import { testConfigReport } from './config/test-config';
import { Daemon } from './daemon';
import { enterConfiguredDir } from './enter-dir';
import { Logger } from './log/logger';

export async function runTestConfig(cfg: LoadedConfig): Promise<never> {
  const g = cfg.generic;
  enterConfiguredDir(g.dir);
  // The same checks a start makes, by the same code; they exit 1 on failure.
  const logger = new Logger({ logfile: g.logfile, level: g.loglevel });
  await new Daemon({ config: cfg, logger }).start({ checkOnly: true });
  process.stdout.write(testConfigReport(cfg).map((l) => `${l}\n`).join(''));
  process.exit(0);
}

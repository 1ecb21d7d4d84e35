/**
 * `--test-config`: the start-up checks that follow loading (dir, TLS
 * material), reported the way a start reports them, then the masters on
 * stdout and exit 0. Nothing is listened on and the config file is not
 * rewritten (a start would add myid and epochs to it).
 */
import { toText } from './core/bytes';
import type { LoadedConfig } from './config/load';
import { testConfigReport } from './config/test-config';
import { Logger } from './log/logger';
import { loadTlsContexts, tlsWanted } from './server/tls-config';

export function runTestConfig(cfg: LoadedConfig): never {
  const g = cfg.generic;
  if (g.dir !== null) {
    try {
      process.chdir(toText(g.dir));
    } catch (e) {
      process.stderr.write(`Can't chdir to '${g.dir}': ${(e as Error).message}\n`);
      process.exit(1);
    }
  }
  if (tlsWanted(g.tls)) {
    const tls = loadTlsContexts(g.tls);
    if ('errors' in tls) {
      const logger = new Logger({ logfile: g.logfile, level: g.loglevel });
      for (const e of tls.errors) logger.log('warning', e);
      logger.log('warning', 'Failed to configure TLS. Check logs for more info.');
      process.exit(1);
    }
  }
  process.stdout.write(testConfigReport(cfg).map((l) => `${l}\n`).join(''));
  process.exit(0);
}

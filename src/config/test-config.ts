/**
 * `--test-config`: what a start would monitor, one line per master, for
 * operators checking a file before a restart. Pure: the caller prints.
 */
import type { LoadedConfig } from './load';

export function testConfigReport(cfg: Pick<LoadedConfig, 'sentinel'>): string[] {
  return cfg.sentinel.masters.map(
    (m) => `monitor ${m.name} ${m.host} ${m.port} quorum ${m.quorum} down-after-milliseconds ${m.downAfterMs} failover-timeout ${m.failoverTimeoutMs}`,
  );
}

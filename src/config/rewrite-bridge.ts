/**
 * The daemon's one call for a flush: the loaded generic settings, the live
 * ACL users, the core's state snapshot and the current SENTINEL DEBUG defaults
 * turned into the new file text. The working directory is read here because Redis writes the
 * directory the process is in at flush time, not the one named in the file.
 */
import type { PersistentState } from '../core/persistent-state';
import type { TimingParams } from '../core/timing';
import { genericRewriteOptions } from './generic-rewrite';
import type { LoadedConfig } from './load';
import { rewriteConfig } from './rewrite';
import type { LiveUsers } from './user-lines';

export function renderRewrite(
  oldText: string,
  state: PersistentState,
  cfg: Pick<LoadedConfig, 'generic'> & { liveUsers: LiveUsers },
  timing: Pick<TimingParams, 'defaultDownAfter' | 'defaultFailoverTimeout'>,
  cwd: string = process.cwd(),
): string {
  return rewriteConfig({
    oldText,
    generic: genericRewriteOptions(cfg.generic, cwd, cfg.liveUsers),
    state,
    defaults: { downAfterMs: timing.defaultDownAfter, failoverTimeoutMs: timing.defaultFailoverTimeout },
  });
}

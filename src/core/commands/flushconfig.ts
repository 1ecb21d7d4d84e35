import type { CommandOutcome } from './outcome';
import { saved } from './outcome';
import { SAVE_FAILED, ok } from './reply';

/** SENTINEL FLUSHCONFIG: rewrite the config file now, whatever changed. */
export function flushconfig(): CommandOutcome {
  return saved(ok, SAVE_FAILED);
}

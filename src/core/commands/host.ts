import type { Surface } from '../surfaces';
import type { CoreContext, PeerAuth } from '../context';
import type { Instance } from '../instance';
import type { Master } from '../master';
import type { MasterSpec } from '../persistent-state';
import type { TimingParams } from '../timing';
import type { GlobalSettings } from '../persistent-state';
import type { Verbosity } from '../output';

/** What the command modules see of the core: the rule context plus the state commands change. */
export interface CommandCore extends Omit<CoreContext, keyof GlobalSettings>, GlobalSettings {
  /** the logger's threshold, a SENTINEL CONFIG parameter since Redis 7.2 */
  loglevel: Verbosity;
  readonly compatRelease: Surface;
  timing: TimingParams;
  readonly tiltStartTime: number;
  peerAuth: PeerAuth;
  /** a new master record from its persistent description */
  addMaster(spec: MasterSpec): Master;
  /** forgets a master and closes all its links */
  dropMaster(m: Master): void;
  closeLinks(inst: Instance): void;
}

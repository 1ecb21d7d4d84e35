import type { CoreContext } from './context';
import type { FailoverState } from './instance';
import type { Master } from './master';
import { coreAssert } from './assert';

/**
 * Which state may follow which: the chain forward, and back to none from
 * anywhere (an abort, a reset, the end of a switch).
 */
const NEXT_STATE: Readonly<Record<FailoverState, FailoverState | null>> = {
  none: 'wait_start',
  wait_start: 'select_slave',
  select_slave: 'send_slaveof_noone',
  send_slaveof_noone: 'wait_promotion',
  wait_promotion: 'reconf_slaves',
  reconf_slaves: 'update_config',
  update_config: null,
};

/** The one way a failover changes state: an edge the machine does not have is a bug. */
export function enterFailoverState(ctx: CoreContext, master: Master, next: FailoverState): void {
  coreAssert(next === 'none' || NEXT_STATE[master.failoverState] === next, 'failover state transition', `${master.name}: ${master.failoverState} -> ${next}`);
  master.failoverState = next;
  master.failoverStateChangeTime = ctx.now;
}

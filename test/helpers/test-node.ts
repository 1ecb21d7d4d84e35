import { SentinelNode } from '../../src/core/node';
import type { PersistentState } from '../../src/core/persistent-state';
import { defaultTiming } from '../../src/core/timing';

/** A SentinelNode on port 26379 with default timing, no peer auth, UTC, and a random() that always says 0. */
export function testNode(state: PersistentState, now: number): SentinelNode {
  return new SentinelNode({
    state,
    random: () => 0,
    timing: defaultTiming(),
    port: 26379,
    peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null },
    tzOffsetMinutes: 0,
    now,
  });
}

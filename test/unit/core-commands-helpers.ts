import { SentinelCore } from '../../src/core/sentinel-core';
import type { CommandFacts, CommandOutcome } from '../../src/core/commands/outcome';
import type { CoreReply } from '../../src/core/commands/reply';
import type { PersistentState } from '../../src/core/persistent-state';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import { mulberry32 } from '../../src/core/prng';

export const T = 1_000_000;

/** A core watching mymaster at 127.0.0.1:6379 (quorum 2), built at time T. */
export function commandCore(edit: (st: PersistentState) => void = () => undefined): SentinelCore {
  const state = emptyPersistentState();
  state.myid = 'a'.repeat(40);
  state.masters.push(newMasterSpec('mymaster', '127.0.0.1', 6379, 2));
  edit(state);
  return new SentinelCore({
    state,
    random: mulberry32(7),
    port: 26379,
    peerAuth: { sentinelUser: null, sentinelPass: null, requirePass: null },
    tzOffsetMinutes: 0,
    now: T,
  });
}

/** Runs a command given as one line (no quoting), at `now`. */
export function run(c: SentinelCore, line: string | string[], now = T + 1000, facts: CommandFacts = {}): CommandOutcome {
  return c.command(typeof line === 'string' ? line.split(' ') : line, facts, now);
}

export function replyOf(o: CommandOutcome): Extract<CommandOutcome, { kind: 'reply' }> {
  if (o.kind !== 'reply') throw new Error(`expected a reply, got ${o.kind}`);
  return o;
}

export const err = (s: string): CoreReply => ({ t: 'error', s });
export const OK: CoreReply = { t: 'status', s: 'OK' };

/** A map reply's pairs as [key, value] strings. */
export function fields(r: CoreReply): Array<[string, string]> {
  if (r.t !== 'map') throw new Error(`expected a map, got ${r.t}`);
  return r.entries.map(([k, v]) => [k.t === 'bulk' ? k.s : '?', v.t === 'bulk' ? v.s : '?']);
}

export function eventsOf(c: SentinelCore): string[] {
  return c.drain().flatMap((o) => (o.type === 'event' ? [`${o.channel} ${o.payload}`] : []));
}

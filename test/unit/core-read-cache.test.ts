import { describe, expect, it } from 'vitest';
import type { SentinelNode } from '../../src/core/node';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import { testNode } from '../helpers/test-node';
import type { SentinelCore } from '../../src/core/sentinel-core';
import type { CommandFacts, CommandOutcome } from '../../src/core/commands/outcome';
import { encodeReply } from '../../src/protocol/reply-encoder';

/** The rule engine behind the door: computes an answer afresh, past the kept ones. */
const rules = (n: SentinelNode): SentinelCore => (n as unknown as { core: SentinelCore }).core;

const T0 = 1_000_000;

function node(): SentinelNode {
  const st = emptyPersistentState();
  st.myid = 'a'.repeat(40);
  st.masters = [newMasterSpec('mymaster', '127.0.0.1', 6379, 2), newMasterSpec('other', '127.0.0.1', 6380, 1)];
  const n = testNode(st, T0);
  n.step({ type: 'start', now: T0 });
  for (let t = T0 + 100; t <= T0 + 1500; t += 100) n.step({ type: 'tick', now: t });
  n.drain();
  return n;
}

const bytes = (o: CommandOutcome, proto: 2 | 3): string =>
  o.kind === 'reply' ? encodeReply(o.reply, proto).toString('latin1') : `(${o.kind})`;

const READS = [
  'sentinel masters',
  'SENTINEL MASTERS',
  'sentinel primaries',
  'sentinel master mymaster',
  'sentinel master nosuch',
  'sentinel primary other',
  'sentinel replicas mymaster',
  'sentinel slaves other',
  'sentinel sentinels mymaster',
  'sentinel get-master-addr-by-name mymaster',
  'sentinel get-primary-addr-by-name nosuch',
  'info sentinel',
  'INFO Sentinel',
];

describe('answers kept between state changes', () => {
  for (const line of READS) {
    it(`${line}: the kept answer has the bytes of a fresh one at the same moment`, () => {
      const n = node();
      const args = line.split(' ');
      const now = T0 + 1733;
      const first = n.step({ type: 'command', now, args, facts: {} });
      const kept = n.step({ type: 'command', now, args, facts: {} });
      expect(kept).toBe(first);
      const fresh = rules(n).command(args, {}, now);
      for (const proto of [2, 3] as const) expect(bytes(kept, proto)).toBe(bytes(fresh, proto));
    });
  }

  it('an answer is not kept past the millisecond, nor past any other input', () => {
    const n = node();
    const args = ['sentinel', 'masters'];
    const a = n.step({ type: 'command', now: T0 + 2000, args, facts: {} });
    const later = n.step({ type: 'command', now: T0 + 2001, args, facts: {} });
    expect(later).not.toBe(a);
    expect(bytes(later, 2)).toBe(bytes(rules(n).command(args, {}, T0 + 2001), 2));
    // The link to mymaster goes down: its fields change within the same millisecond.
    n.step({ type: 'link-down', now: T0 + 2001, id: 1, link: 'cmd', reason: 'test' });
    const after = n.step({ type: 'command', now: T0 + 2001, args, facts: {} });
    expect(after).not.toBe(later);
    expect(bytes(after, 2)).toBe(bytes(rules(n).command(args, {}, T0 + 2001), 2));
    // A command that changes the state counts as well.
    n.step({ type: 'command', now: T0 + 2001, args: ['sentinel', 'set', 'mymaster', 'quorum', '5'], facts: {} });
    const set = n.step({ type: 'command', now: T0 + 2001, args, facts: {} });
    expect(set).not.toBe(after);
    expect(bytes(set, 2)).toContain('quorum\r\n$1\r\n5\r\n');
  });

  it('a kept answer still moves the core clock', () => {
    const n = node();
    const args = ['sentinel', 'masters'];
    n.step({ type: 'command', now: T0 + 3000, args, facts: {} });
    n.step({ type: 'command', now: T0 + 3000, args, facts: {} });
    expect(rules(n).now).toBe(T0 + 3000);
  });

  it('the same words reaching the core again are still told apart from the ones around them', () => {
    // The reading-command check remembers its last two words: whatever came
    // before, a command must be kept, or not, exactly as when asked afresh.
    const n = node();
    const now = T0 + 4000;
    const ask = (line: string): CommandOutcome => n.step({ type: 'command', now, args: line.split(' '), facts: {} });
    const first = ask('sentinel get-master-addr-by-name mymaster');
    expect(ask('sentinel get-master-addr-by-name mymaster')).toBe(first);
    // Same second word, another command: not a reading SENTINEL command, so
    // it goes to the rules (and counts as a change).
    expect(bytes(ask('role get-master-addr-by-name mymaster'), 2)).toMatch(/^\*2\r\n\$8\r\nsentinel\r\n/);
    const again = ask('sentinel get-master-addr-by-name mymaster');
    expect(again).not.toBe(first);
    expect(bytes(again, 2)).toBe(bytes(first, 2));
    // Same first word, a subcommand that changes the state.
    ask('sentinel set mymaster quorum 3');
    expect(bytes(ask('sentinel master mymaster'), 2)).toContain('quorum\r\n$1\r\n3\r\n');
    // Upper case after lower case, and back: one kept answer per (subcommand, argument).
    const upper = ask('SENTINEL GET-MASTER-ADDR-BY-NAME mymaster');
    expect(ask('sentinel get-master-addr-by-name mymaster')).toBe(upper);
    // Too many arguments for a reading command: never kept.
    const long = ask('sentinel masters x y');
    expect(ask('sentinel masters x y')).not.toBe(long);
  });

  it("INFO's sentinel section is kept per script counts, and INFO with more sections is not kept", () => {
    const n = node();
    const now = T0 + 5000;
    const scripts = (running: number, queued: number): CommandFacts => ({ scripts: { running, queued, jobs: [] } });
    const ask = (args: string[], facts: CommandFacts): CommandOutcome => n.step({ type: 'command', now, args, facts });
    const idle = ask(['info', 'sentinel'], scripts(0, 0));
    expect(ask(['info', 'sentinel'], scripts(0, 0))).toBe(idle);
    const busy = ask(['info', 'sentinel'], scripts(1, 2));
    expect(busy).not.toBe(idle);
    expect(bytes(busy, 2)).toContain('sentinel_running_scripts:1\r\nsentinel_scripts_queue_length:2\r\n');
    expect(bytes(busy, 2)).toBe(bytes(rules(n).command(['info', 'sentinel'], scripts(1, 2), now), 2));
    // Both answers are kept, each for its own counts.
    expect(ask(['info', 'sentinel'], scripts(0, 0))).toBe(idle);
    expect(ask(['info', 'sentinel'], scripts(1, 2))).toBe(busy);
    const more = ask(['info', 'sentinel', 'server'], scripts(0, 0));
    expect(ask(['info', 'sentinel', 'server'], scripts(0, 0))).not.toBe(more);
    // A change in between: a fresh answer, with the change in it.
    ask(['sentinel', 'simulate-failure', 'crash-after-election'], {});
    const after = ask(['info', 'sentinel'], scripts(0, 0));
    expect(after).not.toBe(idle);
    expect(bytes(after, 2)).toContain('sentinel_simulate_failure_flags:1\r\n');
  });
});

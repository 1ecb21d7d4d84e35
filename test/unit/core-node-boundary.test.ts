import { describe, expect, it } from 'vitest';
import type { SentinelNode } from '../../src/core/node';
import type { Output } from '../../src/core/output';
import { emptyPersistentState, newMasterSpec } from '../../src/core/persistent-state';
import { testNode } from '../helpers/test-node';
import { CoreAssertionError } from '../../src/core/assert';
import { OutputHandler } from '../../src/shell/output-handler';
import type { ShellIo } from '../../src/shell/output-handler';
import { ShellNode } from '../../src/shell/shell-node';
import { coreFailureLines, failOnCoreException } from '../../src/shell/fatal';
import { enterFailoverState } from '../../src/core/failover-state';
import type { SentinelCore } from '../../src/core/sentinel-core';
import type { CommandOutcome } from '../../src/core/commands/outcome';

/** The rule engine behind the door, for the tests that must break it on purpose (the shell cannot reach it). */
const rules = (n: SentinelNode): SentinelCore => (n as unknown as { core: SentinelCore }).core;

const replyOf = (o: CommandOutcome): unknown => (o.kind === 'reply' ? o.reply : o);

const MYID = 'a'.repeat(40);
const PEER = 'b'.repeat(40);
const T0 = 1_000_000;

function node(): SentinelNode {
  const st = emptyPersistentState();
  st.myid = MYID;
  st.masters = [{ ...newMasterSpec('mymaster', '127.0.0.1', 6379, 1), downAfterMs: 1000, failoverTimeoutMs: 60000 }];
  return testNode(st, T0);
}

/** A recording ShellIo whose durable writes complete when the test says so. */
function recorder(): {
  io: ShellIo;
  trace: string[];
  completeWrite: (ok?: boolean) => Promise<void>;
  exits: number[];
  /** the save-result inputs the handler fed back, as "seq ok" */
  saves: string[];
  saved: (seq: number, ok: boolean) => void;
} {
  const trace: string[] = [];
  const saves: string[] = [];
  const exits: number[] = [];
  let pending: { done: Promise<boolean>; resolve: (saved: boolean) => void } | null = null;
  const io: ShellIo = {
    links: {
      connect: (id, link) => trace.push(`connect ${id}/${link}`),
      close: (id, link) => trace.push(`close ${id}/${link}`),
      send: (id, link, cmd) => trace.push(`send ${id}/${link} ${cmd.join(' ')}`),
    },
    config: {
      flush: (durable) => {
        trace.push(durable ? 'flush durable' : 'flush');
        if (durable && pending === null) {
          let resolve: (saved: boolean) => void = () => undefined;
          const done = new Promise<boolean>((r) => (resolve = r));
          pending = { done, resolve };
        }
      },
      durableWrite: () => pending?.done ?? null,
      writePending: () => true,
    },
    events: { event: (_l, channel, payload) => trace.push(`event ${channel} ${payload}`), log: (_l, m) => trace.push(`log ${m}`) },
    scripts: { schedule: (argv) => trace.push(`script ${argv.join(' ')}`) },
    resolver: { resolve: (h) => trace.push(`resolve ${h}`) },
    exit: (code) => exits.push(code),
  };
  const completeWrite = async (ok = true): Promise<void> => {
    const p = pending;
    pending = null;
    trace.push(ok ? 'written' : 'write failed');
    p?.resolve(ok);
    await p?.done;
  };
  return { io, trace, completeWrite, exits, saves, saved: (seq, ok) => saves.push(`${seq} ${ok}`) };
}

describe('SentinelNode: one input door', () => {
  it('a vote for ourselves and the messages of the same step: the durable flush comes first', () => {
    const n = node();
    n.step({ type: 'start', now: T0 });
    n.step({ type: 'published-hello', now: T0, payload: `127.0.0.1,26380,${PEER},0,mymaster,127.0.0.1,6379,0` });
    n.drain();
    // Nobody answers: the master goes sdown, odown (quorum 1), and we stand for it.
    let step: readonly Output[] = [];
    for (let t = T0 + 100; t < T0 + 20_000 && step.length === 0; t += 100) {
      n.step({ type: 'tick', now: t });
      const out = n.drain();
      if (out.some((o) => o.type === 'event' && o.channel === '+vote-for-leader')) step = out;
    }
    const kinds = step.map((o) => (o.type === 'event' ? o.channel : o.type === 'flush' ? `flush${o.durable ? ' durable' : ''}` : o.type));
    // The epoch taken for the failover and the vote for ourselves are saved
    // before anything of this step carries them: the vote requests to the
    // peer (epoch 1) come after the first durable flush.
    const flush = kinds.indexOf('flush durable');
    expect(flush).toBeGreaterThanOrEqual(0);
    expect(flush).toBeLessThan(kinds.indexOf('+new-epoch'));
    expect(flush).toBeLessThan(kinds.indexOf('+vote-for-leader'));
    const asks = step.flatMap((o, i) => (o.type === 'send' && o.cmd[1] === 'is-master-down-by-addr' && o.cmd[4] === '1' ? [i] : []));
    expect(asks.length).toBeGreaterThan(0);
    for (const i of asks) expect(i).toBeGreaterThan(flush);
    expect(n.view.currentEpoch).toBe(1n);
    expect(n.view.masters.get('mymaster')?.leader).toBe(MYID);
  });

  it('the shell writes nothing to the links between a durable flush and the end of its write', async () => {
    const r = recorder();
    const h = new OutputHandler(r.io, r.saved);
    h.handle([
      { type: 'send', id: 1, link: 'cmd', cmd: ['PING'], tag: 'ping' },
      { type: 'flush', durable: true, seq: 1 },
      { type: 'event', level: 'warning', channel: '+vote-for-leader', payload: `${MYID} 1`, script: null },
      { type: 'send', id: 2, link: 'cmd', cmd: ['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '1', MYID], tag: 'is-master-down' },
      { type: 'close', id: 3, link: 'pubsub' },
    ]);
    // A later step, before the write: its link outputs queue behind, in order.
    h.handle([{ type: 'connect', id: 3, link: 'pubsub', host: '127.0.0.1', port: 6379 }]);
    expect(r.trace).toEqual(['send 1/cmd PING', 'flush durable', `event +vote-for-leader ${MYID} 1`]);
    await r.completeWrite();
    expect(r.trace.slice(3)).toEqual([
      'written',
      `send 2/cmd SENTINEL is-master-down-by-addr 127.0.0.1 6379 1 ${MYID}`,
      'close 3/pubsub',
      'connect 3/pubsub',
    ]);
    // Without a durable flush pending, link outputs go at once.
    h.handle([{ type: 'send', id: 1, link: 'cmd', cmd: ['INFO'], tag: 'info' }]);
    expect(r.trace.at(-1)).toBe('send 1/cmd INFO');
  });

  it('a durable flush during the hold extends it to its own write', async () => {
    const r = recorder();
    const h = new OutputHandler(r.io, r.saved);
    h.handle([{ type: 'flush', durable: true, seq: 1 }, { type: 'send', id: 1, link: 'cmd', cmd: ['A'], tag: 'ignore' }]);
    await r.completeWrite();
    expect(r.trace).toEqual(['flush durable', 'written', 'send 1/cmd A']);
    h.handle([{ type: 'flush', durable: true, seq: 2 }, { type: 'send', id: 1, link: 'cmd', cmd: ['B'], tag: 'ignore' }]);
    h.handle([{ type: 'flush', durable: false, seq: 3 }, { type: 'send', id: 1, link: 'cmd', cmd: ['C'], tag: 'ignore' }]);
    expect(r.trace.slice(3)).toEqual(['flush durable', 'flush']);
    await r.completeWrite();
    expect(r.trace.slice(5)).toEqual(['written', 'send 1/cmd B', 'send 1/cmd C']);
    expect(r.saves).toEqual(['1 true', '2 true']);
  });

  it('the core hears of each durable write once, for the last flush it covers, whether it failed or not', async () => {
    const r = recorder();
    const h = new OutputHandler(r.io, r.saved);
    h.handle([{ type: 'flush', durable: true, seq: 1 }, { type: 'flush', durable: false, seq: 2 }]);
    h.handle([{ type: 'flush', durable: true, seq: 3 }, { type: 'send', id: 1, link: 'cmd', cmd: ['A'], tag: 'ignore' }]);
    expect(r.saves).toEqual([]);
    await r.completeWrite(false);
    // Held link outputs go out either way; the report comes after them.
    expect(r.trace.slice(-2)).toEqual(['write failed', 'send 1/cmd A']);
    expect(r.saves).toEqual(['3 false']);
    h.handle([{ type: 'flush', durable: true, seq: 4 }]);
    await r.completeWrite(true);
    expect(r.saves).toEqual(['3 false', '4 true']);
  });

  it('client commands (here SIMULATE-FAILURE and DEBUG) are inputs with a now, answered by the step', () => {
    const n = node();
    const cmd = (...args: string[]): unknown => replyOf(n.step({ type: 'command', now: T0, args: ['sentinel', ...args], facts: {} }));
    expect(cmd('simulate-failure', 'crash-after-election')).toEqual({ t: 'status', s: 'OK' });
    expect(n.view.simulateFailure).toEqual({ crashAfterElection: true, crashAfterPromotion: false });
    expect(cmd('debug', 'ping-period', '500')).toEqual({ t: 'status', s: 'OK' });
    expect(n.view.timing.pingPeriod).toBe(500);
    expect(cmd('debug', 'ping-period', '0')).toEqual({ t: 'error', s: "ERR Invalid argument '0' for SENTINEL DEBUG 'ping-period'" });
  });

  it('a script failure becomes the event the operator sees', () => {
    const n = node();
    n.step({ type: 'script-exited', now: T0, path: '/bin/notify', outcome: { error: { signal: 0, code: 2 } } });
    n.step({ type: 'script-exited', now: T0, path: '/bin/notify', outcome: { timeout: { pid: 42 } } });
    expect(n.drain().map((o) => (o.type === 'event' ? `${o.channel} ${o.payload}` : o.type))).toEqual(['-script-error /bin/notify 0 2', '-script-timeout /bin/notify 42']);
  });
});

describe('failures are loud', () => {
  it('a broken invariant escapes the step, and the shell ends the process with the assertion lines', () => {
    const n = node();
    const r = recorder();
    const logged: string[] = [];
    const exits: number[] = [];
    const shell = new ShellNode(n, new OutputHandler(r.io, r.saved), (e) => failOnCoreException(e, (_l, m) => logged.push(m), (c) => exits.push(c)));
    shell.input({ type: 'tick', now: T0 + 100 });
    // A vote in epoch 5, then a tick of a core broken on purpose (its tick
    // moves the epoch back first): the assertion comes out of the door.
    shell.input({ type: 'command', now: T0 + 200, args: ['sentinel', 'is-master-down-by-addr', '127.0.0.1', '6379', '5', PEER], facts: {} });
    const core = rules(n);
    const tick = core.tick.bind(core);
    core.tick = (now: number): void => {
      core.currentEpoch = 3n;
      tick(now);
    };
    expect(() => shell.input({ type: 'tick', now: T0 + 300 })).toThrow(CoreAssertionError);
    expect(exits).toEqual([1]);
    expect(logged[0]).toBe('=== ASSERTION FAILED ===');
    expect(logged[1]).toBe("==> 'the current epoch went backwards' is not true (5 -> 3)");
  });

  it('an exception on the reply path is not a protocol error: it reaches the shell too', () => {
    const lines = coreFailureLines(new TypeError('x is undefined'));
    expect(lines.slice(0, 2)).toEqual(['=== CORE EXCEPTION ===', '==> TypeError: x is undefined']);
  });

  it('an illegal failover transition is an assertion', () => {
    const n = node();
    const m = rules(n).masters.get('mymaster');
    if (m === undefined) throw new Error('no master');
    // none -> reconf_slaves is no edge of the machine.
    expect(() => enterFailoverState(rules(n), m, 'reconf_slaves')).toThrow('failover state transition (mymaster: none -> reconf_slaves)');
    enterFailoverState(rules(n), m, 'wait_start');
    expect(m.failoverState).toBe('wait_start');
    expect(() => enterFailoverState(rules(n), m, 'wait_promotion')).toThrow(CoreAssertionError);
    enterFailoverState(rules(n), m, 'none');
  });
});

describe('one link module', () => {
  it('a connection closed by the peer and one closed by us go through the same transition', () => {
    const n = node();
    n.step({ type: 'tick', now: T0 + 100 });
    const m = n.view.masters.get('mymaster');
    if (m === undefined) throw new Error('no master');
    const connects = n.drain().filter((o) => o.type === 'connect');
    expect(connects.map((o) => o.link)).toEqual(['cmd', 'pubsub']);
    n.step({ type: 'link-up', now: T0 + 110, id: m.id, link: 'cmd', localIp: '10.0.0.1' });
    n.step({ type: 'subscribed', now: T0 + 120, id: m.id });
    expect(m.link.localIp).toBe('10.0.0.1');
    expect(m.link.pcLastActivity).toBe(T0 + 120);
    expect(m.link.pendingCommands).toBeGreaterThan(0);
    n.step({ type: 'link-down', now: T0 + 130, id: m.id, link: 'cmd', reason: 'Connection closed' });
    expect([m.link.cc, m.link.disconnected, m.link.pendingCommands, m.link.localIp]).toEqual([false, true, 0, null]);
    // The core does not tell the shell to close what the peer closed; a late reply on it is dropped.
    expect(n.drain().filter((o) => o.type === 'close')).toEqual([]);
    n.step({ type: 'reply', now: T0 + 140, id: m.id, tag: 'ping', reply: 'PONG' });
    expect(m.link.lastPongTime).toBe(T0);
    // SENTINEL RESET: both connections, closed by us, with the same fields reset.
    n.step({ type: 'tick', now: T0 + 1200 });
    n.drain();
    expect(m.link.cc).toBe(true);
    n.step({ type: 'command', now: T0 + 1300, args: ['sentinel', 'reset', '*'], facts: {} });
    expect(n.drain().filter((o) => o.type === 'close').map((o) => o.link)).toEqual(['cmd', 'pubsub']);
    const again = n.view.masters.get('mymaster');
    expect([again?.link.cc, again?.link.pc, again?.link.disconnected, again?.link.localIp]).toEqual([false, false, true, null]);
  });
});

import type { CoreOptions } from './sentinel-core';
import { SentinelCore } from './sentinel-core';
import type { Input, InputType, StepResult } from './input';
import type { Output, Verbosity } from './output';
import type { Master } from './master';
import type { TimingParams } from './timing';
import type { PersistentState } from './persistent-state';
import { ReadCache } from './commands/read-cache';

/**
 * What the shell may read of the core between steps. Readonly all the way
 * the shell goes: a shell that wants to change something sends an input.
 */
export interface CoreView {
  readonly myid: string;
  readonly currentEpoch: bigint;
  readonly tilt: boolean;
  readonly tiltStartTime: number;
  readonly masters: ReadonlyMap<string, Readonly<Master>>;
  readonly timing: Readonly<TimingParams>;
  readonly announceHostnames: boolean;
  readonly resolveHostnames: boolean;
  /** SENTINEL CONFIG's loglevel: the shell's logger follows it */
  readonly loglevel: Verbosity;
  readonly simulateFailure: Readonly<{ crashAfterElection: boolean; crashAfterPromotion: boolean }>;
  /** see SentinelCore.nextWakeup */
  nextWakeup(): number | null;
  /** the state to persist, as of now */
  snapshot(): PersistentState;
}


/**
 * The core as the shell sees it, in the manner of etcd raft's RawNode over
 * its private raft: one input door (`step`), the outputs drained after it
 * (`drain`), and a read-only view. SentinelCore stays the rule engine behind
 * it; tests of single rules drive it directly, the shell never does.
 *
 * A step either completes or throws: an exception out of the core (a broken
 * invariant, see assert.ts, or a bug) leaves the state half-updated, and the
 * shell must end the process (src/shell/fatal.ts) rather than go on.
 */
export class SentinelNode {
  private readonly core: SentinelCore;
  private readonly reads = new ReadCache();

  constructor(o: CoreOptions) {
    this.core = new SentinelCore(o);
  }

  get view(): CoreView {
    return this.core;
  }


  step<I extends Input>(input: I): StepResult<I['type']>;
  step(input: Input): StepResult<InputType> {
    const c = this.core;
    // Every state change happens in a step: a step is where kept answers go stale.
    const reading = input.type === 'command' ? this.reads.readingSubcommand(input.args) : null;
    if (reading === null) this.reads.changed();
    switch (input.type) {
      case 'start':
        return c.start();
      case 'tick':
        return c.tick(input.now);
      case 'link-up':
        return c.linkConnected(input.id, input.link, input.localIp, input.now);
      case 'link-down':
        return c.linkClosed(input.id, input.link, input.reason, input.now);
      case 'subscribed':
        return c.subscribed(input.id, input.now);
      case 'reply':
        return c.reply(input.id, input.tag, input.reply, input.now);
      case 'message':
        return c.pubsubMessage(input.id, input.channel, input.payload, input.now);
      case 'published-hello':
        return c.publishedHello(input.payload, input.now);
      case 'dns-answer':
        return c.resolved(input.host, input.ip, input.now);
      case 'script-exited':
        return c.scriptExited(input.path, input.outcome, input.now);
      case 'command': {
        if (reading === null) return c.command(input.args, input.facts, input.now);
        const kept = this.reads.kept(reading, input.args, input.facts, input.now);
        if (kept === undefined) {
          const o = c.command(input.args, input.facts, input.now);
          this.reads.keep(reading, input.args, input.facts, o);
          return o;
        }
        // A kept answer moves the core's clock too, as computing it would have.
        c.now = input.now;
        return kept;
      }
      case 'save-result':
        return c.saveResult(input.seq, input.ok, input.now);
      case 'announce-monitor':
        return c.announceMonitor(input.master);
      default:
        return unknownInput(input);
    }
  }

  /** The outputs of the steps since the last call, in order (see output.ts for the save/send contract). */
  drain(): readonly Output[] {
    return this.core.drain();
  }
}

function unknownInput(i: never): never {
  throw new Error(`unknown input ${JSON.stringify(i)}`);
}

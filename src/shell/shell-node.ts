import type { SentinelNode } from '../core/node';
import type { Input, StepResult } from '../core/input';
import type { OutputHandler } from './output-handler';

/**
 * One step of the core as the shell takes it: the input goes in, an
 * exception out of the core ends the process (see fatal.ts), and the outputs
 * are performed in order. Every input of the daemon (timers, links, DNS,
 * scripts, client commands) comes through here, so no path can catch a core
 * exception and carry on.
 */
export class ShellNode {
  constructor(
    readonly node: SentinelNode,
    private readonly outputs: OutputHandler,
    /** must not return normally (the daemon exits; a test throws) */
    private readonly fail: (e: unknown) => void,
  ) {}

  input<I extends Input>(i: I): StepResult<I['type']> {
    let r: StepResult<I['type']>;
    try {
      r = this.node.step(i);
    } catch (e) {
      this.fail(e);
      throw e;
    }
    this.outputs.handle(this.node.drain());
    return r;
  }
}

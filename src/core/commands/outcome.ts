import type { CoreReply } from './reply';

/**
 * What a command needs from the world outside the core, computed by the
 * shell before the command runs (the core reads no file and no process).
 */
export interface CommandFacts {
  /** script paths (from the arguments) that exist and are executable */
  readonly executable?: ReadonlySet<string>;
  /** MONITOR: the DNS answer for the host it asked about (see the 'resolve' outcome) */
  readonly resolved?: { readonly host: string; readonly ip: string | null };
  /** the script queue, for PENDING-SCRIPTS and INFO */
  readonly scripts?: ScriptsFact;
}

export interface ScriptJobFact {
  readonly argv: readonly string[];
  readonly running: boolean;
  readonly pid: number;
  readonly startTime: number;
  readonly retryNum: number;
  readonly notBefore: number;
}

export interface ScriptsFact {
  readonly running: number;
  readonly queued: number;
  /** oldest first */
  readonly jobs: readonly ScriptJobFact[];
}

/**
 * When the config file must be written for this command's reply:
 * - 'none': nothing persistent changed (or the core emitted its own flushes);
 * - 'now': written before the reply goes out; a failed write sends
 *   `saveFailed` instead of the reply when that is not null;
 * - 'durable': the reply waits for the durable flushes the core emitted in
 *   this step (a vote is on disk before the peer hears of it).
 */
export type Save = 'none' | 'now' | 'durable';

/** Done by the shell once the reply is written: Redis emits +monitor after replying to MONITOR. */
export type AfterReply = { type: 'announce-monitor'; master: string };

export type CommandOutcome =
  | { kind: 'reply'; reply: CoreReply; save: Save; saveFailed: CoreReply | null; afterReply: AfterReply | null }
  /**
   * The command needs a DNS answer first: the shell resolves the host
   * (feeding the answer to the core as usual) and runs the same command
   * again with `facts.resolved`.
   */
  | { kind: 'resolve'; host: string };

/** A reply that changes nothing persistent. */
export function answer(reply: CoreReply): CommandOutcome {
  return { kind: 'reply', reply, save: 'none', saveFailed: null, afterReply: null };
}

/** A reply that follows a config write (`saveFailed` replaces it when the write fails). */
export function saved(reply: CoreReply, saveFailed: CoreReply | null, afterReply: AfterReply | null = null): CommandOutcome {
  return { kind: 'reply', reply, save: 'now', saveFailed, afterReply };
}

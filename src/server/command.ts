import type { Reply } from '../protocol/reply';
import type { Surface } from '../core/surfaces';

/**
 * The contract between the client-facing server and the commands it runs.
 * A command is a table entry; the server does lookup, arity, auth and the
 * RESP2 pub/sub context check (in Redis's order) before calling `run`.
 */

export interface ClientContext {
  readonly id: number;
  /** 2 or 3, switched by HELLO */
  proto: 2 | 3;
  name: string;
  /** address of the peer as "ip:port" */
  readonly addr: string;
  readonly laddr: string;
  authenticated: boolean;
  user: string;
  /** number of channel + pattern subscriptions (for the RESP2 subscribed-context rule) */
  subscriptionCount(): number;
  /** write a reply out of band (pub/sub pushes, multi-reply commands) */
  write(reply: Reply): void;
  /** close after the pending replies were written */
  closeAfterReply(): void;
}

export interface CommandSpec {
  /** lower-case; subcommands are registered on their container */
  name: string;
  /** Redis arity: positive = exact argc, negative = at least -arity (argc includes name and subcommand) */
  arity: number;
  flags: string[];
  categories: string[];
  /** allowed before AUTH (AUTH, HELLO) */
  noAuth?: boolean;
  /** allowed in RESP2 subscribed context */
  pubsubContext?: boolean;
  subcommands?: Map<string, CommandSpec>;
  /** COMMAND INFO "tips", e.g. "nondeterministic_output" */
  tips?: string[];
  /**
   * The surface that added it, when newer than 7.0.15. It is served and in
   * COMMAND INFO/DOCS whatever `compat-release` says, but COMMAND LIST shows
   * it only when that release has the surface: redis-sentinel 7.0.15's own
   * tests (tests/sentinel 00-base) assert its exact 72 entries, 7.2.5's
   * require client|setinfo among them.
   */
  surface?: Surface;
  /** COMMAND DOCS fields; commands without docs get a minimal entry */
  docs?: CommandDocs;
  run?(ctx: ClientContext, argv: string[]): Reply | Promise<Reply>;
}

/** What COMMAND DOCS reports for a command (argument descriptions are not modelled). */
export interface CommandDocs {
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: Array<[string, string]>;
  arguments?: CommandArg[];
}

/** One argument as COMMAND DOCS describes it (Redis 7.2's fields; `display` is its display_text). */
export interface CommandArg {
  name: string;
  type: string;
  display?: string;
  keySpecIndex?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  flags?: string[];
  arguments?: CommandArg[];
}

/** A command of the generated table (commands/command-docs-data.ts). */
export interface GeneratedCommand {
  arity: number;
  docs: CommandDocs;
}

import type { Acl } from './acl/acl-store';
import type { CommandTable } from './command-table';
import type { AccessCheck } from './dispatch';
import type { PubSub } from './pubsub';
import type { ServerStats } from './server-stats';
import type { ClientsPeak } from './clients-peak';
import type { Session } from './session';
import type { Surface } from '../core/surfaces';

/**
 * Redis's CONFIG_DEFAULT_HZ: INFO's configured_hz, and the timer's frequency
 * until Sentinel's timer draws one between it and twice it, at every tick.
 */
export const CONFIG_DEFAULT_HZ = 10;

export type ServerLogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
export type ServerLog = (level: ServerLogLevel, msg: string) => void;

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly table: CommandTable;
  readonly pubsub: PubSub;
  readonly stats: ServerStats;
  readonly acl: Acl;
  readonly access: AccessCheck;
  /** `compat-release`: which later releases' CLIENT LIST fields a line shows */
  readonly compatRelease: Surface;
  log(level: ServerLogLevel, msg: string): void;
  /** an HTTP request was seen on the client port */
  securityWarning(): void;
  sessionClosed(s: Session): void;
}

/** Static facts INFO reports about the process and its configuration. */
export interface ServerFacts {
  /** the configured port, or the bound one when an ephemeral port was asked for */
  tcpPort(): number;
  readonly configFile: string;
  readonly executable: string;
  readonly maxclients: number;
  readonly supervised: string;
  /** current timer frequency (Sentinel varies it between 10 and 19) */
  hz(): number;
  /** the `# Sentinel` section without its header, lines CRLF-separated and no CRLF after the last; null when there is none */
  sentinelInfo(): string | null;
  /** the `aclfile` path as configured (ACL LOAD / SAVE); null or absent when there is none */
  readonly aclfile?: string | null;
  /** `compat-release`: whose answer is given where the served releases contradict each other */
  readonly compatRelease: Surface;
}

/** What the generic commands (CLIENT, AUTH, INFO, ...) need from the server. */
export interface GenericHost {
  readonly table: CommandTable;
  readonly pubsub: PubSub;
  readonly stats: ServerStats;
  readonly facts: ServerFacts;
  /** users, permissions and the ACL log */
  readonly acl: Acl;
  /** the session behind a command's context (undefined for foreign contexts, e.g. tests) */
  session(ctx: { readonly id: number }): Session | undefined;
  sessions(): Iterable<Session>;
  sessionCount(): number;
  /** the recent largest client buffers (INFO clients) */
  readonly clientsPeak: ClientsPeak;
  /** SHUTDOWN accepted: the daemon takes over */
  shutdown(): void;
  log(level: ServerLogLevel, msg: string): void;
}

/**
 * What the HTTP endpoint reads, supplied by the daemon. Read-only views:
 * nothing in src/ops changes the core or the server.
 */
import type { CoreView } from '../core/node';
import type { ServerStats } from '../server/server-stats';
import type { OpsCounters } from './ops-counters';
import type { EventLoopLag } from './event-loop-lag';

export interface OpsSource {
  readonly core: CoreView;
  now(): number;
  pendingScripts(): { running: number; queued: number };
  /** null before the client server exists */
  serverStats(): { stats: ServerStats; clients: number } | null;
  readonly counters: OpsCounters;
  readonly lag: EventLoopLag;
}

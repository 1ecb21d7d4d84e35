import type { PeerReply } from './peer-reply';

/**
 * What the core asks the shell to do. The shell performs outputs in order;
 * the core never waits for them, it learns the outcome through inputs.
 */

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export type LinkKind = 'cmd' | 'pubsub';

/** What a reply to a sent command means to the core. */
export type ReplyTag =
  /** replies on the pub/sub link, which does not count pending commands */
  | 'pubsub'
  | 'subscribe'
  | 'ping'
  | 'info'
  | 'publish'
  | 'is-master-down'
  | 'ignore';

export type Output =
  | {
      type: 'connect';
      id: number;
      link: LinkKind;
      host: string;
      port: number;
    }
  | { type: 'close'; id: number; link: LinkKind }
  | { type: 'send'; id: number; link: LinkKind; cmd: string[]; tag: ReplyTag }
  | { type: 'event'; level: LogLevel; channel: string; payload: string; script: string | null }
  | { type: 'log'; level: LogLevel; message: string }
  /**
   * Persist the state. `durable`: before anything this step sends goes out
   * (votes, epochs, a new master address must survive a crash once announced);
   * otherwise it may be written a little later, together with the next ones
   * (replicas and sentinels discovered: found again after a restart anyway).
   */
  | { type: 'flush'; durable: boolean }
  | { type: 'client-reconfig-script'; path: string; args: string[] }
  | { type: 'crash'; message: string }
  /** resolve a hostname; the answer comes back as `SentinelCore.resolved` */
  | { type: 'resolve'; host: string };

export type { PeerReply };

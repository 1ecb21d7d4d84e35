import { bulk, push } from '../protocol/reply';
import { SharedReply } from '../protocol/shared-reply';
import type { GlobToken } from '../core/glob';
import { compileGlob, matchCompiled } from '../core/glob';

/** The side of a client connection that pub/sub needs. */
export interface Subscriber {
  /** channels and patterns in subscription order (UNSUBSCRIBE without arguments follows it) */
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  deliver(message: SharedReply): void;
}

interface PatternEntry {
  tokens: GlobToken[];
  subscribers: Set<Subscriber>;
}

/**
 * Channel and pattern subscriptions of all clients. Messages go to exact
 * channel subscribers first, then to pattern subscribers, one message per
 * matching pattern (a client subscribed to two matching patterns gets two).
 */
export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly patterns = new Map<string, PatternEntry>();

  /** true when the subscription is new */
  subscribe(s: Subscriber, channel: string): boolean {
    if (s.channels.has(channel)) return false;
    s.channels.add(channel);
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(s);
    return true;
  }

  unsubscribe(s: Subscriber, channel: string): boolean {
    if (!s.channels.delete(channel)) return false;
    const set = this.channels.get(channel);
    if (set) {
      set.delete(s);
      if (set.size === 0) this.channels.delete(channel);
    }
    return true;
  }

  psubscribe(s: Subscriber, pattern: string): boolean {
    if (s.patterns.has(pattern)) return false;
    s.patterns.add(pattern);
    let e = this.patterns.get(pattern);
    if (!e) this.patterns.set(pattern, (e = { tokens: compileGlob(pattern), subscribers: new Set() }));
    e.subscribers.add(s);
    return true;
  }

  punsubscribe(s: Subscriber, pattern: string): boolean {
    if (!s.patterns.delete(pattern)) return false;
    const e = this.patterns.get(pattern);
    if (e) {
      e.subscribers.delete(s);
      if (e.subscribers.size === 0) this.patterns.delete(pattern);
    }
    return true;
  }

  /** Drops every subscription of a client that went away. */
  removeAll(s: Subscriber): void {
    for (const ch of [...s.channels]) this.unsubscribe(s, ch);
    for (const p of [...s.patterns]) this.punsubscribe(s, p);
  }

  /** Returns the number of deliveries, as PUBLISH would. */
  publish(channel: string, message: string | Buffer): number {
    let n = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      const msg = new SharedReply(push([bulk('message'), bulk(channel), bulk(message)]));
      for (const s of subs) {
        s.deliver(msg);
        n++;
      }
    }
    for (const [pattern, e] of this.patterns) {
      if (!matchCompiled(e.tokens, channel)) continue;
      const msg = new SharedReply(push([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]));
      for (const s of e.subscribers) {
        s.deliver(msg);
        n++;
      }
    }
    return n;
  }

  /** channels with at least one subscriber (INFO pubsub_channels) */
  get channelCount(): number {
    return this.channels.size;
  }

  /** distinct subscribed patterns (INFO pubsub_patterns) */
  get patternCount(): number {
    return this.patterns.size;
  }
}

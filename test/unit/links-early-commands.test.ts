/**
 * src/links/link-manager.ts against a real redis-server: the commands the
 * core sends to a link that is still connecting (CLIENT SETNAME, PING and
 * the like, as Redis sends them right after its connect call) are gathered
 * and written once the link is up, before anything sent after it, and each
 * reply comes back with its own tag, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkManager, type LinkEvents } from '../../src/links/link-manager';
import type { LinkKind, ReplyTag } from '../../src/core/output';
import type { PeerReply } from '../../src/core/peer-reply';
import { RedisProcess } from '../helpers/redis-process';
import { getFreePort } from '../helpers/free-port';
import { waitFor } from '../helpers/wait';

interface Seen {
  connected: Array<{ id: number; link: LinkKind }>;
  closed: Array<{ id: number; link: LinkKind; reason: string }>;
  replies: Array<{ id: number; tag: ReplyTag; reply: PeerReply }>;
}

/** `onConnected` runs inside the connected event, as the core's link-up step does. */
function recorder(onConnected: (id: number, link: LinkKind) => void = () => undefined): { events: LinkEvents; seen: Seen } {
  const seen: Seen = { connected: [], closed: [], replies: [] };
  const events: LinkEvents = {
    connected: (id, link) => {
      seen.connected.push({ id, link });
      onConnected(id, link);
    },
    closed: (id, link, reason) => seen.closed.push({ id, link, reason }),
    subscribed: () => undefined,
    reply: (id, tag, reply) => seen.replies.push({ id, tag, reply }),
    message: () => undefined,
  };
  return { events, seen };
}

describe('link manager: commands sent while connecting', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await RedisProcess.start();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('writes them once connected, ahead of what link-up and later steps send, each reply with its tag', async () => {
    let links: LinkManager | undefined;
    const { events, seen } = recorder((id, link) => links?.send(id, link, ['ECHO', 'on-link-up'], 'ignore'));
    links = new LinkManager(events);
    try {
      links.connect(1, 'cmd', '127.0.0.1', redis.port);
      links.send(1, 'cmd', ['CLIENT', 'SETNAME', 'early-test'], 'ignore');
      links.send(1, 'cmd', ['ECHO', 'first'], 'ping');
      links.send(1, 'cmd', ['CLIENT', 'GETNAME'], 'info');
      expect(seen.connected).toEqual([]);
      await waitFor(() => seen.connected.length === 1, 5000, 5, 'the link to connect');
      links.send(1, 'cmd', ['ECHO', 'after'], 'publish');
      await waitFor(() => seen.replies.length === 5, 5000, 5, 'five replies');
      expect(seen.replies).toEqual([
        { id: 1, tag: 'ignore', reply: 'OK' },
        { id: 1, tag: 'ping', reply: 'first' },
        { id: 1, tag: 'info', reply: 'early-test' },
        { id: 1, tag: 'ignore', reply: 'on-link-up' },
        { id: 1, tag: 'publish', reply: 'after' },
      ]);
      expect(seen.closed).toEqual([]);
    } finally {
      links.closeAll();
    }
  });

  it('drops them with the link when the connection is refused, and reports it closed once', async () => {
    const { events, seen } = recorder();
    const links = new LinkManager(events);
    const port = await getFreePort();
    try {
      links.connect(2, 'pubsub', '127.0.0.1', port);
      links.send(2, 'pubsub', ['SUBSCRIBE', '__sentinel__:hello'], 'subscribe');
      await waitFor(() => seen.closed.length >= 1, 5000, 5, 'the refused link to close');
      expect(seen.connected).toEqual([]);
      expect(seen.replies).toEqual([]);
      expect(seen.closed).toHaveLength(1);
      expect(seen.closed[0]?.reason).toMatch(/refused/i);
      // A command for a link that is gone is ignored, not written anywhere.
      links.send(2, 'pubsub', ['PING'], 'pubsub');
      expect(seen.closed).toHaveLength(1);
    } finally {
      links.closeAll();
    }
  });
});

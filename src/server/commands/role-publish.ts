import type { CommandSpec } from '../command';
import { error, int } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';
import { asPromise, runInCore, scriptsFact } from './sentinel';

/** ROLE in sentinel mode lists the monitored masters. */
export function roleCommand(h: SentinelHost): CommandSpec {
  return {
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    categories: ['@admin', '@fast', '@dangerous'],
    run: () => asPromise(runInCore(h, ['role'], {})),
  };
}

/**
 * PUBLISH only accepts hellos addressed to this sentinel: peers that cannot
 * reach our instances still reach us directly this way.
 */
export function publishCommand(h: SentinelHost): CommandSpec {
  return {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    categories: ['@pubsub', '@fast'],
    run: (_ctx, argv) => {
      if (argv[1] !== '__sentinel__:hello') return error('ERR Only HELLO messages are accepted by Sentinel instances.');
      // argv[2] exists: PUBLISH's arity is 3.
      h.publishedHello(argv[2] as string);
      return int(1);
    },
  };
}

/** The `# Sentinel` section of INFO, without its header: the core's text as it is (lines CRLF-separated). */
export function sentinelInfoText(h: SentinelHost): string {
  const o = h.command(INFO_SENTINEL, { scripts: scriptsFact(h) });
  if (o.kind !== 'reply' || o.reply.t !== 'bulk') throw new Error('INFO SENTINEL: the core answered with no section');
  return o.reply.s;
}

/** Arguments are only read: every INFO passes this one. */
const INFO_SENTINEL: readonly string[] = ['info', 'sentinel'];

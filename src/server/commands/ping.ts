import type { CommandSpec } from '../command';
import { array, bulk, error, status } from '../../protocol/reply';

/** Shared: a reply value is never changed once built. */
const PONG = status('PONG');

export function pingCommand(): CommandSpec {
  return {
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    categories: ['@fast', '@connection'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    pubsubContext: true,
    run: (ctx, argv) => {
      if (argv.length > 2) return error("ERR wrong number of arguments for 'ping' command");
      // A RESP2 subscriber can only receive arrays, so its PONG takes the
      // shape of a pub/sub message.
      if (ctx.proto === 2 && ctx.subscriptionCount() > 0) return array([bulk('pong'), bulk(argv[1] ?? '')]);
      // argv[1] exists when argv.length === 2.
      return argv.length === 2 ? bulk(argv[1] as string) : PONG;
    },
  };
}

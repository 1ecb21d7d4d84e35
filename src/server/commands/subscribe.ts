import type { ClientContext, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { bulk, error, int, noReply, nullBulk, push } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import type { Session } from '../session';

type Op = 'subscribe' | 'psubscribe' | 'unsubscribe' | 'punsubscribe';

/** One confirmation per channel or pattern, carrying the client's remaining subscription count. */
function confirm(s: Session, op: Op, target: string | null): void {
  s.write(push([bulk(op), target === null ? nullBulk : bulk(target), int(s.subscriptionCount())]));
}

function run(host: GenericHost, op: Op, ctx: ClientContext, argv: string[]): Reply {
  const s = host.session(ctx);
  if (!s) return error('ERR this command needs a client connection');
  const ps = host.pubsub;
  const args = argv.slice(1);
  switch (op) {
    case 'subscribe':
      for (const ch of args) {
        ps.subscribe(s, ch);
        confirm(s, op, ch);
      }
      break;
    case 'psubscribe':
      for (const p of args) {
        ps.psubscribe(s, p);
        confirm(s, op, p);
      }
      break;
    case 'unsubscribe': {
      const targets = args.length > 0 ? args : [...s.channels];
      for (const ch of targets) {
        ps.unsubscribe(s, ch);
        confirm(s, op, ch);
      }
      // Clients wait for one confirmation per call, so an empty
      // unsubscribe-all still answers, with a null channel.
      if (targets.length === 0) confirm(s, op, null);
      break;
    }
    case 'punsubscribe': {
      const targets = args.length > 0 ? args : [...s.patterns];
      for (const p of targets) {
        ps.punsubscribe(s, p);
        confirm(s, op, p);
      }
      if (targets.length === 0) confirm(s, op, null);
      break;
    }
  }
  return noReply;
}

export function subscribeCommands(host: GenericHost): CommandSpec[] {
  const spec = (name: Op, arity: number): CommandSpec => ({
    name,
    arity,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    categories: ['@pubsub', '@slow'],
    pubsubContext: true,
    run: (ctx, argv) => run(host, name, ctx, argv),
  });
  return [spec('subscribe', -2), spec('psubscribe', -2), spec('unsubscribe', -1), spec('punsubscribe', -1)];
}

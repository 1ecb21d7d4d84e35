import type { CommandSpec } from '../command';
import { error, noReply } from '../../protocol/reply';
import type { GenericHost } from '../server-host';

const SYNTAX = error('ERR syntax error');

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. A sentinel has no dataset, so
 * the options only matter for validation; a shutdown is never left pending,
 * which is why ABORT always finds nothing to abort. On success the client
 * gets no reply: it sees the connection close.
 */
export function shutdownCommand(host: GenericHost): CommandSpec {
  return {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    categories: ['@admin', '@slow', '@dangerous'],
    run: (_ctx, argv) => {
      const opts = new Set<string>();
      let abort = false;
      for (const a of argv.slice(1)) {
        const o = a.toLowerCase();
        if (o === 'abort') abort = true;
        else if (o === 'nosave' || o === 'save' || o === 'now' || o === 'force') opts.add(o);
        else return SYNTAX;
      }
      if ((abort && opts.size > 0) || (opts.has('save') && opts.has('nosave'))) return SYNTAX;
      if (abort) return error('ERR No shutdown in progress.');
      host.shutdown();
      return noReply;
    },
  };
}

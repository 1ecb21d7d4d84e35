import type { Reply } from '../../protocol/reply';
import { OK, bulk, error } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';

/** SENTINEL CONFIG GET <pattern> / SET <param> <value> (7.0 accepts exactly one of each). */
export function sentinelConfig(h: SentinelHost, argv: string[]): Reply {
  const op = (argv[2] ?? '').toLowerCase();
  if (op === 'get' && argv.length === 4) {
    const pairs = h.core.configGet(argv[3] as string);
    return { t: 'map', entries: pairs.map(([k, v]) => [bulk(k), bulk(v)]) };
  }
  if (op === 'set' && argv.length === 5) {
    const r = h.step((now) => h.core.configSet(argv[3] as string, argv[4] as string, now));
    if (!r.ok) return error(r.error);
    return h.flushConfigNow() ? OK : error('ERR Failed to save config file. Check server logs.');
  }
  return error('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');
}

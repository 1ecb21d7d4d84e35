import type { Surface } from '../surfaces';
import { RELEASE_SURFACES } from '../surfaces';
import { asciiLower } from '../bytes';
import type { ConfigSetError } from '../global-params';
import { configGet, configSet } from '../global-params';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer, saved } from './outcome';
import { SAVE_FAILED, bulk, errorReply, ok } from './reply';
import type { CoreReply } from './reply';

function setError(e: ConfigSetError): CoreReply {
  switch (e.error) {
    case 'unknown':
      return errorReply(`Invalid argument '${e.name}' to SENTINEL CONFIG SET`);
    case 'duplicate':
      return errorReply(`Duplicate argument '${e.name}' to SENTINEL CONFIG SET`);
    case 'missing':
      return errorReply(`Missing argument '${e.name}' value`);
    case 'invalid':
      return errorReply(`Invalid value '${e.value}' to SENTINEL CONFIG SET '${e.name}'`);
  }
}

/**
 * The usage error names the lists, as 7.2 does for every release we answer
 * as (7.0.15's named one option each); only the slash's spacing is the
 * release's own, 7.4 and Valkey 8 having put a space before it.
 */
function usage(release: Surface): string {
  const slash = RELEASE_SURFACES[release].includes('redis-7.4.1') ? ' / ' : '/ ';
  return `Only SENTINEL CONFIG GET <param> [<param> <param> ...]${slash}SET <param> <value> [<param> <value> ...] are supported.`;
}

/**
 * SENTINEL CONFIG GET <pattern> [pattern ...] / SET <param> <value> [param value ...]:
 * 7.0 took exactly one of each; the lists are Redis 7.2's, and a single one answers as in 7.0.
 */
export function config(core: CommandCore, args: readonly string[]): CommandOutcome {
  const op = asciiLower(args[2] ?? '');
  if (op === 'get' && args.length >= 4) {
    const pairs = configGet(core, args.slice(3));
    return answer({ t: 'map', entries: pairs.map(([k, v]) => [bulk(k), bulk(v)]) });
  }
  if (op === 'set' && args.length >= 5) {
    const r = configSet(core, args.slice(3));
    if ('error' in r) return answer(setError(r));
    // New peer credentials apply to new connections only.
    core.peerAuth = { ...core.peerAuth, sentinelUser: core.sentinelUser, sentinelPass: core.sentinelPass };
    if (r.relinkPeers) for (const m of core.masters.values()) for (const s of m.sentinels.values()) core.closeLinks(s);
    return saved(ok, SAVE_FAILED);
  }
  return answer(errorReply(usage(core.compatRelease)));
}

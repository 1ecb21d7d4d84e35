import { asciiLower } from '../bytes';
import { configGet, configSet } from '../global-params';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { answer, saved } from './outcome';
import { SAVE_FAILED, bulk, errorReply, ok } from './reply';

/** SENTINEL CONFIG GET <pattern> / SET <param> <value> (7.0 accepts exactly one of each). */
export function config(core: CommandCore, args: readonly string[]): CommandOutcome {
  const op = asciiLower(args[2] ?? '');
  if (op === 'get' && args.length === 4) {
    const pairs = configGet(core, args[3] ?? '');
    return answer({ t: 'map', entries: pairs.map(([k, v]) => [bulk(k), bulk(v)]) });
  }
  if (op === 'set' && args.length === 5) {
    const name = args[3] ?? '';
    const value = args[4] ?? '';
    const r = configSet(core, name, value);
    if (r === 'unknown') return answer(errorReply(`Invalid argument '${name}' to SENTINEL CONFIG SET`));
    if (r === 'invalid') return answer(errorReply(`Invalid value '${value}' to SENTINEL CONFIG SET '${name}'`));
    // New peer credentials apply to new connections only.
    core.peerAuth = { ...core.peerAuth, sentinelUser: core.sentinelUser, sentinelPass: core.sentinelPass };
    if (r === 'relink-peers') for (const m of core.masters.values()) for (const s of m.sentinels.values()) core.closeLinks(s);
    return saved(ok, SAVE_FAILED);
  }
  return answer(errorReply('Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.'));
}

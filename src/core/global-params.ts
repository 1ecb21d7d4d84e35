import { asciiLower } from './bytes';
import { globMatch } from './glob';
import type { Verbosity } from './output';
import type { GlobalSettings } from './persistent-state';
import { string2ll } from './string2ll';

/**
 * The global settings SENTINEL CONFIG reads and writes: deny-scripts-reconfig
 * only comes from the file; loglevel is the generic directive, which Redis 7.2
 * added to the sentinel's parameters.
 */
export type GlobalParams = Omit<GlobalSettings, 'denyScriptsReconfig'> & { loglevel: Verbosity };

/** The `loglevel` values, in their order of verbosity. */
export const VERBOSITIES: readonly Verbosity[] = ['debug', 'verbose', 'notice', 'warning', 'nothing'];

function isVerbosity(s: string): s is Verbosity {
  return (VERBOSITIES as readonly string[]).includes(s);
}

interface Param {
  get(p: GlobalParams): string;
  /** whether the value is valid: all of a SET's values are checked before any is applied */
  valid(v: string): boolean;
  set(p: GlobalParams, v: string): void;
  /** peers must be re-authenticated with the new credentials */
  relinkPeers?: boolean;
}

function yesNo(key: 'resolveHostnames' | 'announceHostnames'): Param {
  return {
    get: (p) => (p[key] ? 'yes' : 'no'),
    valid: (v) => ['yes', 'no'].includes(asciiLower(v)),
    set: (p, v) => {
      p[key] = asciiLower(v) === 'yes';
    },
  };
}

function credential(key: 'sentinelUser' | 'sentinelPass'): Param {
  return {
    get: (p) => p[key] ?? '',
    valid: () => true,
    set: (p, v) => {
      p[key] = v === '' ? null : v;
    },
    relinkPeers: true,
  };
}

/** In the order CONFIG GET lists them. */
const PARAMS: ReadonlyArray<[string, Param]> = [
  ['resolve-hostnames', yesNo('resolveHostnames')],
  ['announce-hostnames', yesNo('announceHostnames')],
  // An empty announce-ip is stored as set-but-empty, as redis-sentinel does.
  [
    'announce-ip',
    {
      get: (p) => p.announceIp ?? '',
      valid: () => true,
      set: (p, v) => {
        p.announceIp = v;
      },
    },
  ],
  [
    'announce-port',
    {
      get: (p) => String(p.announcePort),
      valid: (v) => {
        const n = string2ll(v);
        return n !== null && n >= 0n && n <= 65535n;
      },
      set: (p, v) => {
        p.announcePort = Number(string2ll(v));
      },
    },
  ],
  ['sentinel-user', credential('sentinelUser')],
  ['sentinel-pass', credential('sentinelPass')],
  [
    'loglevel',
    {
      get: (p) => p.loglevel,
      valid: (v) => isVerbosity(asciiLower(v)),
      set: (p, v) => {
        const l = asciiLower(v);
        if (isVerbosity(l)) p.loglevel = l;
      },
    },
  ],
];

/**
 * The parameters matching any of the patterns, each once, in the table's
 * order (Redis 7.2 tests every parameter against each pattern in turn, so a
 * later pattern can only add parameters, never move one).
 */
export function configGet(p: GlobalParams, patterns: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    for (const [name, param] of PARAMS) {
      if (seen.has(name) || !globMatch(pattern, name, true)) continue;
      seen.add(name);
      out.push([name, param.get(p)]);
    }
  }
  return out;
}

/** Why a SET was refused, with the name (and value) as the client spelt them; SENTINEL CONFIG words the errors. */
export type ConfigSetError =
  | { error: 'unknown'; name: string }
  | { error: 'duplicate'; name: string }
  | { error: 'missing'; name: string }
  | { error: 'invalid'; name: string; value: string };

/** What an applied SET asks of the rest of the sentinel (a new loglevel the shell reads from the view). */
export interface ConfigSetDone {
  relinkPeers: boolean;
}

/**
 * SET name value [name value ...], all or nothing: every pair is checked, in
 * order, before the first is applied. Per pair the checks run as Redis 7.2
 * runs them: known name, not named twice, a value present, the value valid.
 */
export function configSet(p: GlobalParams, args: readonly string[]): ConfigSetError | ConfigSetDone {
  const pairs: Array<[Param, string]> = [];
  const named = new Set<string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] ?? '';
    const key = asciiLower(name);
    const entry = PARAMS.find(([n]) => n === key);
    if (!entry) return { error: 'unknown', name };
    if (named.has(key)) return { error: 'duplicate', name };
    named.add(key);
    const value = args[i + 1];
    if (value === undefined) return { error: 'missing', name };
    if (!entry[1].valid(value)) return { error: 'invalid', name, value };
    pairs.push([entry[1], value]);
  }
  for (const [param, value] of pairs) param.set(p, value);
  return {
    relinkPeers: pairs.some(([param]) => param.relinkPeers === true),
  };
}

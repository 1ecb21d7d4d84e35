import { globMatch } from './glob';
import type { GlobalSettings } from './persistent-state';
import { string2ll } from './string2ll';

/** The global settings SENTINEL CONFIG reads and writes: deny-scripts-reconfig only comes from the file. */
export type GlobalParams = Omit<GlobalSettings, 'denyScriptsReconfig'>;

interface Param {
  get(p: GlobalParams): string;
  /** false when the value is invalid */
  set(p: GlobalParams, v: string): boolean;
  /** peers must be re-authenticated with the new credentials */
  relinkPeers?: boolean;
}

function yesNo(key: 'resolveHostnames' | 'announceHostnames'): Param {
  return {
    get: (p) => (p[key] ? 'yes' : 'no'),
    set: (p, v) => {
      const l = v.toLowerCase();
      if (l !== 'yes' && l !== 'no') return false;
      p[key] = l === 'yes';
      return true;
    },
  };
}

function credential(key: 'sentinelUser' | 'sentinelPass'): Param {
  return {
    get: (p) => p[key] ?? '',
    set: (p, v) => {
      p[key] = v === '' ? null : v;
      return true;
    },
    relinkPeers: true,
  };
}

/** In the order CONFIG GET lists them. */
const PARAMS: ReadonlyArray<[string, Param]> = [
  ['resolve-hostnames', yesNo('resolveHostnames')],
  ['announce-hostnames', yesNo('announceHostnames')],
  // An empty announce-ip is stored as set-but-empty, as redis-sentinel does.
  ['announce-ip', { get: (p) => p.announceIp ?? '', set: (p, v) => ((p.announceIp = v), true) }],
  [
    'announce-port',
    {
      get: (p) => String(p.announcePort),
      set: (p, v) => {
        const n = string2ll(v);
        if (n === null || n < 0n || n > 65535n) return false;
        p.announcePort = Number(n);
        return true;
      },
    },
  ],
  ['sentinel-user', credential('sentinelUser')],
  ['sentinel-pass', credential('sentinelPass')],
];

export function configGet(p: GlobalParams, pattern: string): Array<[string, string]> {
  return PARAMS.filter(([name]) => globMatch(pattern, name, true)).map(([name, param]) => [name, param.get(p)]);
}

/** How a SET went: applied (peers to re-link or not), or why not; SENTINEL CONFIG words the errors. */
export type ConfigSetOutcome = 'set' | 'relink-peers' | 'unknown' | 'invalid';

export function configSet(p: GlobalParams, name: string, value: string): ConfigSetOutcome {
  const entry = PARAMS.find(([n]) => n === name.toLowerCase());
  if (!entry) return 'unknown';
  if (!entry[1].set(p, value)) return 'invalid';
  return entry[1].relinkPeers === true ? 'relink-peers' : 'set';
}

import { globMatch } from './glob';
import { string2ll } from './string2ll';

/** The process-wide settings SENTINEL CONFIG reads and writes. */
export interface GlobalParams {
  resolveHostnames: boolean;
  announceHostnames: boolean;
  announceIp: string | null;
  announcePort: number;
  sentinelUser: string | null;
  sentinelPass: string | null;
}

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

export type ConfigSetResult = { ok: true; relinkPeers: boolean } | { ok: false; error: string };

export function configSet(p: GlobalParams, name: string, value: string): ConfigSetResult {
  const entry = PARAMS.find(([n]) => n === name.toLowerCase());
  if (!entry) return { ok: false, error: `ERR Invalid argument '${name}' to SENTINEL CONFIG SET` };
  if (!entry[1].set(p, value)) return { ok: false, error: `ERR Invalid value '${value}' to SENTINEL CONFIG SET '${name}'` };
  return { ok: true, relinkPeers: entry[1].relinkPeers ?? false };
}

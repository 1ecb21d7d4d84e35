import * as net from 'node:net';
import type { Reply } from '../../protocol/reply';
import { OK, bulk, error } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';
import type { SentinelCore } from '../../core/sentinel-core';
import { strictInt } from './parse-int';
import { globMatch } from '../../core/glob';

interface Param {
  get(c: SentinelCore): string;
  set(c: SentinelCore, v: string): boolean;
  relinkPeers?: boolean;
}

function yesNo(get: (c: SentinelCore) => boolean, set: (c: SentinelCore, v: boolean) => void): Param {
  return {
    get: (c) => (get(c) ? 'yes' : 'no'),
    set: (c, v) => {
      const l = v.toLowerCase();
      if (l !== 'yes' && l !== 'no') return false;
      set(c, l === 'yes');
      return true;
    },
  };
}

/** The global parameters, in the order CONFIG GET lists them. */
const PARAMS: ReadonlyArray<[string, Param]> = [
  ['resolve-hostnames', yesNo((c) => c.resolveHostnames, (c, v) => (c.resolveHostnames = v))],
  ['announce-hostnames', yesNo((c) => c.announceHostnames, (c, v) => (c.announceHostnames = v))],
  ['announce-ip', { get: (c) => c.announceIp ?? '', set: (c, v) => ((c.announceIp = v), true) }],
  [
    'announce-port',
    {
      get: (c) => String(c.announcePort),
      set: (c, v) => {
        const n = strictInt(v);
        if (n === null || n < 0 || n > 65535) return false;
        c.announcePort = n;
        return true;
      },
    },
  ],
  ['sentinel-user', { get: (c) => c.sentinelUser ?? '', set: (c, v) => ((c.sentinelUser = v === '' ? null : v), true), relinkPeers: true }],
  ['sentinel-pass', { get: (c) => c.sentinelPass ?? '', set: (c, v) => ((c.sentinelPass = v === '' ? null : v), true), relinkPeers: true }],
];

export function sentinelConfig(h: SentinelHost, argv: string[]): Reply {
  const op = (argv[2] ?? '').toLowerCase();
  if (op === 'get' && argv.length === 4) {
    const pattern = argv[3] as string;
    const entries: Array<[Reply, Reply]> = [];
    for (const [name, p] of PARAMS) if (globMatch(pattern, name, true)) entries.push([bulk(name), bulk(p.get(h.core))]);
    return { t: 'map', entries };
  }
  if (op === 'set' && argv.length === 5) {
    const name = (argv[3] as string).toLowerCase();
    const value = argv[4] as string;
    const entry = PARAMS.find(([n]) => n === name);
    if (!entry) return error(`ERR Invalid argument '${argv[3]}' to SENTINEL CONFIG SET`);
    if (!entry[1].set(h.core, value)) return error(`ERR Invalid value '${value}' to SENTINEL CONFIG SET '${argv[3]}'`);
    h.core.peerAuth = { ...h.core.peerAuth, sentinelUser: h.core.sentinelUser, sentinelPass: h.core.sentinelPass };
    if (entry[1].relinkPeers) {
      h.step(() => {
        for (const m of h.core.masters.values()) for (const s of m.sentinels.values()) h.core.closeLinks(s);
      });
    }
    return h.flushConfigNow() ? OK : error('ERR Failed to save config file. Check server logs.');
  }
  return error('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');
}

export const isIpLiteral = (s: string): boolean => net.isIP(s) !== 0;

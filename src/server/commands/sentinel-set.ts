import type { Reply } from '../../protocol/reply';
import { OK, error } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';
import type { Master } from '../../core/master';
import { strictInt } from './parse-int';
import { isExecutable } from './executable';

const SCRIPTS_DENIED =
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration';

function positive(field: (m: Master, v: number) => void, min = 1): (m: Master, vals: string[], opt: string) => string | null {
  return (m, vals, opt) => {
    const v = strictInt(vals[0] as string);
    if (v === null || v < min) return `ERR Invalid argument '${vals[0]}' for SENTINEL SET '${opt}'`;
    field(m, v);
    return null;
  };
}

/**
 * SENTINEL SET applies options left to right, each at once with its own +set
 * event; the first bad option stops the rest (no rollback), as Redis does.
 */
export function sentinelSet(h: SentinelHost, argv: string[]): Reply {
  const m = h.core.masters.get(argv[2] as string);
  if (!m) return error('ERR No such master with that name');
  const options: Record<string, { n: number; apply: (m: Master, vals: string[], opt: string) => string | null }> = {
    'down-after-milliseconds': {
      n: 1,
      apply: positive((m, v) => {
        m.downAfterMs = v;
        for (const s of m.slaves.values()) s.downAfterMs = v;
        for (const s of m.sentinels.values()) s.downAfterMs = v;
      }),
    },
    'failover-timeout': { n: 1, apply: positive((m, v) => (m.failoverTimeoutMs = v)) },
    'parallel-syncs': { n: 1, apply: positive((m, v) => (m.parallelSyncs = v)) },
    quorum: { n: 1, apply: positive((m, v) => (m.quorum = v)) },
    'master-reboot-down-after-period': { n: 1, apply: positive((m, v) => (m.masterRebootDownAfterPeriodMs = v), 0) },
    'notification-script': { n: 1, apply: script((m, v) => (m.notificationScript = v)) },
    'client-reconfig-script': { n: 1, apply: script((m, v) => (m.clientReconfigScript = v)) },
    'auth-pass': {
      n: 1,
      apply: (m, vals) => {
        m.authPass = vals[0] === '' ? null : (vals[0] as string);
        relink(h, m);
        return null;
      },
    },
    'auth-user': {
      n: 1,
      apply: (m, vals) => {
        m.authUser = vals[0] === '' ? null : (vals[0] as string);
        relink(h, m);
        return null;
      },
    },
    'rename-command': {
      n: 2,
      apply: (m, vals) => {
        const [from, to] = vals as [string, string];
        if (from === '' || to === '') return `ERR Invalid argument '' for SENTINEL SET 'rename-command'`;
        m.renamedCommands.delete(from.toLowerCase());
        if (from.toLowerCase() !== to.toLowerCase()) m.renamedCommands.set(from.toLowerCase(), to);
        return null;
      },
    },
  };
  function script(set: (m: Master, v: string | null) => void): (m: Master, vals: string[], opt: string) => string | null {
    return (m, vals, opt) => {
      if (h.core.denyScriptsReconfig) return SCRIPTS_DENIED;
      const v = vals[0] as string;
      if (v !== '' && !isExecutable(v)) return `ERR Invalid argument '${v}' for SENTINEL SET '${opt}'`;
      set(m, v === '' ? null : v);
      return null;
    };
  }
  let applied = 0;
  for (let i = 3; i < argv.length; ) {
    const opt = argv[i] as string;
    const spec = options[opt.toLowerCase()];
    if (!spec || i + spec.n > argv.length - 1) {
      if (applied > 0) h.flushConfigNow();
      return error(`ERR Unknown option or number of arguments for SENTINEL SET '${opt}'`);
    }
    const vals = argv.slice(i + 1, i + 1 + spec.n);
    const err = spec.apply(m, vals, opt);
    if (err !== null) {
      if (applied > 0) h.flushConfigNow();
      return error(err);
    }
    applied++;
    const shown = opt.toLowerCase() === 'auth-pass' ? '******' : vals.join(' ');
    h.step(() => h.core.event('warning', '+set', m, m, `${opt} ${shown}`));
    i += 1 + spec.n;
  }
  return h.flushConfigNow() ? OK : error('ERR Failed to save config file. Check server logs.');
}

function relink(h: SentinelHost, m: Master): void {
  // New credentials only take effect on new connections.
  h.step(() => {
    h.core.closeLinks(m);
    for (const s of m.slaves.values()) h.core.closeLinks(s);
  });
}


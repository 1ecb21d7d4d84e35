/**
 * The `sentinel ...` directives. They are queued while the file is read and
 * applied afterwards in three phases (global settings, then masters, then
 * everything that refers to a master), so a file may mention a master before
 * its `monitor` line; the rewriter relies on that when it reuses old slots.
 * Numbers go through C atoi/strtoull, garbage and all, exactly like Redis.
 */
import type { AddrSpec, MasterSpec, PersistentState } from '../core/persistent-state';
import { emptyPersistentState, newMasterSpec } from '../core/persistent-state';
import { atoi, strtoull10 } from '../core/c-numbers';
import type { ConfigError, ConfigLog } from './config-error';
import { configError } from './config-error';
import { normalizeIpLiteral } from '../core/ip-literal';
import type { Result } from './result';
import { asciiLower } from '../core/bytes';
import type { MasterOption } from '../core/master-options';
import { MASTER_OPTIONS, hasDirective, masterOption, optionArity, spellingsOf, withSpelling } from '../core/master-options';

export interface QueuedSentinelLine {
  /** the words after `sentinel` */
  args: string[];
  line: number;
  lineText: string;
}

export interface SentinelEnv {
  /** access(path, X_OK) */
  canExecute(path: string): boolean;
}

export interface SentinelLoad {
  state: PersistentState;
  logs: ConfigLog[];
}

const PRE_MONITOR = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

function phaseOf(sub: string): number {
  const s = asciiLower(sub);
  if (s === 'monitor') return 2;
  return PRE_MONITOR.has(s) ? 1 : 3;
}

const NO_MASTER = 'No such master with specified name.';
const UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';

/** Mutable loading state: masters by exact (case-sensitive) name, plus duplicate indexes. */
interface Loader {
  state: PersistentState;
  masters: Map<string, MasterSpec>;
  replicaKeys: Map<MasterSpec, Set<string>>;
  sentinelIds: Map<MasterSpec, Set<string>>;
  logs: ConfigLog[];
  env: SentinelEnv;
}

type Addr = { ok: true; host: string; key: string } | { ok: false; error: string };

/**
 * Validates an instance address the way instance creation does: port range
 * first, then the host (only IP literals unless resolve-hostnames is on).
 * `host` is what gets stored: the printed IP, or the name when names are announced.
 */
function checkAddr(ld: Loader, host: string, port: number): Addr {
  if (port < 0 || port > 65535) return { ok: false, error: 'Invalid port number.' };
  const ip = normalizeIpLiteral(host);
  if (ip === null && !ld.state.resolveHostnames) {
    ld.logs.push({ level: 'warning', message: `Failed to resolve hostname '${host}'` });
    return { ok: false, error: "Can't resolve instance hostname." };
  }
  const shown = ip !== null && !ld.state.announceHostnames ? ip : host;
  return { ok: true, host: shown, key: `${shown}:${port}` };
}

function yesNo(v: string): boolean | null {
  const l = asciiLower(v);
  return l === 'yes' ? true : l === 'no' ? false : null;
}

function masterOf(ld: Loader, name: string): MasterSpec | string {
  return ld.masters.get(name) ?? NO_MASTER;
}

/** Applies one directive; returns an error message or null. */
function applyOne(ld: Loader, args: string[]): string | null {
  const sub = asciiLower(args[0] ?? '');
  const argc = args.length;
  const a = (i: number): string => args[i] ?? '';
  const st = ld.state;

  if (sub === 'monitor' && argc === 5) {
    const quorum = atoi(a(4));
    if (quorum <= 0) return 'Quorum must be 1 or greater.';
    const port = atoi(a(3));
    const addr = checkAddr(ld, a(2), port);
    if (!addr.ok) return addr.error;
    if (ld.masters.has(a(1))) return 'Duplicate master name.';
    const m = newMasterSpec(a(1), addr.host, port, quorum);
    ld.masters.set(m.name, m);
    ld.replicaKeys.set(m, new Set());
    ld.sentinelIds.set(m, new Set());
    return null;
  }
  if (sub === 'current-epoch' && argc === 2) {
    const e = strtoull10(a(1));
    if (e > st.currentEpoch) st.currentEpoch = e;
    return null;
  }
  if (sub === 'myid' && argc === 2) {
    if (a(1).length !== 40) return 'Malformed Sentinel id in myid option.';
    st.myid = a(1);
    return null;
  }
  if (sub === 'announce-ip' && argc === 2) {
    if (a(1) !== '') st.announceIp = a(1);
    return null;
  }
  if (sub === 'announce-port' && argc === 2) {
    st.announcePort = atoi(a(1));
    return null;
  }
  if (sub === 'sentinel-user' && argc === 2) {
    if (a(1) !== '') st.sentinelUser = a(1);
    return null;
  }
  if (sub === 'sentinel-pass' && argc === 2) {
    if (a(1) !== '') st.sentinelPass = a(1);
    return null;
  }
  if ((sub === 'deny-scripts-reconfig' || sub === 'resolve-hostnames' || sub === 'announce-hostnames') && argc === 2) {
    const v = yesNo(a(1));
    if (sub === 'deny-scripts-reconfig') {
      if (v === null) return 'Please specify yes or no for the deny-scripts-reconfig options.';
      st.denyScriptsReconfig = v;
    } else if (sub === 'resolve-hostnames') {
      if (v === null) return 'Please specify yes or no for the resolve-hostnames option.';
      st.resolveHostnames = v;
    } else {
      if (v === null) return 'Please specify yes or no for the announce-hostnames option.';
      st.announceHostnames = v;
    }
    return null;
  }
  if (sub === 'known-sentinel' && argc === 4) return null; // the old form without a runid is ignored
  return applyPerMaster(ld, sub, args);
}

/** Directives that name a master in their first argument. */
function applyPerMaster(ld: Loader, sub: string, args: string[]): string | null {
  const argc = args.length;
  const a = (i: number): string => args[i] ?? '';
  const expected = PER_MASTER_ARGC.get(sub);
  if (expected === undefined || argc !== expected) return UNRECOGNIZED;
  const m = masterOf(ld, a(1));
  if (typeof m === 'string') return m;
  const option = masterOption(sub);
  if (option !== undefined) {
    // Kept for the rewrite, which writes the line back under the same name.
    m.spellings = withSpelling(m.spellings, option, sub);
    return applyOption(ld, m, option, args.slice(2));
  }
  switch (sub) {
    case 'config-epoch':
      m.configEpoch = strtoull10(a(2));
      if (m.configEpoch > ld.state.currentEpoch) ld.state.currentEpoch = m.configEpoch;
      return null;
    case 'leader-epoch':
      m.leaderEpoch = strtoull10(a(2));
      return null;
    case 'known-replica':
    case 'known-slave':
      return addReplica(ld, m, a(2), atoi(a(3)));
    case 'known-sentinel':
      return addSentinel(ld, m, a(2), atoi(a(3)), a(4));
  }
  return UNRECOGNIZED;
}

/** An option's directive, by its entry in master-options.ts. */
function applyOption(ld: Loader, m: MasterSpec, o: MasterOption, values: string[]): string | null {
  const v0 = values[0] ?? '';
  if (o.kind === 'number') {
    m[o.field] = atoi(v0);
    return o.directive !== null && o.directive.min !== null && m[o.field] < o.directive.min ? o.directive.error : null;
  }
  if (o.kind === 'text') {
    if (o.script !== null && !ld.env.canExecute(v0)) return o.script.loadError;
    // Unlike SET, the file can set an empty value.
    m[o.field] = v0;
    return null;
  }
  if (m.renamedCommands.some(([c]) => asciiLower(c) === asciiLower(v0))) {
    return 'Same command renamed multiple times with rename-command.';
  }
  m.renamedCommands.push([v0, values[1] ?? '']);
  return null;
}

/** Words in each per-master directive: `<directive> <master> <value...>`. */
const PER_MASTER_ARGC = new Map<string, number>([
  ...MASTER_OPTIONS.filter(hasDirective).flatMap((o) => spellingsOf(o).map((n): [string, number] => [n, 2 + optionArity(o)])),
  ['config-epoch', 3],
  ['leader-epoch', 3],
  ['known-replica', 4],
  ['known-slave', 4],
  ['known-sentinel', 5],
  ['rename-command', 4],
]);

function addReplica(ld: Loader, m: MasterSpec, host: string, port: number): string | null {
  const addr = checkAddr(ld, host, port);
  if (!addr.ok) return addr.error;
  const keys = ld.replicaKeys.get(m) ?? new Set<string>();
  if (keys.has(addr.key)) return 'Duplicate hostname and port for replica.';
  keys.add(addr.key);
  ld.replicaKeys.set(m, keys);
  const r: AddrSpec = { host: addr.host, port };
  m.knownReplicas.push(r);
  return null;
}

function addSentinel(ld: Loader, m: MasterSpec, host: string, port: number, runid: string): string | null {
  const addr = checkAddr(ld, host, port);
  if (!addr.ok) return addr.error;
  const ids = ld.sentinelIds.get(m) ?? new Set<string>();
  if (ids.has(runid)) return 'Duplicate runid for sentinel.';
  ids.add(runid);
  ld.sentinelIds.set(m, ids);
  m.knownSentinels.push({ host: addr.host, port, runid });
  return null;
}

/**
 * Applies the queued lines in phase order. The first failing line stops the
 * load; its error carries that line's number and text.
 */
export function applySentinelQueue(queue: readonly QueuedSentinelLine[], env: SentinelEnv): Result<SentinelLoad, ConfigError & { logs: ConfigLog[] }> {
  const ld: Loader = {
    state: emptyPersistentState(),
    masters: new Map(),
    replicaKeys: new Map(),
    sentinelIds: new Map(),
    logs: [],
    env,
  };
  for (const phase of [1, 2, 3]) {
    for (const q of queue) {
      if (phaseOf(q.args[0] ?? '') !== phase) continue;
      const problem = applyOne(ld, q.args);
      if (problem !== null) return { ok: false, error: { ...configError(q.line, q.lineText, problem), logs: ld.logs } };
    }
  }
  ld.state.masters = [...ld.masters.values()];
  return { ok: true, value: { state: ld.state, logs: ld.logs } };
}

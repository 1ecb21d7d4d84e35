/**
 * Word lists of the enumerated redis.conf directives, in Redis's order: the
 * order matters twice, for the "must be one of the following" error and for
 * which synonym is written back (the first one with the stored value).
 */
import type { EnumItem } from './types';
import { SURFACES } from '../../core/surfaces';

function items(...names: Array<string | [string, number]>): EnumItem[] {
  return names.map((n, i) => (typeof n === 'string' ? { name: n, value: i } : { name: n[0], value: n[1] }));
}

export const SUPERVISED = items('upstart', 'systemd', 'auto', 'no');
export const SYSLOG_FACILITY = items('user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7');
export const REPL_DISKLESS_LOAD = items('disabled', 'on-empty-db', 'swapdb');
// `nothing` is Redis 7.2's: it silences the log.
export const LOGLEVEL = items('debug', 'verbose', 'notice', 'warning', 'nothing');
export const MAXMEMORY_POLICY = items(
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
);
export const AOF_FSYNC = items('everysec', 'always', 'no');
export const OOM_SCORE_ADJ = items(['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]);
export const ACL_PUBSUB_DEFAULT = items(['allchannels', 1], ['resetchannels', 0]);
export const SANITIZE_DUMP_PAYLOAD = items('no', 'yes', 'clients');
export const PROTECTED_ACTION = items('no', 'yes', 'local');
export const CLUSTER_ENDPOINT_TYPE = items('ip', 'hostname', 'unknown-endpoint');
export const PROPAGATION_ERROR_BEHAVIOR = items('ignore', 'panic', 'panic-on-replicas');
// Ours: the releases whose answers `compat-release` can pick (core/surfaces).
export const COMPAT_RELEASE = items(...SURFACES);
export const TLS_AUTH_CLIENTS = items('no', 'yes', 'optional');

/** Bit flags: `default` is the empty set, the others combine. */
export const SHUTDOWN_SAVE = 1;
export const SHUTDOWN_NOSAVE = 2;
export const SHUTDOWN_ON_SIG = items(['default', 0], ['save', SHUTDOWN_SAVE], ['nosave', SHUTDOWN_NOSAVE], ['now', 4], ['force', 8]);

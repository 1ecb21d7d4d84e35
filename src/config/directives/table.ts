/**
 * Every directive redis-server 7.0.15 knows (primary names and aliases), with
 * its type, bounds and default. The list is what makes an unknown directive
 * fatal and a known one acceptable; the rest is what the rewriter needs to
 * write each value back the way redis-sentinel does.
 */
import type { DirectiveSpec, EnumCheck, EnumItem, NumFormat, NumKind, SpecialName, StringCheck } from './types';
import * as E from './enums';
import { DEFAULT_RELEASE } from '../../core/surfaces';
import {
  checkAnnouncedHostname,
  checkAofDirname,
  checkAofFilename,
  checkDbFilename,
  checkProcTitleTemplate,
  checkShutdownFlags,
} from './checks';

const INT_MAX = 2n ** 31n - 1n;
const INT_MIN = -(2n ** 31n);
const UINT_MAX = 2n ** 32n - 1n;
const LONG_MAX = 2n ** 63n - 1n;
const ULLONG_MAX = 2n ** 64n - 1n;

function withAlias<T extends DirectiveSpec>(spec: T, alias: string | undefined): T {
  if (alias !== undefined) spec.alias = alias;
  return spec;
}

function yn(name: string, def: boolean, alias?: string): DirectiveSpec {
  return withAlias({ type: 'bool', name, def }, alias);
}

function str(name: string, def: string | null, emptyIsNull: boolean, alias?: string, check?: StringCheck): DirectiveSpec {
  const spec: DirectiveSpec = { type: 'string', name, def, emptyIsNull };
  if (check) spec.check = check;
  return withAlias(spec, alias);
}

function en(name: string, items: readonly EnumItem[], defName: string, multi = false, check?: EnumCheck): DirectiveSpec {
  const def = items.find((i) => i.name === defName)?.value ?? 0;
  const spec: DirectiveSpec = { type: 'enum', name, items, def, multi };
  if (check) spec.check = check;
  return spec;
}

function num(name: string, kind: NumKind, min: bigint, max: bigint, def: bigint, format: NumFormat, alias?: string): DirectiveSpec {
  return withAlias({ type: 'number', name, kind, min, max, def, format }, alias);
}

function special(name: SpecialName, alias?: string): DirectiveSpec {
  return withAlias({ type: 'special', name }, alias);
}

/** In redis-server's own table order (which is not the order it rewrites in: that is hash order). */
export const DIRECTIVES: readonly DirectiveSpec[] = [
  yn('rdbchecksum', true),
  yn('daemonize', false),
  yn('io-threads-do-reads', false),
  yn('always-show-logo', false),
  yn('protected-mode', true),
  yn('rdbcompression', true),
  yn('rdb-del-sync-files', false),
  yn('activerehashing', true),
  yn('stop-writes-on-bgsave-error', true),
  yn('set-proc-title', true),
  yn('dynamic-hz', true),
  yn('lazyfree-lazy-eviction', false),
  yn('lazyfree-lazy-expire', false),
  yn('lazyfree-lazy-server-del', false),
  yn('lazyfree-lazy-user-del', false),
  yn('lazyfree-lazy-user-flush', false),
  yn('repl-disable-tcp-nodelay', false),
  yn('repl-diskless-sync', true),
  yn('aof-rewrite-incremental-fsync', true),
  yn('no-appendfsync-on-rewrite', false),
  yn('cluster-require-full-coverage', true),
  yn('rdb-save-incremental-fsync', true),
  yn('aof-load-truncated', true),
  yn('aof-use-rdb-preamble', true),
  yn('aof-timestamp-enabled', false),
  yn('cluster-replica-no-failover', false, 'cluster-slave-no-failover'),
  yn('replica-lazy-flush', false, 'slave-lazy-flush'),
  yn('replica-serve-stale-data', true, 'slave-serve-stale-data'),
  yn('replica-read-only', true, 'slave-read-only'),
  yn('replica-ignore-maxmemory', true, 'slave-ignore-maxmemory'),
  yn('jemalloc-bg-thread', true),
  yn('activedefrag', false),
  yn('syslog-enabled', false),
  yn('cluster-enabled', false),
  yn('appendonly', false),
  yn('cluster-allow-reads-when-down', false),
  yn('cluster-allow-pubsubshard-when-down', true),
  yn('crash-log-enabled', true),
  yn('crash-memcheck-enabled', true),
  yn('use-exit-on-panic', false),
  yn('disable-thp', true),
  yn('cluster-allow-replica-migration', true),
  yn('replica-announced', true),
  yn('latency-tracking', true),
  yn('aof-disable-auto-gc', false),
  yn('replica-ignore-disk-write-errors', false),
  str('aclfile', '', false),
  str('unixsocket', null, true),
  str('pidfile', null, true),
  str('replica-announce-ip', null, true, 'slave-announce-ip'),
  str('masteruser', null, true),
  str('cluster-announce-ip', null, true),
  str('cluster-config-file', 'nodes.conf', false),
  str('cluster-announce-hostname', null, true, undefined, checkAnnouncedHostname),
  str('syslog-ident', 'redis', false),
  str('dbfilename', 'dump.rdb', false, undefined, checkDbFilename),
  str('appendfilename', 'appendonly.aof', false, undefined, checkAofFilename),
  str('appenddirname', 'appendonlydir', false, undefined, checkAofDirname),
  str('server_cpulist', null, true),
  str('bio_cpulist', null, true),
  str('aof_rewrite_cpulist', null, true),
  str('bgsave_cpulist', null, true),
  str('ignore-warnings', '', false),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', false, undefined, checkProcTitleTemplate),
  str('bind-source-addr', null, true),
  str('logfile', '', false),
  str('masterauth', null, true),
  str('requirepass', null, true),
  en('supervised', E.SUPERVISED, 'no'),
  en('syslog-facility', E.SYSLOG_FACILITY, 'local0'),
  en('repl-diskless-load', E.REPL_DISKLESS_LOAD, 'disabled'),
  en('loglevel', E.LOGLEVEL, 'notice'),
  en('maxmemory-policy', E.MAXMEMORY_POLICY, 'noeviction'),
  en('appendfsync', E.AOF_FSYNC, 'everysec'),
  en('oom-score-adj', E.OOM_SCORE_ADJ, 'no'),
  en('acl-pubsub-default', E.ACL_PUBSUB_DEFAULT, 'resetchannels'),
  en('sanitize-dump-payload', E.SANITIZE_DUMP_PAYLOAD, 'no'),
  en('enable-protected-configs', E.PROTECTED_ACTION, 'no'),
  en('enable-debug-command', E.PROTECTED_ACTION, 'no'),
  en('enable-module-command', E.PROTECTED_ACTION, 'no'),
  en('cluster-preferred-endpoint-type', E.CLUSTER_ENDPOINT_TYPE, 'ip'),
  en('propagation-error-behavior', E.PROPAGATION_ERROR_BEHAVIOR, 'ignore'),
  en('shutdown-on-sigint', E.SHUTDOWN_ON_SIG, 'default', true, checkShutdownFlags),
  en('shutdown-on-sigterm', E.SHUTDOWN_ON_SIG, 'default', true, checkShutdownFlags),
  num('databases', 'int', 1n, INT_MAX, 16n, 'int'),
  num('port', 'int', 0n, 65535n, 6379n, 'int'),
  num('io-threads', 'int', 1n, 128n, 1n, 'int'),
  num('auto-aof-rewrite-percentage', 'int', 0n, INT_MAX, 100n, 'int'),
  num('cluster-replica-validity-factor', 'int', 0n, INT_MAX, 10n, 'int', 'cluster-slave-validity-factor'),
  num('list-max-listpack-size', 'int', INT_MIN, INT_MAX, -2n, 'int', 'list-max-ziplist-size'),
  num('tcp-keepalive', 'int', 0n, INT_MAX, 300n, 'int'),
  num('cluster-migration-barrier', 'int', 0n, INT_MAX, 1n, 'int'),
  num('active-defrag-cycle-min', 'int', 1n, 99n, 1n, 'int'),
  num('active-defrag-cycle-max', 'int', 1n, 99n, 25n, 'int'),
  num('active-defrag-threshold-lower', 'int', 0n, 1000n, 10n, 'int'),
  num('active-defrag-threshold-upper', 'int', 0n, 1000n, 100n, 'int'),
  num('lfu-log-factor', 'int', 0n, INT_MAX, 10n, 'int'),
  num('lfu-decay-time', 'int', 0n, INT_MAX, 1n, 'int'),
  num('replica-priority', 'int', 0n, INT_MAX, 100n, 'int', 'slave-priority'),
  num('repl-diskless-sync-delay', 'int', 0n, INT_MAX, 5n, 'int'),
  num('maxmemory-samples', 'int', 1n, INT_MAX, 5n, 'int'),
  num('maxmemory-eviction-tenacity', 'int', 0n, 100n, 10n, 'int'),
  num('timeout', 'int', 0n, INT_MAX, 0n, 'int'),
  num('replica-announce-port', 'int', 0n, 65535n, 0n, 'int', 'slave-announce-port'),
  num('tcp-backlog', 'int', 0n, INT_MAX, 511n, 'int'),
  num('cluster-port', 'int', 0n, 65535n, 0n, 'int'),
  num('cluster-announce-bus-port', 'int', 0n, 65535n, 0n, 'int'),
  num('cluster-announce-port', 'int', 0n, 65535n, 0n, 'int'),
  num('cluster-announce-tls-port', 'int', 0n, 65535n, 0n, 'int'),
  num('repl-timeout', 'int', 1n, INT_MAX, 60n, 'int'),
  num('repl-ping-replica-period', 'int', 1n, INT_MAX, 10n, 'int', 'repl-ping-slave-period'),
  num('list-compress-depth', 'int', 0n, INT_MAX, 0n, 'int'),
  num('rdb-key-save-delay', 'int', INT_MIN, INT_MAX, 0n, 'int'),
  num('key-load-delay', 'int', INT_MIN, INT_MAX, 0n, 'int'),
  num('active-expire-effort', 'int', 1n, 10n, 1n, 'int'),
  num('hz', 'int', 0n, INT_MAX, 10n, 'int'),
  num('min-replicas-to-write', 'int', 0n, INT_MAX, 0n, 'int', 'min-slaves-to-write'),
  num('min-replicas-max-lag', 'int', 0n, INT_MAX, 10n, 'int', 'min-slaves-max-lag'),
  num('watchdog-period', 'int', 0n, INT_MAX, 0n, 'int'),
  num('shutdown-timeout', 'int', 0n, INT_MAX, 10n, 'int'),
  num('repl-diskless-sync-max-replicas', 'int', 0n, INT_MAX, 0n, 'int'),
  num('maxclients', 'uint', 1n, UINT_MAX, 10000n, 'int'),
  num('unixsocketperm', 'uint', 0n, 0o777n, 0n, 'oct'),
  num('socket-mark-id', 'uint', 0n, UINT_MAX, 0n, 'int'),
  num('active-defrag-max-scan-fields', 'ulong', 1n, LONG_MAX, 1000n, 'int'),
  num('slowlog-max-len', 'ulong', 0n, LONG_MAX, 128n, 'int'),
  num('acllog-max-len', 'ulong', 0n, LONG_MAX, 128n, 'int'),
  num('busy-reply-threshold', 'll', 0n, LONG_MAX, 5000n, 'int', 'lua-time-limit'),
  num('cluster-node-timeout', 'll', 0n, LONG_MAX, 15000n, 'int'),
  num('slowlog-log-slower-than', 'll', -1n, LONG_MAX, 10000n, 'int'),
  num('latency-monitor-threshold', 'll', 0n, LONG_MAX, 0n, 'int'),
  num('proto-max-bulk-len', 'll', 1048576n, LONG_MAX, 536870912n, 'mem'),
  num('stream-node-max-entries', 'll', 0n, LONG_MAX, 100n, 'int'),
  num('repl-backlog-size', 'll', 1n, LONG_MAX, 1048576n, 'mem'),
  num('maxmemory', 'ull', 0n, ULLONG_MAX, 0n, 'mem'),
  num('cluster-link-sendbuf-limit', 'ull', 0n, ULLONG_MAX, 0n, 'mem'),
  num('hash-max-listpack-entries', 'size', 0n, LONG_MAX, 512n, 'int', 'hash-max-ziplist-entries'),
  num('set-max-intset-entries', 'size', 0n, LONG_MAX, 512n, 'int'),
  num('zset-max-listpack-entries', 'size', 0n, LONG_MAX, 128n, 'int', 'zset-max-ziplist-entries'),
  num('active-defrag-ignore-bytes', 'size', 1n, LONG_MAX, 104857600n, 'mem'),
  num('hash-max-listpack-value', 'size', 0n, LONG_MAX, 64n, 'mem', 'hash-max-ziplist-value'),
  num('stream-node-max-bytes', 'size', 0n, LONG_MAX, 4096n, 'mem'),
  num('zset-max-listpack-value', 'size', 0n, LONG_MAX, 64n, 'mem', 'zset-max-ziplist-value'),
  num('hll-sparse-max-bytes', 'size', 0n, LONG_MAX, 3000n, 'mem'),
  num('tracking-table-max-keys', 'size', 0n, LONG_MAX, 1000000n, 'int'),
  num('client-query-buffer-limit', 'size', 1048576n, LONG_MAX, 1073741824n, 'mem'),
  num('maxmemory-clients', 'ssize', -100n, LONG_MAX, 0n, 'mempct'),
  num('repl-backlog-ttl', 'time', 0n, LONG_MAX, 3600n, 'int'),
  num('auto-aof-rewrite-min-size', 'off', 0n, LONG_MAX, 67108864n, 'mem'),
  num('loading-process-events-interval-bytes', 'off', 1024n, INT_MAX, 2097152n, 'int'),
  num('tls-port', 'int', 0n, 65535n, 0n, 'int'),
  num('tls-session-cache-size', 'int', 0n, INT_MAX, 20480n, 'int'),
  num('tls-session-cache-timeout', 'int', 0n, INT_MAX, 300n, 'int'),
  yn('tls-cluster', false),
  yn('tls-replication', false),
  en('tls-auth-clients', E.TLS_AUTH_CLIENTS, 'yes'),
  yn('tls-prefer-server-ciphers', false),
  yn('tls-session-caching', true),
  str('tls-cert-file', null, true),
  str('tls-key-file', null, true),
  str('tls-key-file-pass', null, true),
  str('tls-client-cert-file', null, true),
  str('tls-client-key-file', null, true),
  str('tls-client-key-file-pass', null, true),
  str('tls-dh-params-file', null, true),
  str('tls-ca-cert-file', null, true),
  str('tls-ca-cert-dir', null, true),
  str('tls-protocols', null, true),
  str('tls-ciphers', null, true),
  str('tls-ciphersuites', null, true),
  special('dir'),
  special('save'),
  special('client-output-buffer-limit'),
  special('oom-score-adj-values'),
  special('notify-keyspace-events'),
  special('bind'),
  special('replicaof', 'slaveof'),
  special('latency-tracking-info-percentiles'),
  // Ours, not redis-server's: the operations HTTP endpoint (src/ops). Off by
  // default (port 0) so a drop-in never opens a port nobody asked for; being
  // table directives, a rewrite keeps them when present and never adds them.
  num('http-port', 'int', 0n, 65535n, 0n, 'int'),
  str('http-bind', '127.0.0.1', false),
  // Ours too: which release answers where the served ones contradict each
  // other (core/surfaces). The default is the release we replace.
  en('compat-release', E.COMPAT_RELEASE, DEFAULT_RELEASE),
];

const BY_NAME = new Map<string, DirectiveSpec>();
for (const d of DIRECTIVES) {
  BY_NAME.set(d.name, d);
  if (d.alias !== undefined) BY_NAME.set(d.alias, d);
}

/** The directive for a (lower-cased) name or alias. */
export function lookupDirective(name: string): DirectiveSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * Accepted by redis-server 7.0 and silently dropped (they were removed but old
 * files still carry them); the value is the exact argument count, directive included.
 */
export const DEPRECATED_DIRECTIVES = new Map<string, number>([
  ['list-max-ziplist-entries', 2],
  ['list-max-ziplist-value', 2],
  ['lua-replicate-commands', 2],
]);

import { randomBytes } from '../../entropy';
import type { GenericHost, ServerFacts } from '../server-host';
import { SURFACES_TEXT } from '../../core/surfaces';

let runId: string | null = null;

/**
 * Identifies this process run (not the sentinel's persistent myid): new at
 * every start. Drawn at the first INFO rather than when the module loads, so
 * nothing random is decided by loading code.
 */
export function runIdOfThisProcess(): string {
  runId ??= randomBytes(20).toString('hex');
  return runId;
}

/** Build identity reported by INFO; the numbers are those of the release we stand in for. */
const VERSION = '7.0.15';
const BUILD_ID = '0000000000000000';

/**
 * Sections are rendered as text, "field:value\r\n" per line: INFO can be
 * asked for tens of thousands of times a second, and one template per
 * section costs a fraction of a list of field pairs joined afterwards.
 */

/** Fixed for the life of the process (and of the facts, which are read-only). */
const serverHeads = new WeakMap<ServerFacts, string>();

function serverHead(f: ServerFacts): string {
  let head = serverHeads.get(f);
  if (head === undefined) {
    // node:os at the first INFO: a start does not otherwise load it.
    const os = require('node:os') as typeof import('node:os');
    const multiplexing = process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue';
    head =
      `redis_version:${VERSION}\r\n` +
      'redis_git_sha1:00000000\r\n' +
      'redis_git_dirty:0\r\n' +
      `redis_build_id:${BUILD_ID}\r\n` +
      'redis_mode:sentinel\r\n' +
      `os:${os.type()} ${os.release()} ${os.machine()}\r\n` +
      `arch_bits:${process.arch.includes('64') ? 64 : 32}\r\n` +
      'monotonic_clock:POSIX clock_gettime\r\n' +
      `multiplexing_api:${multiplexing}\r\n` +
      'atomicvar_api:c11-builtin\r\n' +
      'gcc_version:0.0.0\r\n' +
      `process_id:${process.pid}\r\n` +
      `process_supervised:${f.supervised}\r\n` +
      `run_id:${runIdOfThisProcess()}\r\n`;
    serverHeads.set(f, head);
  }
  return head;
}

export function serverSection(host: GenericHost, nowMs: number): string {
  const f = host.facts;
  const uptime = Math.floor(process.uptime());
  return (
    serverHead(f) +
    `tcp_port:${f.tcpPort()}\r\n` +
    `server_time_usec:${Math.floor(nowMs * 1000)}\r\n` +
    `uptime_in_seconds:${uptime}\r\n` +
    `uptime_in_days:${Math.floor(uptime / 86400)}\r\n` +
    `hz:${f.hz()}\r\n` +
    'configured_hz:10\r\n' +
    // Redis's LRU clock: seconds, wrapped to 24 bits.
    `lru_clock:${Math.floor(nowMs / 1000) & 0xffffff}\r\n` +
    `executable:${f.executable}\r\n` +
    `config_file:${f.configFile}\r\n` +
    'io_threads_active:0\r\n' +
    // Ours, last so that no field clients parse moves.
    `sentinel_surfaces:${SURFACES_TEXT}\r\n`
  );
}

export function clientsSection(host: GenericHost): string {
  return (
    `connected_clients:${host.sessionCount()}\r\n` +
    'cluster_connections:0\r\n' +
    `maxclients:${host.facts.maxclients}\r\n` +
    `client_recent_max_input_buffer:${host.clientsPeak.maxInput()}\r\n` +
    `client_recent_max_output_buffer:${host.clientsPeak.maxOutput()}\r\n` +
    'blocked_clients:0\r\n' +
    'tracking_clients:0\r\n' +
    'clients_in_timeout_table:0\r\n'
  );
}

const kbps = (bytesPerSec: number): string => (bytesPerSec / 1024).toFixed(2);

export function statsSection(host: GenericHost): string {
  const st = host.stats;
  return (
    `total_connections_received:${st.connectionsReceived}\r\n` +
    `total_commands_processed:${st.commandsProcessed}\r\n` +
    `instantaneous_ops_per_sec:${Math.round(st.ops.perSecond())}\r\n` +
    `total_net_input_bytes:${st.netInputBytes}\r\n` +
    `total_net_output_bytes:${st.netOutputBytes}\r\n` +
    'total_net_repl_input_bytes:0\r\n' +
    'total_net_repl_output_bytes:0\r\n' +
    `instantaneous_input_kbps:${kbps(st.input.perSecond())}\r\n` +
    `instantaneous_output_kbps:${kbps(st.output.perSecond())}\r\n` +
    'instantaneous_input_repl_kbps:0.00\r\n' +
    'instantaneous_output_repl_kbps:0.00\r\n' +
    `rejected_connections:${st.rejectedConnections}\r\n` +
    STATS_MIDDLE +
    `pubsub_channels:${host.pubsub.channelCount}\r\n` +
    `pubsub_patterns:${host.pubsub.patternCount}\r\n` +
    STATS_LATE +
    `total_error_replies:${st.errorReplies}\r\n` +
    'dump_payload_sanitizations:0\r\n' +
    `total_reads_processed:${st.readsProcessed}\r\n` +
    `total_writes_processed:${st.writesProcessed}\r\n` +
    'io_threaded_reads_processed:0\r\n' +
    'io_threaded_writes_processed:0\r\n' +
    'reply_buffer_shrinks:0\r\n' +
    'reply_buffer_expands:0\r\n'
  );
}

/** Fields a sentinel always reports as zero: no replication, keys, eviction, forks or defrag. */
const STATS_MIDDLE = zeros([
  ['sync_full', 0],
  ['sync_partial_ok', 0],
  ['sync_partial_err', 0],
  ['expired_keys', 0],
  ['expired_stale_perc', '0.00'],
  ['expired_time_cap_reached_count', 0],
  ['expire_cycle_cpu_milliseconds', 0],
  ['evicted_keys', 0],
  ['evicted_clients', 0],
  ['total_eviction_exceeded_time', 0],
  ['current_eviction_exceeded_time', 0],
  ['keyspace_hits', 0],
  ['keyspace_misses', 0],
]);

const STATS_LATE = zeros([
  ['pubsubshard_channels', 0],
  ['latest_fork_usec', 0],
  ['total_forks', 0],
  ['migrate_cached_sockets', 0],
  ['slave_expires_tracked_keys', 0],
  ['active_defrag_hits', 0],
  ['active_defrag_misses', 0],
  ['active_defrag_key_hits', 0],
  ['active_defrag_key_misses', 0],
  ['total_active_defrag_time', 0],
  ['current_active_defrag_time', 0],
  ['tracking_total_keys', 0],
  ['tracking_total_items', 0],
  ['tracking_total_prefixes', 0],
  ['unexpected_error_replies', 0],
]);

function zeros(fields: Array<[string, string | number]>): string {
  return fields.map(([k, v]) => `${k}:${v}\r\n`).join('');
}

/**
 * process.cpuUsage() is a getrusage() over every thread of the process,
 * the dearest part of an INFO: a reading, and the section made of it, is
 * reused by the INFOs of the same millisecond, which a slower server would
 * have spread over it anyway.
 */
let cpuReading: { ms: number; text: string } = { ms: -1, text: '' };

const sec = (micros: number): string => (micros / 1e6).toFixed(6);

export function cpuSection(nowMs: number): string {
  const ms = Math.floor(nowMs);
  if (cpuReading.ms === ms) return cpuReading.text;
  const u = process.cpuUsage();
  const sys = sec(u.system);
  const user = sec(u.user);
  // Node runs JavaScript on one thread, so the process figures are the
  // main thread's; children's usage is not available to Node.
  const text =
    `used_cpu_sys:${sys}\r\n` +
    `used_cpu_user:${user}\r\n` +
    'used_cpu_sys_children:0.000000\r\n' +
    'used_cpu_user_children:0.000000\r\n' +
    `used_cpu_sys_main_thread:${sys}\r\n` +
    `used_cpu_user_main_thread:${user}\r\n`;
  cpuReading = { ms, text };
  return text;
}

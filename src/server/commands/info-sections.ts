import { randomBytes } from '../../entropy';
import { CONFIG_DEFAULT_HZ, type GenericHost } from '../server-host';
import { InfoTemplate } from './info-template';
import { ByteWriter } from '../../protocol/byte-writer';
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

/** What a section's fields read: the server, and the moment of this INFO. */
export interface InfoContext {
  readonly host: GenericHost;
  readonly nowMs: number;
  /** whole seconds since the process started */
  readonly uptime: number;
}

/** `os:` as uname prints it; node:os is loaded at the first INFO, since a start does not otherwise need it. */
let osLine: string | null = null;
function osText(): string {
  if (osLine === null) {
    const os = require('node:os') as typeof import('node:os');
    osLine = `${os.type()} ${os.release()} ${os.machine()}`;
  }
  return osLine;
}

export const SERVER = new InfoTemplate<InfoContext>([
  ['redis_version', VERSION],
  ['redis_git_sha1', '00000000'],
  ['redis_git_dirty', 0],
  ['redis_build_id', BUILD_ID],
  ['redis_mode', 'sentinel'],
  ['os', osText],
  ['arch_bits', process.arch.includes('64') ? 64 : 32],
  ['monotonic_clock', 'POSIX clock_gettime'],
  ['multiplexing_api', process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'],
  ['atomicvar_api', 'c11-builtin'],
  ['gcc_version', '0.0.0'],
  ['process_id', process.pid],
  ['process_supervised', (c) => c.host.facts.supervised],
  ['run_id', runIdOfThisProcess],
  ['tcp_port', (c) => c.host.facts.tcpPort()],
  ['server_time_usec', (c) => Math.floor(c.nowMs * 1000), 'volatile'],
  ['uptime_in_seconds', (c) => c.uptime],
  ['uptime_in_days', (c) => Math.floor(c.uptime / 86400)],
  ['hz', (c) => c.host.facts.hz()],
  ['configured_hz', CONFIG_DEFAULT_HZ],
  // Redis's LRU clock: seconds, wrapped to 24 bits.
  ['lru_clock', (c) => Math.floor(c.nowMs / 1000) & 0xffffff],
  ['executable', (c) => c.host.facts.executable],
  ['config_file', (c) => c.host.facts.configFile],
  ['io_threads_active', 0],
  // Ours, last so that no field clients parse moves.
  ['sentinel_surfaces', SURFACES_TEXT],
]);

export const CLIENTS = new InfoTemplate<InfoContext>([
  ['connected_clients', (c) => c.host.sessionCount()],
  ['cluster_connections', 0],
  ['maxclients', (c) => c.host.facts.maxclients],
  ['client_recent_max_input_buffer', (c) => c.host.clientsPeak.maxInput()],
  ['client_recent_max_output_buffer', (c) => c.host.clientsPeak.maxOutput()],
  ['blocked_clients', 0],
  ['tracking_clients', 0],
  ['clients_in_timeout_table', 0],
]);

/** A rate in KB/s with two decimals; the last one is kept, since a rate changes ten times a second at most. */
function kbpsFormat(): (bytesPerSec: number) => string {
  let last = -1;
  let text = '';
  return (bytesPerSec) => {
    if (bytesPerSec !== last) {
      last = bytesPerSec;
      text = (bytesPerSec / 1024).toFixed(2);
    }
    return text;
  };
}
const inputKbps = kbpsFormat();
const outputKbps = kbpsFormat();

/** A sentinel has no replication, keys, eviction, forks or defrag: those fields are always zero. */
export const STATS = new InfoTemplate<InfoContext>([
  ['total_connections_received', (c) => c.host.stats.connectionsReceived],
  ['total_commands_processed', (c) => c.host.stats.commandsProcessed, 'volatile'],
  ['instantaneous_ops_per_sec', (c) => Math.round(c.host.stats.ops.perSecond())],
  ['total_net_input_bytes', (c) => c.host.stats.netInputBytes, 'volatile'],
  ['total_net_output_bytes', (c) => c.host.stats.netOutputBytes, 'volatile'],
  ['total_net_repl_input_bytes', 0],
  ['total_net_repl_output_bytes', 0],
  ['instantaneous_input_kbps', (c) => inputKbps(c.host.stats.input.perSecond())],
  ['instantaneous_output_kbps', (c) => outputKbps(c.host.stats.output.perSecond())],
  ['instantaneous_input_repl_kbps', '0.00'],
  ['instantaneous_output_repl_kbps', '0.00'],
  ['rejected_connections', (c) => c.host.stats.rejectedConnections],
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
  ['pubsub_channels', (c) => c.host.pubsub.channelCount],
  ['pubsub_patterns', (c) => c.host.pubsub.patternCount],
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
  ['total_error_replies', (c) => c.host.stats.errorReplies],
  ['dump_payload_sanitizations', 0],
  ['total_reads_processed', (c) => c.host.stats.readsProcessed, 'volatile'],
  ['total_writes_processed', (c) => c.host.stats.writesProcessed, 'volatile'],
  ['io_threaded_reads_processed', 0],
  ['io_threaded_writes_processed', 0],
  ['reply_buffer_shrinks', 0],
  ['reply_buffer_expands', 0],
]);

/**
 * process.cpuUsage() is a getrusage() over every thread of the process,
 * the dearest part of an INFO: a reading, and the section made of it, is
 * reused by the INFOs of the same millisecond, which a slower server would
 * have spread over it anyway.
 */
let cpuReading: { ms: number; bytes: Buffer } = { ms: -1, bytes: Buffer.alloc(0) };
const cpuWriter = new ByteWriter(512);

const sec = (micros: number): string => (micros / 1e6).toFixed(6);

interface CpuFigures {
  readonly sys: string;
  readonly user: string;
}

// Node runs JavaScript on one thread, so the process figures are the main
// thread's; children's usage is not available to Node.
const CPU = new InfoTemplate<CpuFigures>([
  ['used_cpu_sys', (u) => u.sys],
  ['used_cpu_user', (u) => u.user],
  ['used_cpu_sys_children', '0.000000'],
  ['used_cpu_user_children', '0.000000'],
  ['used_cpu_sys_main_thread', (u) => u.sys],
  ['used_cpu_user_main_thread', (u) => u.user],
]);

export function cpuSection(nowMs: number): Buffer {
  const ms = Math.floor(nowMs);
  if (cpuReading.ms === ms) return cpuReading.bytes;
  const u = process.cpuUsage();
  cpuWriter.reset();
  CPU.render({ sys: sec(u.system), user: sec(u.user) }, cpuWriter);
  // The view stays valid until the next reading, the only writer of cpuWriter.
  cpuReading = { ms, bytes: cpuWriter.view() };
  return cpuReading.bytes;
}

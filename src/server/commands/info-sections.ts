import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { GenericHost } from '../server-host';
import { SURFACES_TEXT } from '../../core/surfaces';

/** Identifies this process run (not the sentinel's persistent myid): new at every start. */
export const RUN_ID = randomBytes(20).toString('hex');

/** Build identity reported by INFO; the numbers are those of the release we stand in for. */
const VERSION = '7.0.15';
const BUILD_ID = '0000000000000000';

type Field = [string, string | number];

function lines(fields: Field[]): string[] {
  return fields.map(([k, v]) => `${k}:${v}`);
}

export function serverSection(host: GenericHost, nowMs: number): string[] {
  const f = host.facts;
  const uptime = Math.floor(process.uptime());
  return lines([
    ['redis_version', VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', BUILD_ID],
    ['redis_mode', 'sentinel'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', process.arch.includes('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', f.supervised],
    ['run_id', RUN_ID],
    ['tcp_port', f.tcpPort()],
    ['server_time_usec', Math.floor(nowMs * 1000)],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', f.hz()],
    ['configured_hz', 10],
    // Redis's LRU clock: seconds, wrapped to 24 bits.
    ['lru_clock', Math.floor(nowMs / 1000) & 0xffffff],
    ['executable', f.executable],
    ['config_file', f.configFile],
    ['io_threads_active', 0],
    // Ours, last so that no field clients parse moves.
    ['sentinel_surfaces', SURFACES_TEXT],
  ]);
}

export function clientsSection(host: GenericHost): string[] {
  let connected = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const s of host.sessions()) {
    connected++;
    maxIn = Math.max(maxIn, s.queryBufferLength());
    maxOut = Math.max(maxOut, s.outputLength());
  }
  return lines([
    ['connected_clients', connected],
    ['cluster_connections', 0],
    ['maxclients', host.facts.maxclients],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', 0],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', 0],
  ]);
}

export function statsSection(host: GenericHost): string[] {
  const st = host.stats;
  const kbps = (bytesPerSec: number): string => (bytesPerSec / 1024).toFixed(2);
  return lines([
    ['total_connections_received', st.connectionsReceived],
    ['total_commands_processed', st.commandsProcessed],
    ['instantaneous_ops_per_sec', Math.round(st.ops.perSecond())],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', kbps(st.input.perSecond())],
    ['instantaneous_output_kbps', kbps(st.output.perSecond())],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
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
    ['pubsub_channels', host.pubsub.channelCount],
    ['pubsub_patterns', host.pubsub.patternCount],
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
    ['total_error_replies', st.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', st.readsProcessed],
    ['total_writes_processed', st.writesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]);
}

export function cpuSection(): string[] {
  const u = process.cpuUsage();
  const sec = (micros: number): string => (micros / 1e6).toFixed(6);
  // Node runs JavaScript on one thread, so the process figures are the
  // main thread's; children's usage is not available to Node.
  return lines([
    ['used_cpu_sys', sec(u.system)],
    ['used_cpu_user', sec(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', sec(u.system)],
    ['used_cpu_user_main_thread', sec(u.user)],
  ]);
}

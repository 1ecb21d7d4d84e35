/**
 * The metric names /metrics exposes. The first group are redis_exporter's
 * (oliver006/redis_exporter, exporter/sentinels.go, namespace "redis") with
 * its labels, so existing dashboards and alerts keep working; the rest are
 * ours and carry the redis_sentinel_ts_ prefix.
 */
export const EXPORTER_METRICS = {
  masters: 'redis_sentinel_masters',
  tilt: 'redis_sentinel_tilt',
  runningScripts: 'redis_sentinel_running_scripts',
  scriptsQueueLength: 'redis_sentinel_scripts_queue_length',
  simulateFailureFlags: 'redis_sentinel_simulate_failure_flags',
  masterStatus: 'redis_sentinel_master_status',
  masterSlaves: 'redis_sentinel_master_slaves',
  masterOkSlaves: 'redis_sentinel_master_ok_slaves',
  masterSentinels: 'redis_sentinel_master_sentinels',
  masterOkSentinels: 'redis_sentinel_master_ok_sentinels',
  masterCkquorumStatus: 'redis_sentinel_master_ckquorum_status',
  masterConfigEpoch: 'redis_sentinel_master_config_epoch',
} as const;

export const OWN_METRICS = {
  currentEpoch: 'redis_sentinel_ts_current_epoch',
  instanceLinkUp: 'redis_sentinel_ts_instance_link_up',
  instancePingRtt: 'redis_sentinel_ts_instance_last_ping_rtt_seconds',
  instanceLastOkPingAge: 'redis_sentinel_ts_instance_last_ok_ping_age_seconds',
  instanceSdown: 'redis_sentinel_ts_instance_sdown',
  masterOdown: 'redis_sentinel_ts_master_odown',
  masterFailoverInProgress: 'redis_sentinel_ts_master_failover_in_progress',
  masterFailoverState: 'redis_sentinel_ts_master_failover_state',
  failoverDuration: 'redis_sentinel_ts_failover_duration_seconds',
  events: 'redis_sentinel_ts_events_total',
  votesGiven: 'redis_sentinel_ts_votes_given_total',
  clientsConnected: 'redis_sentinel_ts_connected_clients',
  connectionsReceived: 'redis_sentinel_ts_connections_received_total',
  commandsProcessed: 'redis_sentinel_ts_commands_processed_total',
  eventLoopLag: 'redis_sentinel_ts_event_loop_lag_seconds',
  eventLoopLagMax: 'redis_sentinel_ts_event_loop_lag_max_seconds',
} as const;

/**
 * A simulated Redis instance: just the state Sentinel observes or changes
 * (role, replication link, offset, priority, run id) and the INFO text it
 * reads. Networking and command dispatch live in world.ts.
 */
export type Role = 'master' | 'slave';

export interface ReplicaLine {
  host: string;
  port: number;
  state: 'online' | 'wait_bgsave';
  offset: number;
}

export class SimRedis {
  readonly host = '127.0.0.1';
  up = true;
  /** bumped on every crash: connections to an older incarnation are dead */
  incarnation = 1;
  role: Role;
  masterHost: string | null = null;
  masterPort = 0;
  linkUp = false;
  /** when the current sync completes (null: not syncing) */
  syncAt: number | null = null;
  /** null: never connected since start (INFO then says -1) */
  linkDownSince: number | null = null;
  offset = 0;
  priority = 100;
  replicaAnnounced = true;
  /** emit the pre-2.8 `slaveN:<ip>,<port>,<state>` lines instead of key=value ones */
  oldSlaveFormat = false;
  startedAt: number;
  /** `r<port>`, its name in partitions */
  readonly node: string;

  constructor(
    readonly port: number,
    public runId: string,
    role: Role,
    now: number,
  ) {
    this.role = role;
    this.startedAt = now;
    this.node = `r${port}`;
  }

  /** SLAVEOF as Redis applies it: a new master means a new sync. */
  slaveOf(to: { host: string; port: number } | null, now: number): void {
    if (to === null) {
      this.role = 'master';
      this.masterHost = null;
      this.masterPort = 0;
      this.linkUp = false;
      this.syncAt = null;
      this.linkDownSince = null;
      return;
    }
    if (this.role === 'slave' && this.masterHost === to.host && this.masterPort === to.port) return;
    this.role = 'slave';
    this.masterHost = to.host;
    this.masterPort = to.port;
    this.linkUp = false;
    this.syncAt = null;
    this.linkDownSince = now;
  }

  crash(): void {
    this.up = false;
    this.incarnation++;
    this.linkUp = false;
    this.syncAt = null;
  }

  /** Restarts with the configuration it last rewrote (Sentinel always sends CONFIG REWRITE). */
  restart(runId: string, now: number): void {
    this.up = true;
    this.runId = runId;
    this.startedAt = now;
    this.linkUp = false;
    this.syncAt = null;
    this.linkDownSince = null;
  }

  info(replicas: readonly ReplicaLine[], now: number): string {
    const lines: string[] = [
      '# Server',
      'redis_version:7.0.15',
      'redis_mode:standalone',
      'os:Linux 6.1.0 x86_64',
      'arch_bits:64',
      `process_id:${1000 + this.port}`,
      `run_id:${this.runId}`,
      `tcp_port:${this.port}`,
      `uptime_in_seconds:${Math.floor((now - this.startedAt) / 1000)}`,
      '',
      '# Clients',
      'connected_clients:5',
      '',
      '# Replication',
      `role:${this.role}`,
    ];
    if (this.role === 'slave') {
      lines.push(
        `master_host:${this.masterHost ?? ''}`,
        `master_port:${this.masterPort}`,
        `master_link_status:${this.linkUp ? 'up' : 'down'}`,
        `master_last_io_seconds_ago:${this.linkUp ? 0 : -1}`,
        `master_sync_in_progress:${this.syncAt !== null && !this.linkUp ? 1 : 0}`,
        `slave_read_repl_offset:${this.offset}`,
        `slave_repl_offset:${this.offset}`,
      );
      if (!this.linkUp) {
        const down = this.linkDownSince === null ? -1 : Math.floor((now - this.linkDownSince) / 1000);
        lines.push(`master_link_down_since_seconds:${down}`);
      }
      lines.push(`slave_priority:${this.priority}`, 'slave_read_only:1', `replica_announced:${this.replicaAnnounced ? 1 : 0}`);
    }
    lines.push(`connected_slaves:${replicas.length}`);
    replicas.forEach((r, i) => {
      lines.push(
        this.oldSlaveFormat
          ? `slave${i}:${r.host},${r.port},${r.state}`
          : `slave${i}:ip=${r.host},port=${r.port},state=${r.state},offset=${r.offset},lag=0`,
      );
    });
    lines.push(
      'master_failover_state:no-failover',
      `master_replid:${this.runId}`,
      'master_replid2:0000000000000000000000000000000000000000',
      `master_repl_offset:${this.offset}`,
      'second_repl_offset:-1',
      'repl_backlog_active:1',
      'repl_backlog_size:1048576',
      '',
    );
    return lines.join('\r\n');
  }
}

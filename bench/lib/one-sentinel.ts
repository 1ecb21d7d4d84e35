/**
 * The smallest realistic topology: one master, one replica (synced), one
 * sentinel of a kind monitoring the master with quorum 1, and ready — it has
 * found the replica and sees its link to the master up, so SENTINEL MASTERS,
 * SENTINEL REPLICAS and INFO carry their usual content and SENTINEL FAILOVER
 * has a replica to promote.
 */
import type { ChildProcess } from 'node:child_process';
import { LABEL, type Kind } from './pairs';
import { type Run, until, waitPing, waitReplicasSynced } from './procs';
import { asList, call, field } from './resp';

export interface OneSentinel {
  masterPort: number;
  replicaPort: number;
  sentinelPort: number;
  sentinel: ChildProcess;
  /** The sentinel's PID (node itself for ours: the launcher execs nothing when spawned by node). */
  pid: number;
}

/** Starts the topology on `ports` (master, replica, sentinel) in `run`; `lines` go to the sentinel's config after the monitor line. */
export async function oneSentinel(
  run: Run,
  kind: Kind,
  ports: readonly number[],
  name: string,
  lines: readonly string[] = [],
): Promise<OneSentinel> {
  const [masterPort, replicaPort, sentinelPort] = ports;
  if (masterPort === undefined || replicaPort === undefined || sentinelPort === undefined) throw new Error('oneSentinel needs 3 ports');
  run.redisServer(masterPort);
  await waitPing([masterPort], 'redis-server (master)');
  await run.redisServers([replicaPort], [masterPort]);
  await waitReplicasSynced([replicaPort]);
  const sentinel = run.sentinel(kind, 'sentinel', sentinelPort, [`sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`, ...lines]);
  if (sentinel.pid === undefined) throw new Error(`${LABEL[kind]} has no PID`);
  await waitPing([sentinelPort], LABEL[kind]);
  let seen = '';
  await until(
    `${LABEL[kind]} to find the replica with its master link up`,
    30_000,
    async () => {
      const reps = asList(await call(sentinelPort, ['SENTINEL', 'REPLICAS', name]));
      seen = reps.map((r) => `${field(r, 'name')} flags=${field(r, 'flags')} link=${field(r, 'master-link-status')}`).join(', ') || 'no replica';
      return reps.some((r) => field(r, 'flags') === 'slave' && field(r, 'master-link-status') === 'ok');
    },
    { everyMs: 100, detail: () => seen },
  );
  return { masterPort, replicaPort, sentinelPort, sentinel, pid: sentinel.pid };
}

import type { CommandSpec } from '../command';
import { array, bulk, error, int } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';
import { announcedHost } from '../../core/address';

/** ROLE in sentinel mode lists the monitored masters. */
export function roleCommand(h: SentinelHost): CommandSpec {
  return {
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    categories: ['@admin', '@fast', '@dangerous'],
    run: () => array([bulk('sentinel'), array([...h.core.masters.keys()].map((n) => bulk(n)))]),
  };
}

/**
 * PUBLISH only accepts hellos addressed to this sentinel: peers that cannot
 * reach our instances still reach us directly this way.
 */
export function publishCommand(h: SentinelHost): CommandSpec {
  return {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    categories: ['@pubsub', '@fast'],
    run: (_ctx, argv) => {
      if (argv[1] !== '__sentinel__:hello') return error('ERR Only HELLO messages are accepted by Sentinel instances.');
      h.step((now) => h.core.publishedHello(argv[2] as string, now));
      return int(1);
    },
  };
}

/** The `# Sentinel` section of INFO, without its header. */
export function sentinelInfoLines(h: SentinelHost): string[] {
  const c = h.core;
  const scripts = h.pendingScripts();
  const lines = [
    `sentinel_masters:${c.masters.size}`,
    `sentinel_tilt:${c.tilt ? 1 : 0}`,
    `sentinel_tilt_since_seconds:${c.tilt ? Math.floor((h.now() - c.tiltStartTime) / 1000) : -1}`,
    `sentinel_running_scripts:${scripts.running}`,
    `sentinel_scripts_queue_length:${scripts.queued}`,
    `sentinel_simulate_failure_flags:${(c.simulateFailure.crashAfterElection ? 1 : 0) | (c.simulateFailure.crashAfterPromotion ? 2 : 0)}`,
  ];
  let i = 0;
  for (const m of c.masters.values()) {
    const st = m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
    lines.push(`master${i}:name=${m.name},status=${st},address=${announcedHost(m, c.announceHostnames)}:${m.port},slaves=${m.slaves.size},sentinels=${m.sentinels.size + 1}`);
    i++;
  }
  return lines;
}

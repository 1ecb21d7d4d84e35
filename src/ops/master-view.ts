/**
 * One master as operations see it: the facts /metrics, /readyz and
 * /masters/<name> share, computed once here so they never disagree.
 */
import type { Master } from '../core/master';
import { currentMasterAddress } from '../core/master';
import { ckquorumText } from '../core/ckquorum';
import { announcedHost } from '../core/address';
import { flagsString } from '../core/instance';

export type MasterStatus = 'ok' | 'sdown' | 'odown';

/** INFO's `status=` of the master line (what redis_exporter reads). */
export function masterStatus(m: Master): MasterStatus {
  return m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
}

/** The text of SENTINEL CKQUORUM, ok or not. */
export function ckquorumMessage(m: Master): { ok: boolean; message: string } {
  const q = ckquorumText(m);
  return { ok: q.ok, message: q.text };
}

/** Why this master is not healthy, or null: the body of a 503. */
export function masterProblem(m: Master): string | null {
  if (m.flags.oDown) return 'odown';
  if (m.flags.sDown) return 'sdown';
  if (m.flags.failoverInProgress) return `failover in progress (${m.failoverState})`;
  return null;
}

/** Why this master makes the sentinel not ready, or null. */
export function readinessProblem(m: Master): string | null {
  if (m.link.disconnected) return 'master link down';
  const p = masterProblem(m);
  if (p !== null) return p;
  const q = ckquorumMessage(m);
  return q.ok ? null : q.message;
}

export function okInstances(list: Iterable<{ flags: { sDown: boolean; oDown: boolean } }>): number {
  let n = 0;
  for (const i of list) if (!i.flags.sDown && !i.flags.oDown) n++;
  return n;
}

/** The JSON of GET /masters/<name>. */
export function masterJson(m: Master, announceHostnames: boolean): Record<string, unknown> {
  const addr = currentMasterAddress(m, announceHostnames);
  return {
    name: m.name,
    address: { ip: addr.host, port: addr.port },
    status: masterStatus(m),
    problem: masterProblem(m),
    flags: flagsString(m).split(','),
    configEpoch: m.configEpoch.toString(),
    failoverState: m.failoverState,
    quorum: m.quorum,
    ckquorum: ckquorumMessage(m),
    replicas: [...m.slaves.values()].map((s) => ({
      ip: announcedHost(s, announceHostnames),
      port: s.port,
      flags: flagsString(s).split(','),
    })),
    sentinels: [...m.sentinels.values()].map((s) => ({
      runid: s.runid ?? s.name,
      ip: s.ip,
      port: s.port,
      flags: flagsString(s).split(','),
    })),
  };
}

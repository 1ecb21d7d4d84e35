import type { CoreContext } from './context';
import type { Instance } from './instance';
import { newInstance } from './instance';
import type { Master } from './master';
import { currentMasterAddress } from './master';
import type { Address } from './address';
import { addressMatchesHost, announcedHost, sameAddress } from './address';
import { atoi, strtoull10 } from './c-numbers';
import { resetMasterAndChangeAddress } from './reset';
import { abortFailover } from './failover';
import { releaseLink, tryLinkSharing } from './link';

/**
 * Hello messages are how sentinels find each other and spread the newest
 * configuration: `ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch`.
 */
export function formatHello(
  announceIp: string,
  announcePort: number,
  myid: string,
  currentEpoch: bigint,
  master: Master,
  announceHostnames = false,
): string {
  const addr = currentMasterAddress(master, announceHostnames);
  return [announceIp, announcePort, myid, currentEpoch, master.name, addr.host, addr.port, master.configEpoch].join(',');
}


/**
 * Is the hello's third field (the sender's run id) `runid`? Every instance
 * echoes our own hellos back on its pub/sub link, so this runs for most
 * messages: answered without splitting the payload.
 */
export function helloRunidIs(payload: string, runid: string): boolean {
  const a = payload.indexOf(',');
  if (a < 0) return false;
  const start = payload.indexOf(',', a + 1) + 1;
  if (start === 0) return false;
  const next = payload.indexOf(',', start);
  const end = next < 0 ? payload.length : next;
  return end - start === runid.length && payload.startsWith(runid, start);
}

function removeSentinelEverywhere(ctx: CoreContext, runid: string): number {
  let removed = 0;
  for (const m of ctx.masters.values()) {
    const s = m.sentinels.get(runid);
    if (s) {
      releaseLink(ctx, s);
      m.sentinels.delete(runid);
      removed++;
    }
  }
  return removed;
}

export function processHello(
  ctx: CoreContext,
  payload: string,
  closeLinks: (inst: Instance) => void,
): void {
  const t = payload.split(',');
  if (t.length !== 8) return;
  const [ip, portS, runid, epochS, masterName, masterIp, masterPortS, cfgEpochS] = t as [
    string, string, string, string, string, string, string, string,
  ];
  const master = ctx.masters.get(masterName);
  if (!master) return;
  const port = atoi(portS);
  const masterPort = atoi(masterPortS);
  const currentEpoch = strtoull10(epochS);
  const masterConfigEpoch = strtoull10(cfgEpochS);
  // A peer's address may be a name (its announce-ip); an unresolved one is
  // still accepted and compared by name until the shell resolves it.
  const peer: Address = { host: ip, ip: ctx.lookupHost(ip) ?? '', port };
  const sameAddr = (inst: Instance): boolean => sameAddress(inst, peer);

  let si: Instance | null = null;
  const existing = master.sentinels.get(runid);
  if (existing && sameAddr(existing)) si = existing;

  if (si === null) {
    // Same run id at a new address: the sentinel moved (or restarted with a
    // new address). Only this master's entry is replaced; the entries under
    // other masters are moved to the new address below, so that they keep
    // their state and the peer is not forgotten there.
    let removed = 0;
    if (existing) {
      releaseLink(ctx, existing);
      master.sentinels.delete(runid);
      removed = 1;
    }
    if (removed > 0) {
      ctx.event('notice', '+sentinel-address-switch', master, master, `ip ${ip} port ${port} for ${runid}`);
    } else {
      // Another run id at this address is stale: that process is gone.
      for (const other of master.sentinels.values()) {
        if (sameAddr(other)) {
          ctx.event('notice', '+sentinel-invalid-addr', other, master);
          removeSentinelEverywhere(ctx, other.name);
          break;
        }
      }
    }
    const created = newInstance(ctx.newInstanceId(), 'sentinel', runid, ip, port, ctx.now);
    created.ip = peer.ip;
    created.runid = runid;
    tryLinkSharing(ctx, created, master);
    master.sentinels.set(runid, created);
    ctx.indexInstance(created, master);
    si = created;
    if (removed === 0) ctx.event('notice', '+sentinel', created, master);
    else {
      let updated = 0;
      for (const m of ctx.masters.values()) {
        const other = m.sentinels.get(runid);
        if (!other || other === created) continue;
        // Its link leads to the old address (the link the new record shares, if any).
        closeLinks(other);
        other.host = ip;
        other.ip = peer.ip;
        other.port = port;
        updated++;
      }
      if (updated > 0) ctx.event('notice', '+sentinel-address-update', created, master, `${updated} additional matching instances`);
    }
    // A peer missing from the file is found again from its next hello.
    ctx.flushConfig(false);
  }

  if (currentEpoch > ctx.currentEpoch) {
    ctx.currentEpoch = currentEpoch;
    ctx.flushConfig();
    ctx.event('warning', '+new-epoch', null, master, currentEpoch.toString());
  }

  if (master.configEpoch < masterConfigEpoch) {
    master.configEpoch = masterConfigEpoch;
    const newIp = ctx.lookupHost(masterIp);
    if (masterPort !== master.port || !addressMatchesHost(master, masterIp, newIp, ctx.resolveHostnames)) {
      const ann = (a: { host: string; ip: string }): string => announcedHost(a, ctx.announceHostnames);
      ctx.event('warning', '+config-update-from', si, master);
      ctx.event('warning', '+switch-master', null, master, `${master.name} ${ann(master)} ${master.port} ${masterIp} ${masterPort}`);
      const old = { host: ann(master), port: master.port };
      resetMasterAndChangeAddress(ctx, master, { host: masterIp, ip: newIp ?? '', port: masterPort }, closeLinks);
      if (master.clientReconfigScript) {
        ctx.emit({
          type: 'client-reconfig-script',
          path: master.clientReconfigScript,
          args: [master.name, 'observer', 'start', old.host, String(old.port), ann(master), String(master.port)],
        });
      }
    } else if (master.flags.failoverInProgress && masterConfigEpoch > master.failoverEpoch) {
      // The announced address is the one we still record, so there is no
      // switch (and no reset) to end our failover, but the configuration now
      // belongs to a newer epoch than ours. Redis 7.0 carries on, and a leader
      // that was stuck in reconf_slaves (TILT, cut off) then ends by timeout
      // and switches to its own promoted replica under the adopted epoch:
      // peers holding the same epoch never correct it, and its hellos spread
      // that address under that epoch. Our failover no longer owns the
      // configuration: abandon it, so that we never publish another address
      // under an epoch we did not win. (Never happens in a normal failover:
      // a newer config epoch comes with the address its promotion changed.)
      ctx.log('warning', `Failover of ${master.name} in epoch ${master.failoverEpoch} abandoned: config epoch ${masterConfigEpoch} adopted from a peer`);
      abortFailover(ctx, master);
    }
  }
  si.lastHelloTime = ctx.now;
}

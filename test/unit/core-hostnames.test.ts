import { describe, expect, it } from 'vitest';
import { addressMatchesHost, announcedHost, sameAddress } from '../../src/core/address';
import { currentMasterAddress } from '../../src/core/master';
import type { Output } from '../../src/core/output';
import type { PersistentState } from '../../src/core/persistent-state';
import { CoreDriver, PEER_A, masterSpec } from '../helpers/core-driver';
import type { Handler } from '../helpers/core-driver';

const HOST = 'redis-a.example';
const IP = '10.0.0.5';

function hostnames(resolve: boolean, announce: boolean): (st: PersistentState) => void {
  return (st) => {
    st.resolveHostnames = resolve;
    st.announceHostnames = announce;
  };
}

function outputsOf<T extends Output['type']>(d: CoreDriver, type: T, since = 0): Array<Extract<Output, { type: T }>> {
  return d.outputs
    .slice(since)
    .map((x) => x.o)
    .filter((o): o is Extract<Output, { type: T }> => o.type === type);
}

/** A master whose INFO lists the given replica addresses (hostnames allowed). */
function masterListing(replicas: Array<[string, number]>): Handler {
  return (cmd) => {
    const name = (cmd[0] ?? '').toUpperCase();
    if (name === 'PING') return 'PONG';
    if (name === 'INFO') {
      const lines = ['# Server', `run_id:${'0'.repeat(40)}`, '# Replication', 'role:master', `connected_slaves:${replicas.length}`];
      replicas.forEach(([h, p], i) => lines.push(`slave${i}:ip=${h},port=${p},state=online,offset=1,lag=0`));
      return `${lines.join('\r\n')}\r\n`;
    }
    return 'OK';
  };
}

describe('address rules', () => {
  it('compares by port and then by IP or case-insensitive hostname', () => {
    expect(sameAddress({ host: 'A.example', ip: '', port: 1 }, { host: 'a.EXAMPLE', ip: '', port: 1 })).toBe(true);
    expect(sameAddress({ host: 'a', ip: IP, port: 1 }, { host: 'b', ip: IP, port: 1 })).toBe(true);
    expect(sameAddress({ host: 'a', ip: IP, port: 1 }, { host: 'a', ip: IP, port: 2 })).toBe(false);
    // Two unresolved names are not the same machine just because neither has an IP.
    expect(sameAddress({ host: 'a', ip: '', port: 1 }, { host: 'b', ip: '', port: 1 })).toBe(false);
  });

  it('announces the hostname only when asked, and the name while no IP is known', () => {
    expect(announcedHost({ host: HOST, ip: IP }, true)).toBe(HOST);
    expect(announcedHost({ host: HOST, ip: IP }, false)).toBe(IP);
    expect(announcedHost({ host: HOST, ip: '' }, false)).toBe(HOST);
  });

  it('matches a reported host by its resolution, else by name (resolve-hostnames) or IP', () => {
    const a = { host: HOST, ip: IP };
    expect(addressMatchesHost(a, 'other-name', IP, true)).toBe(true);
    expect(addressMatchesHost(a, 'REDIS-A.example', null, true)).toBe(true);
    expect(addressMatchesHost(a, HOST, null, false)).toBe(false);
    expect(addressMatchesHost(a, IP, null, false)).toBe(true);
  });
});

describe('hostnames in the core', () => {
  it('plain IP setups never ask for DNS', () => {
    const d = new CoreDriver({ edit: hostnames(true, true) });
    d.handlers.set(6379, masterListing([['127.0.0.1', 6380]]));
    d.run(11000);
    expect(outputsOf(d, 'resolve')).toEqual([]);
    expect(d.master.ip).toBe('127.0.0.1');
    expect([...d.master.slaves.keys()]).toEqual(['127.0.0.1:6380']);
  });

  it('resolves a configured hostname through the shell and keeps the name for display', () => {
    const d = new CoreDriver({ masters: [masterSpec({ host: HOST })], edit: hostnames(true, true) });
    expect(outputsOf(d, 'resolve')).toEqual([{ type: 'resolve', host: HOST }]);
    expect(d.master.ip).toBe('');
    d.handlers.set(6379, masterListing([]));
    d.tick();
    // Unresolved: the socket layer gets the name.
    expect(outputsOf(d, 'connect')[0]).toMatchObject({ host: HOST, port: 6379 });
    d.input((c, now) => c.resolved(HOST, IP, now));
    expect(d.master.ip).toBe(IP);
    expect(currentMasterAddress(d.master, true)).toEqual({ host: HOST, port: 6379 });
    expect(currentMasterAddress(d.master, false)).toEqual({ host: IP, port: 6379 });
    // Reconnections go to the resolved IP and re-resolve the name.
    const from = d.outputs.length;
    d.crash(6379);
    d.restart(6379);
    d.run(2000);
    expect(outputsOf(d, 'connect', from)[0]).toMatchObject({ host: IP });
    expect(outputsOf(d, 'resolve', from)).toEqual([{ type: 'resolve', host: HOST }]);
  });

  it('follows a name that moves to another IP, and keeps the old IP when DNS fails', () => {
    const d = new CoreDriver({ masters: [masterSpec({ host: HOST })], edit: hostnames(true, false) });
    d.input((c, now) => c.resolved(HOST, IP, now));
    d.input((c, now) => c.resolved(HOST.toUpperCase(), '10.0.0.6', now));
    expect(d.master.ip).toBe('10.0.0.6');
    d.input((c, now) => c.resolved(HOST, null, now));
    expect(d.master.ip).toBe('10.0.0.6');
    expect(d.logs()).not.toContain(`Failed to resolve hostname '${HOST}'`);
    // A failed answer to the core's own request (a reconnection) is logged.
    d.crash(6379);
    d.restart(6379);
    d.run(2000);
    d.input((c, now) => c.resolved(HOST, null, now));
    expect(d.master.ip).toBe('10.0.0.6');
    expect(d.logs()).toContain(`Failed to resolve hostname '${HOST}'`);
  });

  it('MONITOR takes names only with resolve-hostnames, once they resolved', () => {
    const off = new CoreDriver({ masters: [], edit: hostnames(false, false) });
    const monitor = ['sentinel', 'monitor', 'm', HOST, '6379', '1'];
    const offReply = off.input((c, now) => c.command(monitor, {}, now));
    expect(offReply.kind === 'reply' && offReply.reply).toEqual({ t: 'error', s: 'ERR Invalid IP address or hostname specified' });
    const on = new CoreDriver({ masters: [], edit: hostnames(true, true) });
    on.input((c, now) => c.resolved(HOST, IP, now));
    expect(on.input((c, now) => c.command(monitor, {}, now))).toEqual({ kind: 'resolve', host: HOST });
    const onReply = on.input((c, now) => c.command(monitor, { resolved: { host: HOST, ip: IP } }, now));
    expect(onReply.kind === 'reply' && [onReply.reply, onReply.save, onReply.afterReply]).toEqual([
      { t: 'status', s: 'OK' },
      'now',
      { type: 'announce-monitor', master: 'm' },
    ]);
    const m = on.core.masters.get('m');
    expect([m?.host, m?.ip]).toEqual([HOST, IP]);
    on.input((c) => c.announceMonitor('m'));
    expect(on.events().map((e) => `${e.channel} ${e.payload}`)).toContain(`+monitor master m ${HOST} 6379 quorum 1`);
  });

  it('discovers replicas announced by name once the name resolves, keyed by the announced form', () => {
    const d = new CoreDriver({ edit: hostnames(true, true) });
    d.handlers.set(6379, masterListing([['replica-1.example', 6380]]));
    d.tick();
    expect(d.master.slaves.size).toBe(0);
    expect(outputsOf(d, 'resolve')).toEqual([{ type: 'resolve', host: 'replica-1.example' }]);
    d.input((c, now) => c.resolved('replica-1.example', '10.0.0.7', now));
    const r = d.master.slaves.get('replica-1.example:6380');
    expect([r?.host, r?.ip]).toEqual(['replica-1.example', '10.0.0.7']);
    expect(d.channels()).toContain('+slave');
    const ev = d.events().find((e) => e.channel === '+slave');
    expect(ev?.payload).toBe('slave replica-1.example:6380 replica-1.example 6380 @ mymaster 127.0.0.1 6379');
  });

  it('keys replicas by IP when names are resolved but not announced', () => {
    const d = new CoreDriver({ edit: hostnames(true, false) });
    d.input((c, now) => c.resolved('replica-1.example', '10.0.0.7', now));
    d.handlers.set(6379, masterListing([['replica-1.example', 6380]]));
    d.tick();
    expect([...d.master.slaves.keys()]).toEqual(['10.0.0.7:6380']);
  });

  it('ignores replicas announced by name without resolve-hostnames', () => {
    const d = new CoreDriver({ edit: hostnames(false, false) });
    d.handlers.set(6379, masterListing([['replica-1.example', 6380]]));
    d.tick();
    expect(d.master.slaves.size).toBe(0);
    expect(outputsOf(d, 'resolve')).toEqual([]);
    expect(d.logs()).toContain("Failed to resolve hostname 'replica-1.example'");
  });

  it('answers IS-MASTER-DOWN-BY-ADDR asked by name or by IP', () => {
    const d = new CoreDriver({ masters: [masterSpec({ host: HOST })], edit: hostnames(true, true) });
    d.input((c, now) => c.resolved(HOST, IP, now));
    d.master.flags.sDown = true;
    const ask = (h: string): boolean => d.input((c, now) => c.isMasterDownByAddr(h, 6379, 0n, '*', now)).down;
    expect(ask('REDIS-A.example')).toBe(true);
    expect(ask(IP)).toBe(true);
    expect(ask('10.0.0.9')).toBe(false);
    const off = new CoreDriver({ edit: hostnames(false, false) });
    off.master.flags.sDown = true;
    expect(off.input((c, now) => c.isMasterDownByAddr('localhost', 6379, 0n, '*', now)).down).toBe(false);
    expect(off.logs()).toContain("Failed to resolve hostname 'localhost'");
  });

  it('sends the announced name in IS-MASTER-DOWN-BY-ADDR and hellos', () => {
    const d = new CoreDriver({
      masters: [masterSpec({ host: HOST, knownSentinels: [{ host: '127.0.0.1', port: 26380, runid: PEER_A }] })],
      edit: hostnames(true, true),
    });
    d.input((c, now) => c.resolved(HOST, IP, now));
    d.handlers.set(6379, masterListing([]));
    d.handlers.set(26380, (cmd) => ((cmd[0] ?? '').toUpperCase() === 'PING' ? 'PONG' : 'OK'));
    d.run(3000);
    const hellos = d.sent().filter((s) => s.cmd[0] === 'PUBLISH');
    expect(hellos.length).toBeGreaterThan(0);
    expect(hellos[0]?.cmd[2]?.split(',').slice(4, 7)).toEqual(['mymaster', HOST, '6379']);
    d.crash(6379);
    d.run(7000);
    expect(d.master.flags.sDown).toBe(true);
    const asks = d.sent().filter((s) => s.cmd[0] === 'SENTINEL');
    expect(asks[0]?.cmd.slice(1, 4)).toEqual(['is-master-down-by-addr', HOST, '6379']);
  });

  it('takes a hello naming the master by another name of the same IP as no change', () => {
    const d = new CoreDriver({ masters: [masterSpec({ host: HOST })], edit: hostnames(true, false) });
    d.input((c, now) => c.resolved(HOST, IP, now));
    d.input((c, now) => c.resolved('alias.example', IP, now));
    d.input((c, now) => c.publishedHello(['127.0.0.1', 26380, PEER_A, 1, 'mymaster', 'alias.example', 6379, 1].join(','), now));
    expect(d.channels()).not.toContain('+switch-master');
    expect(d.master.configEpoch).toBe(1n);
    expect(d.master.host).toBe(HOST);
  });

  it('writes the announced form to the config file', () => {
    const spec = masterSpec({ host: HOST, knownReplicas: [{ host: 'replica-1.example', port: 6380 }] });
    const d = new CoreDriver({ masters: [spec], edit: hostnames(true, true) });
    d.input((c, now) => c.resolved(HOST, IP, now));
    d.input((c, now) => c.resolved('replica-1.example', '10.0.0.7', now));
    const on = d.core.snapshot().masters[0];
    expect([on?.host, on?.knownReplicas]).toEqual([HOST, [{ host: 'replica-1.example', port: 6380 }]]);
    d.input((c, now) => c.command(['sentinel', 'config', 'set', 'announce-hostnames', 'no'], {}, now));
    const off = d.core.snapshot().masters[0];
    expect([off?.host, off?.knownReplicas]).toEqual([IP, [{ host: '10.0.0.7', port: 6380 }]]);
  });
});

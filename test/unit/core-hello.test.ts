import { describe, expect, it } from 'vitest';
import type { MasterSpec } from '../../src/core/persistent-state';
import { helloRunidIs } from '../../src/core/hello';
import { CoreDriver, MYID, PEER_A, PEER_B, fakeRedis, masterSpec, redisHandler } from '../helpers/core-driver';

const S1 = '1'.repeat(40);
const S2 = '2'.repeat(40);
const S3 = '3'.repeat(40);

function hello(ip: string, port: number, runid: string, epoch: number | string, name: string, mip: string, mport: number, cfg: number | string): string {
  return [ip, port, runid, epoch, name, mip, mport, cfg].join(',');
}

/** Publishes hellos to the core and returns the events (and flushes) they caused, in order. */
function publish(d: CoreDriver, ...payloads: string[]): string[] {
  const before = d.outputs.length;
  for (const p of payloads) d.input((c, now) => c.publishedHello(p, now));
  return d.outputs
    .slice(before)
    .flatMap(({ o }) => (o.type === 'event' ? [`${o.channel} ${o.payload}`] : o.type === 'flush' ? ['flush'] : []));
}

function sentinelsOf(d: CoreDriver, name: string): string[] {
  return [...(d.core.masters.get(name)?.sentinels.values() ?? [])].map((s) => `${s.runid}@${s.port}`);
}

describe('hello processing', () => {
  it('reproduces the observed 7.0.15 sequence: address switch, invalid address, config update', () => {
    const d = new CoreDriver({
      masters: [
        masterSpec({
          name: 'solo',
          port: 44003,
          knownSentinels: [
            { host: '127.0.0.1', port: 44095, runid: S1 },
            { host: '127.0.0.1', port: 44097, runid: S2 },
          ],
        }),
      ],
    });
    expect(
      publish(
        d,
        hello('127.0.0.1', 44096, S1, 0, 'solo', '127.0.0.1', 44003, 0),
        hello('127.0.0.1', 44097, S3, 0, 'solo', '127.0.0.1', 44003, 0),
        hello('127.0.0.1', 44096, S1, 6, 'solo', '127.0.0.1', 44001, 6),
      ).filter((x) => x !== 'flush'),
    ).toEqual([
      `+sentinel-address-switch master solo 127.0.0.1 44003 ip 127.0.0.1 port 44096 for ${S1}`,
      `+sentinel-invalid-addr sentinel ${S2} 127.0.0.1 44097 @ solo 127.0.0.1 44003`,
      `+sentinel sentinel ${S3} 127.0.0.1 44097 @ solo 127.0.0.1 44003`,
      '+new-epoch 6',
      `+config-update-from sentinel ${S1} 127.0.0.1 44096 @ solo 127.0.0.1 44003`,
      '+switch-master solo 127.0.0.1 44003 127.0.0.1 44001',
      '+slave slave 127.0.0.1:44003 127.0.0.1 44003 @ solo 127.0.0.1 44001',
    ]);
    const m = d.core.masters.get('solo');
    expect([m?.host, m?.port, m?.configEpoch]).toEqual(['127.0.0.1', 44001, 6n]);
    expect(d.core.currentEpoch).toBe(6n);
    expect(sentinelsOf(d, 'solo').sort()).toEqual([`${S1}@44096`, `${S3}@44097`]);
  });

  it('a new sentinel is added and the config flushed', () => {
    const d = new CoreDriver();
    expect(publish(d, hello('127.0.0.1', 26380, PEER_A, 0, 'mymaster', '127.0.0.1', 6379, 0))).toEqual([
      `+sentinel sentinel ${PEER_A} 127.0.0.1 26380 @ mymaster 127.0.0.1 6379`,
      'flush',
    ]);
    // Hearing it again changes nothing but its hello time.
    const heardAt = d.master.sentinels.get(PEER_A)?.lastHelloTime;
    d.tick();
    expect(publish(d, hello('127.0.0.1', 26380, PEER_A, 0, 'mymaster', '127.0.0.1', 6379, 0))).toEqual([]);
    expect(d.master.sentinels.get(PEER_A)?.lastHelloTime).toBe((heardAt ?? 0) + 100);
  });

  it.each([
    ['7 fields', '127.0.0.1,26380,' + PEER_A + ',0,mymaster,127.0.0.1,6379'],
    ['9 fields', '127.0.0.1,26380,' + PEER_A + ',0,mymaster,127.0.0.1,6379,0,x'],
    ['an unknown master', hello('127.0.0.1', 26380, PEER_A, 5, 'other', '127.0.0.1', 6390, 5)],
  ])('ignores a hello with %s', (_n, payload) => {
    const d = new CoreDriver();
    expect(publish(d, payload)).toEqual([]);
    expect(d.core.currentEpoch).toBe(0n);
    expect(d.master.sentinels.size).toBe(0);
  });

  it.each([
    { name: 'newer config, same address: epoch adopted, no switch', cur: 0n, ours: 0n, cfg: 3, port: 6379, events: ['+new-epoch 3'], wantPort: 6379, wantCfg: 3n },
    { name: 'newer config, new address: switch', cur: 0n, ours: 0n, cfg: 3, port: 6380, events: ['+new-epoch 3', 'config', '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380', '+slave'], wantPort: 6380, wantCfg: 3n },
    { name: 'same config epoch, other address: ignored', cur: 3n, ours: 3n, cfg: 3, port: 6380, events: [], wantPort: 6379, wantCfg: 3n },
    { name: 'older config epoch: ignored', cur: 5n, ours: 3n, cfg: 2, port: 6380, events: [], wantPort: 6379, wantCfg: 3n },
  ])('$name', ({ cur, ours, cfg, port, events, wantPort, wantCfg }) => {
    const d = new CoreDriver({ currentEpoch: cur, masters: [masterSpec({ configEpoch: ours })] });
    const got = publish(d, hello('127.0.0.1', 26380, PEER_A, cfg, 'mymaster', '127.0.0.1', port, cfg))
      .filter((x) => x !== 'flush' && !x.startsWith('+sentinel '))
      .map((x) => (x.startsWith('+config-update-from') ? 'config' : x.startsWith('+slave ') ? '+slave' : x));
    expect(got).toEqual(events);
    expect(d.master.port).toBe(wantPort);
    expect(d.master.configEpoch).toBe(wantCfg);
  });

  it('a switch learnt from a hello reconnects to the new address and runs the reconfig script as observer', () => {
    const d = new CoreDriver({ masters: [masterSpec({ clientReconfigScript: '/bin/reconf' })] });
    d.handlers.set(6379, redisHandler(fakeRedis()));
    d.handlers.set(6380, redisHandler(fakeRedis()));
    d.tick();
    const before = d.outputs.length;
    d.input((c, now) => c.publishedHello(hello('127.0.0.1', 26380, PEER_A, 1, 'mymaster', '127.0.0.1', 6380, 1), now));
    // Reconnections are paced: at most one attempt per ping period.
    d.run(1000);
    const outs = d.outputs.slice(before).map(({ o }) => o);
    const id = d.master.id;
    expect(outs.filter((o) => (o.type === 'close' || o.type === 'connect') && o.id === id).map((o) => (o.type === 'connect' ? `connect ${o.link} ${o.port}` : `${o.type}`))).toEqual([
      'close',
      'close',
      'connect cmd 6380',
      'connect pubsub 6380',
    ]);
    expect(outs.filter((o) => o.type === 'client-reconfig-script')).toEqual([
      { type: 'client-reconfig-script', path: '/bin/reconf', args: ['mymaster', 'observer', 'start', '127.0.0.1', '6379', '127.0.0.1', '6380'] },
    ]);
  });

  it('an address switch keeps the sentinel known under the other masters, at its new address', () => {
    const peers = [{ host: '127.0.0.1', port: 26380, runid: PEER_A }];
    const specs: MasterSpec[] = [masterSpec({ name: 'm1', knownSentinels: peers }), masterSpec({ name: 'm2', port: 6390, knownSentinels: peers })];
    const d = new CoreDriver({ masters: specs });
    const other = d.core.masters.get('m2')?.sentinels.get(PEER_A);
    expect(publish(d, hello('127.0.0.1', 26390, PEER_A, 0, 'm1', '127.0.0.1', 6379, 0))).toEqual([
      `+sentinel-address-switch master m1 127.0.0.1 6379 ip 127.0.0.1 port 26390 for ${PEER_A}`,
      `+sentinel-address-update sentinel ${PEER_A} 127.0.0.1 26390 @ m1 127.0.0.1 6379 1 additional matching instances`,
      'flush',
    ]);
    expect(sentinelsOf(d, 'm1')).toEqual([`${PEER_A}@26390`]);
    expect(sentinelsOf(d, 'm2')).toEqual([`${PEER_A}@26390`]);
    expect(d.core.masters.get('m2')?.sentinels.get(PEER_A)).toBe(other);
  });

  it('our own hellos coming back on a pub/sub link are ignored', () => {
    const d = new CoreDriver();
    const before = d.outputs.length;
    d.input((c, now) => c.pubsubMessage(d.master.id, '__sentinel__:hello', hello('127.0.0.1', 26379, MYID, 9, 'mymaster', '127.0.0.1', 6380, 9), now));
    expect(d.outputs.slice(before)).toEqual([]);
    expect(d.core.currentEpoch).toBe(0n);
    // ... but a peer's hello on the same link is processed.
    d.input((c, now) => c.pubsubMessage(d.master.id, '__sentinel__:hello', hello('127.0.0.1', 26381, PEER_B, 0, 'mymaster', '127.0.0.1', 6379, 0), now));
    expect(sentinelsOf(d, 'mymaster')).toEqual([`${PEER_B}@26381`]);
  });
});

describe('helloRunidIs', () => {
  it('answers as the third comma-separated field compared with the run id would', () => {
    const payloads = ['', 'a', 'a,b', 'a,b,', `a,b,${S1}`, `a,b,${S1},`, `a,b,${S1}x,1`, `a,b,x${S1},1`, `,,${S1},,,`, `a,b,${S1},0,m,1.2.3.4,6379,0`, `a,${S1},${S1}`, `${S1},${S1}`];
    for (const runid of [S1, '', 'a,b', ',']) {
      for (const p of payloads) expect(helloRunidIs(p, runid), `${JSON.stringify(p)} / ${JSON.stringify(runid)}`).toBe(p.split(',')[2] === runid);
    }
  });
});

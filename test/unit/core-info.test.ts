import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../src/core/info-refresh';
import { InfoText } from '../../src/core/info-text';
import { SimRedis } from '../sim/redis-sim';
import { CoreDriver, T0, fakeRedis, redisHandler } from '../helpers/core-driver';

const RUN_ID = '0123456789abcdef0123456789abcdef01234567';

describe('parseInfo', () => {
  it('reads a master with replicas in the key=value form', () => {
    const text = [
      '# Server',
      `run_id:${RUN_ID}`,
      '# Replication',
      'role:master',
      'connected_slaves:2',
      'slave0:ip=127.0.0.1,port=6380,state=online,offset=42,lag=0',
      'slave1:ip=10.0.0.2,port=6381,state=wait_bgsave,offset=0,lag=1',
      'master_repl_offset:42',
      '',
    ].join('\r\n');
    const p = parseInfo(text);
    expect(p.runid).toBe(RUN_ID);
    expect(p.role).toBe('master');
    expect(p.replicas).toEqual([
      { host: '127.0.0.1', port: 6380 },
      { host: '10.0.0.2', port: 6381 },
    ]);
  });

  it('reads the pre-2.8 form slaveN:<ip>,<port>,<state>', () => {
    const p = parseInfo('role:master\r\nslave0:127.0.0.1,6380,online\r\nslave1:10.0.0.2,6381,send_bulk\r\n');
    expect(p.replicas).toEqual([
      { host: '127.0.0.1', port: 6380 },
      { host: '10.0.0.2', port: 6381 },
    ]);
  });

  it('reads the replica fields', () => {
    const text = [
      'role:slave',
      'master_host:127.0.0.1',
      'master_port:6379',
      'master_link_status:down',
      'master_link_down_since_seconds:17',
      'slave_repl_offset:123456789012',
      'slave_priority:7',
      'replica_announced:0',
    ].join('\n');
    expect(parseInfo(text)).toMatchObject({
      role: 'slave',
      masterHost: '127.0.0.1',
      masterPort: 6379,
      masterLinkUp: false,
      masterLinkDownSinceSeconds: 17,
      slaveReplOffset: 123456789012n,
      slavePriority: 7,
      replicaAnnounced: false,
      replicas: [],
    });
  });

  it.each([
    ['run_id too short', 'run_id:abc', { runid: null }],
    ['no role line', 'foo:bar', { role: null }],
    ['link up', 'master_link_status:up', { masterLinkUp: true }],
    ['a slave line without ip or port', 'slave0:state=online', { replicas: [] }],
    ['an empty reply', '', { role: null, runid: null, replicas: [] }],
    ['only line ends', '\r\n\n', { role: null, runid: null, replicas: [] }],
    ['the last line, before a final line end', 'foo:1\r\nrole:slave\r\n', { role: 'slave' }],
    ['the last line, without a final line end', 'foo:1\r\nrole:slave', { role: 'slave' }],
  ])('%s', (_n, text, want) => {
    expect(parseInfo(text)).toMatchObject(want);
  });
});

describe('INFO refresh', () => {
  it.each([false, true])('discovers replicas from the master INFO (old form: %s) with +slave and a flush', (oldForm) => {
    const d = new CoreDriver();
    const sim = new SimRedis(6379, RUN_ID, 'master', T0);
    sim.oldSlaveFormat = oldForm;
    const lines = [
      { host: '127.0.0.1', port: 6380, state: 'online' as const, offset: 10 },
      { host: '127.0.0.1', port: 6381, state: 'online' as const, offset: 10 },
    ];
    d.handlers.set(6379, (cmd, now) => ((cmd[0] ?? '') === 'INFO' ? sim.info(lines, now) : 'PONG'));
    d.tick();
    const from = d.outputs.findIndex(({ o }) => o.type === 'event' && o.channel === '+slave');
    const after = d.outputs.slice(from).map(({ o }) => (o.type === 'event' ? `${o.channel} ${o.payload}` : o.type)).filter((x) => x.startsWith('+slave') || x === 'flush');
    expect(after).toEqual([
      '+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
      'flush',
      '+slave slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster 127.0.0.1 6379',
      'flush',
    ]);
    expect([...d.master.slaves.keys()]).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    expect(d.master.runid).toBe(RUN_ID);
  });

  it("stores a replica's own view: master address, link, priority, offset", () => {
    const d = new CoreDriver();
    d.handlers.set(6379, redisHandler(fakeRedis({ replicas: [6380] })));
    const r = fakeRedis({ role: 'slave', priority: 5, offset: 777, linkUp: false });
    r.extra.push('master_link_down_since_seconds:3');
    d.handlers.set(6380, redisHandler(r));
    d.run(300);
    const s = d.slave(6380);
    expect(s.slaveMasterHost).toBe('127.0.0.1');
    expect(s.slaveMasterPort).toBe(6379);
    expect(s.slaveMasterLinkUp).toBe(false);
    expect(s.slavePriority).toBe(5);
    expect(s.slaveReplOffset).toBe(777n);
    expect(s.masterLinkDownTime).toBe(3000);
    expect(s.roleReported).toBe('slave');
  });

  it('+reboot when the run id changes; +/-role-change when the reported role changes', () => {
    const d = new CoreDriver();
    const r = fakeRedis({ runId: RUN_ID });
    d.handlers.set(6379, redisHandler(r));
    d.run(1000);
    r.runId = 'f'.repeat(40);
    r.role = 'slave';
    d.run(10_500);
    expect(d.events().filter((e) => e.level !== 'debug').map((e) => `${e.level} ${e.channel} ${e.payload}`)).toEqual([
      'notice +reboot master mymaster 127.0.0.1 6379',
      'verbose -role-change master mymaster 127.0.0.1 6379 new reported role is slave',
    ]);
    expect(d.master.runid).toBe('f'.repeat(40));
  });
});

describe('InfoText', () => {
  const bytes = (n: number, from: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode((from + i) % 256)).join('');

  it('gives back every byte of each text it is given, as it grows and shrinks', () => {
    const t = new InfoText(bytes(300, 0));
    expect(t.text()).toBe(bytes(300, 0));
    for (const n of [5000, 5003, 4990, 70000, 100, 0, 256]) {
      t.set(bytes(n, n));
      expect(t.text()).toBe(bytes(n, n));
    }
  });
});

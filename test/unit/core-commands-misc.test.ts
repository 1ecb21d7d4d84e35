import { describe, expect, it } from 'vitest';
import { OK, T, commandCore, err, eventsOf, fields, replyOf, run } from './core-commands-helpers';

const SAVE_FAILED = err('ERR Failed to save config file. Check server logs.');
const NO_MASTER = err('ERR No such master with that name');

describe('SENTINEL MONITOR in the core', () => {
  it.each([
    ['sentinel monitor m 127.0.0.1 6380 x', 'ERR Invalid quorum'],
    ['sentinel monitor m 127.0.0.1 x 1', 'ERR Invalid port'],
    ['sentinel monitor m 127.0.0.1 6380 0', 'ERR Quorum must be 1 or greater.'],
    ['sentinel monitor m 127.0.0.1 70000 1', 'ERR Invalid port number.'],
    ['sentinel monitor mymaster 127.0.0.1 6380 1', 'ERR Duplicate master name.'],
    ['sentinel monitor m some.host 6380 1', 'ERR Invalid IP address or hostname specified'],
  ])('%s → %s', (line, text) => {
    const o = replyOf(run(commandCore(), line));
    expect([o.reply, o.save]).toEqual([err(text), 'none']);
  });

  it('adds the master with the DEBUG defaults, saves, and announces +monitor only after the reply', () => {
    const c = commandCore();
    run(c, 'sentinel debug default-down-after 7777');
    const o = replyOf(run(c, 'sentinel monitor m 127.0.0.1 6380 1'));
    expect([o.reply, o.save, o.saveFailed, o.afterReply]).toEqual([OK, 'now', SAVE_FAILED, { type: 'announce-monitor', master: 'm' }]);
    expect(c.masters.get('m')?.downAfterMs).toBe(7777);
    expect(eventsOf(c)).toEqual([]);
    c.announceMonitor('m');
    expect(eventsOf(c)).toEqual(['+monitor master m 127.0.0.1 6380 quorum 1']);
  });

  it('asks for DNS with resolve-hostnames, then decides with the answer', () => {
    const c = commandCore((st) => void (st.resolveHostnames = true));
    const line = 'sentinel monitor m db.example 6380 1';
    expect(run(c, line)).toEqual({ kind: 'resolve', host: 'db.example' });
    const failed = replyOf(run(c, line, T + 2000, { resolved: { host: 'db.example', ip: null } }));
    expect(failed.reply).toEqual(err('ERR Invalid IP address or hostname specified'));
    c.resolved('db.example', '10.0.0.9', T + 3000);
    const done = replyOf(run(c, line, T + 3000, { resolved: { host: 'db.example', ip: '10.0.0.9' } }));
    expect(done.reply).toEqual(OK);
    expect(c.masters.get('m')?.ip).toBe('10.0.0.9');
  });
});

describe('the other state-changing subcommands', () => {
  it('REMOVE forgets the master, emits -monitor and saves', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel remove nosuch')).reply).toEqual(NO_MASTER);
    const o = replyOf(run(c, 'sentinel remove mymaster'));
    expect([o.reply, o.save, o.saveFailed]).toEqual([OK, 'now', SAVE_FAILED]);
    expect(c.masters.size).toBe(0);
    expect(eventsOf(c)).toEqual(['-monitor master mymaster 127.0.0.1 6379']);
  });

  it('RESET counts the masters matching the pattern and saves nothing', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel reset my*'))).toMatchObject({ reply: { t: 'int', n: 1 }, save: 'none' });
    expect(replyOf(run(c, 'sentinel reset other*')).reply).toEqual({ t: 'int', n: 0 });
  });

  it('FAILOVER refuses an unknown master and a master without a good replica', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel failover nosuch')).reply).toEqual(NO_MASTER);
    expect(replyOf(run(c, 'sentinel failover mymaster')).reply).toEqual(err('NOGOODSLAVE No suitable replica to promote'));
  });

  it('FLUSHCONFIG only asks for the write', () => {
    expect(replyOf(run(commandCore(), 'sentinel flushconfig'))).toEqual({ kind: 'reply', reply: OK, save: 'now', saveFailed: SAVE_FAILED, afterReply: null });
  });

  it('CONFIG SET validates, applies and saves; GET lists by pattern', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel config set nosuch 1')).reply).toEqual(err("ERR Invalid argument 'nosuch' to SENTINEL CONFIG SET"));
    expect(replyOf(run(c, 'sentinel config set announce-port x')).reply).toEqual(err("ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'"));
    expect(replyOf(run(c, 'sentinel config set announce-port 5000')).save).toBe('now');
    expect(fields(replyOf(run(c, 'sentinel config get announce-p*')).reply)).toEqual([['announce-port', '5000']]);
    expect(replyOf(run(c, 'sentinel config rewrite')).reply).toEqual(
      err('ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.'),
    );
  });

  it('CONFIG SET takes pairs all or nothing, with 7.2\'s checks in order; GET takes patterns, each parameter once', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel config set announce-port 111')).save).toBe('now');
    expect(replyOf(run(c, 'sentinel config set nosuch yes announce-port 1234')).reply).toEqual(err("ERR Invalid argument 'nosuch' to SENTINEL CONFIG SET"));
    expect(replyOf(run(c, 'sentinel config set announce-port 1 ANNOUNCE-PORT 2')).reply).toEqual(err("ERR Duplicate argument 'ANNOUNCE-PORT' to SENTINEL CONFIG SET"));
    expect(replyOf(run(c, 'sentinel config set announce-port 1 announce-ip')).reply).toEqual(err("ERR Missing argument 'announce-ip' value"));
    expect(replyOf(run(c, 'sentinel config set announce-port 1 loglevel loud')).reply).toEqual(err("ERR Invalid value 'loud' to SENTINEL CONFIG SET 'loglevel'"));
    expect(c.announcePort).toBe(111);
    const done = run(c, 'sentinel config set loglevel NOTHING announce-port 1234');
    expect(replyOf(done).save).toBe('now');
    expect(c.loglevel).toBe('nothing');
    expect(fields(replyOf(run(c, 'sentinel config get log* *level announce-port loglevel nosuch')).reply)).toEqual([
      ['loglevel', 'nothing'],
      ['announce-port', '1234'],
    ]);
  });

  it('MASTER shows a master in its reboot window with 7.2\'s master_reboot flag', () => {
    const c = commandCore();
    const m = c.masters.get('mymaster');
    if (m === undefined) throw new Error('no mymaster');
    m.flags.masterReboot = true;
    expect(fields(replyOf(run(c, 'sentinel master mymaster')).reply)).toContainEqual(['flags', 'master,disconnected,master_reboot']);
  });

  it('DEBUG sets timings left to right and stops at the first bad pair', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel debug ping-period 500 tilt-period 0')).reply).toEqual(err("ERR Invalid argument '0' for SENTINEL DEBUG 'tilt-period'"));
    expect(c.timing.pingPeriod).toBe(500);
    expect(replyOf(run(c, 'sentinel debug ping-period')).reply).toEqual(err("ERR Unknown option or number of arguments for SENTINEL DEBUG 'ping-period'"));
    expect(replyOf(run(c, 'sentinel debug nosuch 1')).reply).toEqual(err("ERR Unknown option or number of arguments for SENTINEL DEBUG 'nosuch'"));
  });

  it('SIMULATE-FAILURE resets the flags, then sets them; INFO shows them', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel simulate-failure crash-after-promotion')).reply).toEqual(OK);
    expect(replyOf(run(c, 'sentinel simulate-failure crash-after-election nosuch')).reply).toEqual(err('ERR Unknown failure simulation specified'));
    expect(c.simulateFailure).toEqual({ crashAfterElection: true, crashAfterPromotion: false });
    const info = replyOf(run(c, 'info sentinel')).reply;
    expect(info.t === 'bulk' && info.s.split('\r\n')).toContain('sentinel_simulate_failure_flags:1');
  });

  it('IS-MASTER-DOWN-BY-ADDR checks its numbers and makes the reply wait for the vote on disk', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel is-master-down-by-addr 127.0.0.1 x 1 *')).reply).toEqual(err('ERR value is not an integer or out of range'));
    const o = replyOf(run(c, `sentinel is-master-down-by-addr 127.0.0.1 6379 1 ${'b'.repeat(40)}`));
    expect(o.save).toBe('durable');
    expect(o.reply).toEqual({ t: 'array', items: [{ t: 'int', n: 0 }, { t: 'bulk', s: 'b'.repeat(40) }, { t: 'int', n: 1n }] });
    expect(c.drain().some((x) => x.type === 'flush' && x.durable)).toBe(true);
  });
});

describe('the reading subcommands, ROLE and INFO', () => {
  it('GET-MASTER-ADDR-BY-NAME answers a null array for an unknown master', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel get-master-addr-by-name nosuch')).reply).toEqual({ t: 'nullarray' });
    expect(replyOf(run(c, 'sentinel get-master-addr-by-name mymaster')).reply).toEqual({
      t: 'array',
      items: [{ t: 'bulk', s: '127.0.0.1' }, { t: 'bulk', s: '6379' }],
    });
  });

  it('MASTER shows times relative to the command\'s now', () => {
    const c = commandCore();
    expect(fields(replyOf(run(c, 'sentinel master mymaster', T + 4321)).reply)).toContainEqual(['last-ok-ping-reply', '4321']);
  });

  it('CKQUORUM, MYID, ROLE, INFO-CACHE', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel ckquorum mymaster')).reply).toMatchObject({ t: 'error', s: expect.stringMatching(/^NOQUORUM 1 usable Sentinels/) });
    expect(replyOf(run(c, 'sentinel myid')).reply).toEqual({ t: 'bulk', s: 'a'.repeat(40) });
    expect(replyOf(run(c, 'ROLE')).reply).toEqual({ t: 'array', items: [{ t: 'bulk', s: 'sentinel' }, { t: 'array', items: [{ t: 'bulk', s: 'mymaster' }] }] });
    expect(replyOf(run(c, 'sentinel info-cache mymaster mymaster nosuch')).reply).toEqual({
      t: 'array',
      items: [{ t: 'bulk', s: 'mymaster' }, { t: 'array', items: [{ t: 'array', items: [{ t: 'int', n: 0 }, { t: 'null' }] }] }],
    });
  });

  it('PENDING-SCRIPTS lists the queue it is given, timed by now', () => {
    const job = { argv: ['/x.sh', '+sdown'], running: false, pid: 0, startTime: 0, retryNum: 1, notBefore: T + 1500 };
    const o = replyOf(run(commandCore(), 'sentinel pending-scripts', T + 1000, { scripts: { running: 0, queued: 1, jobs: [job] } }));
    if (o.reply.t !== 'array' || o.reply.items[0] === undefined) throw new Error('no job listed');
    expect(fields({ t: 'map', entries: o.reply.items[0].t === 'map' ? o.reply.items[0].entries.filter(([k]) => k.t === 'bulk' && k.s !== 'argv') : [] })).toEqual([
      ['flags', 'scheduled'],
      ['pid', '0'],
      ['run-delay', '500'],
      ['retry-num', '1'],
    ]);
  });

  it('a command the table does not know is a broken invariant, not a reply', () => {
    expect(() => run(commandCore(), 'sentinel nosuch')).toThrow(/no 'sentinel nosuch'/);
  });
});

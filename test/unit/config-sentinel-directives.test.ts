import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse';
import type { ParsedConfig, ParseFailure } from '../../src/config/parse';
import { memConfigFs } from '../helpers/mem-config-fs';

const fs = memConfigFs({ executables: ['/srv/notify.sh', '/srv/reconf.sh'] });

function parse(text: string, extra: string[] = []) {
  return parseConfig(text, extra, { fs, cwd: '/srv' });
}

function ok(text: string, extra: string[] = []): ParsedConfig {
  const r = parse(text, extra);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function failure(text: string, extra: string[] = []): ParseFailure {
  const r = parse(text, extra);
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

function fatal(text: string, extra: string[] = []) {
  const f = failure(text, extra);
  if (f.kind !== 'fatal-config') throw new Error(`expected fatal-config, got ${f.kind}`);
  return f.error;
}

const MON = 'sentinel monitor m 127.0.0.1 6379 2\n';

describe('sentinel directive errors (every message)', () => {
  const cases: Array<[string, string]> = [
    ['sentinel monitor m 127.0.0.1 6379 0', 'Quorum must be 1 or greater.'],
    ['sentinel monitor m 127.0.0.1 6379 -1', 'Quorum must be 1 or greater.'],
    ['sentinel monitor m 127.0.0.1 6379 abc', 'Quorum must be 1 or greater.'],
    ['sentinel monitor m 127.0.0.1 65536 2', 'Invalid port number.'],
    ['sentinel monitor m 127.0.0.1 -1 2', 'Invalid port number.'],
    ['sentinel monitor m redis.example 6379 2', "Can't resolve instance hostname."],
    [`${MON}sentinel monitor m 127.0.0.2 6380 2`, 'Duplicate master name.'],
    ['sentinel down-after-milliseconds nope 1000', 'No such master with specified name.'],
    [`${MON}sentinel down-after-milliseconds m 0`, 'negative or zero time parameter.'],
    [`${MON}sentinel down-after-milliseconds m abc`, 'negative or zero time parameter.'],
    [`${MON}sentinel failover-timeout m -5`, 'negative or zero time parameter.'],
    ['sentinel failover-timeout nope 1000', 'No such master with specified name.'],
    ['sentinel parallel-syncs nope 1', 'No such master with specified name.'],
    [`${MON}sentinel notification-script m /srv/missing.sh`, 'Notification script seems non existing or non executable.'],
    [`${MON}sentinel client-reconfig-script m /srv/missing.sh`, 'Client reconfiguration script seems non existing or non executable.'],
    ['sentinel notification-script nope /srv/notify.sh', 'No such master with specified name.'],
    ['sentinel client-reconfig-script nope /srv/reconf.sh', 'No such master with specified name.'],
    ['sentinel auth-pass nope pw', 'No such master with specified name.'],
    ['sentinel auth-user nope u', 'No such master with specified name.'],
    [`${MON}sentinel rename-command m CONFIG c1\nsentinel rename-command m config c2`, 'Same command renamed multiple times with rename-command.'],
    ['sentinel rename-command nope CONFIG c', 'No such master with specified name.'],
    [`${MON}sentinel master-reboot-down-after-period m -1`, 'negative time parameter.'],
    ['sentinel master-reboot-down-after-period nope 1', 'No such master with specified name.'],
    ['sentinel config-epoch nope 1', 'No such master with specified name.'],
    ['sentinel leader-epoch nope 1', 'No such master with specified name.'],
    [`${MON}sentinel known-replica m 127.0.0.1 6380\nsentinel known-replica m 127.0.0.1 6380`, 'Duplicate hostname and port for replica.'],
    [`${MON}sentinel known-replica m 127.0.0.1 6380\nsentinel known-slave m 127.0.0.01 6380`, 'Duplicate hostname and port for replica.'],
    [`${MON}sentinel known-replica m 127.0.0.1 70000`, 'Invalid port number.'],
    [`${MON}sentinel known-replica m some-host 6380`, "Can't resolve instance hostname."],
    ['sentinel known-replica nope 127.0.0.1 6380', 'No such master with specified name.'],
    [`${MON}sentinel known-sentinel m 127.0.0.1 26380 abc\nsentinel known-sentinel m 127.0.0.2 26381 abc`, 'Duplicate runid for sentinel.'],
    [`${MON}sentinel known-sentinel m 127.0.0.1 99999 abc`, 'Invalid port number.'],
    ['sentinel known-sentinel nope 127.0.0.1 26380 abc', 'No such master with specified name.'],
    ['sentinel myid abc', 'Malformed Sentinel id in myid option.'],
    ['sentinel deny-scripts-reconfig maybe', 'Please specify yes or no for the deny-scripts-reconfig options.'],
    ['sentinel resolve-hostnames 1', 'Please specify yes or no for the resolve-hostnames option.'],
    ['sentinel announce-hostnames true', 'Please specify yes or no for the announce-hostnames option.'],
    ['sentinel frobnicate x', 'Unrecognized sentinel configuration statement.'],
    ['sentinel monitor m 127.0.0.1 6379', 'Unrecognized sentinel configuration statement.'],
    ['sentinel myid', 'Unrecognized sentinel configuration statement.'],
    ['sentinel known-sentinel m 127.0.0.1', 'Unrecognized sentinel configuration statement.'],
  ];
  for (const [text, message] of cases) {
    it(`${JSON.stringify(text)} -> ${message}`, () => {
      expect(fatal(text).message).toBe(message);
    });
  }

  it('logs the unresolvable hostname before failing', () => {
    const f = failure('sentinel monitor m redis.example 6379 2');
    expect(f.logs).toEqual([{ level: 'warning', message: "Failed to resolve hostname 'redis.example'" }]);
  });

  it('accepts an unresolvable hostname with resolve-hostnames yes', () => {
    const c = ok('sentinel resolve-hostnames yes\nsentinel monitor m redis.example 6379 2');
    expect(c.sentinel.masters[0]?.host).toBe('redis.example');
  });
});

describe('sentinel directive values', () => {
  it('uses atoi: leading digits count, garbage is ignored, words are 0', () => {
    const c = ok('sentinel monitor m 127.0.0.1 abc 2\nsentinel monitor n 127.0.0.1 6379x 3junk\nsentinel parallel-syncs n -4');
    expect(c.sentinel.masters.map((m) => [m.name, m.port, m.quorum])).toEqual([
      ['m', 0, 2],
      ['n', 6379, 3],
    ]);
    expect(c.sentinel.masters[1]?.parallelSyncs).toBe(-4);
  });

  it('atoi wraps like a C int cast', () => {
    const c = ok(`${MON}sentinel down-after-milliseconds m 4294967297`);
    expect(c.sentinel.masters[0]?.downAfterMs).toBe(1);
  });

  it('accepts announce-port without a range check and announce-ip "" as unset', () => {
    const c = ok('sentinel announce-port 99999\nsentinel announce-ip ""\nsentinel sentinel-user ""\nsentinel sentinel-pass ""');
    expect(c.sentinel.announcePort).toBe(99999);
    expect(c.sentinel.announceIp).toBeNull();
    expect(c.sentinel.sentinelUser).toBeNull();
    expect(c.sentinel.sentinelPass).toBeNull();
  });

  it('current-epoch keeps the maximum and config-epoch raises it', () => {
    const c = ok(`sentinel current-epoch 7\nsentinel current-epoch 3\n${MON}sentinel config-epoch m 12\nsentinel leader-epoch m 11`);
    expect(c.sentinel.currentEpoch).toBe(12n);
    expect(c.sentinel.masters[0]?.configEpoch).toBe(12n);
    expect(c.sentinel.masters[0]?.leaderEpoch).toBe(11n);
  });

  it('epochs use strtoull: a minus sign wraps', () => {
    const c = ok('sentinel current-epoch -1');
    expect(c.sentinel.currentEpoch).toBe(2n ** 64n - 1n);
  });

  it('ignores the old known-sentinel form without a runid, even for an unknown master', () => {
    const c = ok('sentinel known-sentinel nope 127.0.0.1 26380');
    expect(c.sentinel.masters).toEqual([]);
  });

  it('normalises IP literals the way inet_ntop prints them', () => {
    const c = ok('sentinel monitor m 127.1 6379 2\nsentinel known-replica m 0:0::1 6380');
    expect(c.sentinel.masters[0]?.host).toBe('127.0.0.1');
    expect(c.sentinel.masters[0]?.knownReplicas).toEqual([{ host: '::1', port: 6380 }]);
  });

  it('collects every per-master setting', () => {
    const c = ok(
      [
        'SENTINEL MONITOR m 127.0.0.1 6379 2',
        'sentinel down-after-milliseconds m 5000',
        'sentinel failover-timeout m 60000',
        'sentinel notification-script m /srv/notify.sh',
        'sentinel client-reconfig-script m /srv/reconf.sh',
        'sentinel auth-pass m "a b"',
        'sentinel auth-user m admin',
        'sentinel master-reboot-down-after-period m 100',
        'sentinel rename-command m CONFIG guarded-config',
        'sentinel known-slave m 127.0.0.1 6380',
        'sentinel known-sentinel m 127.0.0.1 26380 aaaa',
        'sentinel myid 0123456789012345678901234567890123456789',
        'sentinel deny-scripts-reconfig no',
      ].join('\n'),
    );
    const m = c.sentinel.masters[0];
    expect(m).toMatchObject({
      downAfterMs: 5000,
      failoverTimeoutMs: 60000,
      notificationScript: '/srv/notify.sh',
      clientReconfigScript: '/srv/reconf.sh',
      authPass: 'a b',
      authUser: 'admin',
      masterRebootDownAfterPeriodMs: 100,
      renamedCommands: [['CONFIG', 'guarded-config']],
      knownReplicas: [{ host: '127.0.0.1', port: 6380 }],
      knownSentinels: [{ host: '127.0.0.1', port: 26380, runid: 'aaaa' }],
    });
    expect(c.sentinel.myid).toBe('0123456789012345678901234567890123456789');
    expect(c.sentinel.denyScriptsReconfig).toBe(false);
  });

  it('ignores a bare sentinel line', () => {
    expect(ok('sentinel\n').sentinel.masters).toEqual([]);
  });
});

describe('phases and line numbers', () => {
  it('applies per-master lines that precede their monitor line', () => {
    const c = ok('sentinel known-replica m 127.0.0.1 6380\nsentinel config-epoch m 3\n' + MON);
    expect(c.sentinel.masters[0]?.knownReplicas).toHaveLength(1);
  });

  it('reports a bad monitor line before an earlier bad per-master line', () => {
    const e = fatal('sentinel down-after-milliseconds m 0\nsentinel monitor m 127.0.0.1 6379 0\n');
    expect(e).toEqual({ line: 2, lineText: 'sentinel monitor m 127.0.0.1 6379 0', message: 'Quorum must be 1 or greater.' });
  });

  it('reports pre-monitor errors before monitor errors', () => {
    const e = fatal('sentinel monitor m 127.0.0.1 6379 0\nsentinel myid short\n');
    expect(e.line).toBe(2);
    expect(e.message).toBe('Malformed Sentinel id in myid option.');
  });

  it('reports generic errors before any sentinel error', () => {
    const e = fatal('sentinel monitor m 127.0.0.1 6379 0\nport abc\n');
    expect(e).toEqual({ line: 2, lineText: 'port abc', message: "argument couldn't be parsed into an integer" });
  });

  it('announce-hostnames from a later line applies before monitors', () => {
    const c = ok('sentinel monitor m 127.1 6379 2\nsentinel announce-hostnames yes\n');
    expect(c.sentinel.masters[0]?.host).toBe('127.1');
  });

  it('numbers command-line lines after the file, one past a trailing newline', () => {
    // "a\nb\n" + "\n" + options: the options start at line 4.
    const e = fatal('port 26379\nsentinel monitor m 127.0.0.1 6379 2\n', ['sentinel "down-after-milliseconds" "x" "0" ']);
    expect(e).toEqual({ line: 4, lineText: 'sentinel "down-after-milliseconds" "x" "0"', message: 'No such master with specified name.' });
  });

  it('numbers command-line lines right after a file without a trailing newline', () => {
    const e = fatal('port 26379', ['loglevel "warning" ', 'port "abc" ']);
    expect(e.line).toBe(3);
    expect(e.lineText).toBe('port "abc"');
  });

  it('reports the trimmed line', () => {
    const e = fatal('   sentinel   frob   x  \t\r\n');
    expect(e).toEqual({ line: 1, lineText: 'sentinel   frob   x', message: 'Unrecognized sentinel configuration statement.' });
  });
});

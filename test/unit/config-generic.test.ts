import { describe, expect, it } from 'vitest';
import { formatConfigError } from '../../src/config/config-error';
import { parseConfig } from '../../src/config/parse';
import type { ParseOptions } from '../../src/config/parse';
import { memConfigFs } from '../helpers/mem-config-fs';
import type { MemFsSpec } from '../helpers/mem-config-fs';
import { expectErr, expectKind } from '../helpers/narrow';

function parse(text: string, extra: string[] = [], fsSpec: MemFsSpec = {}, cwd = '/srv') {
  const opts: ParseOptions = { fs: memConfigFs({ dirs: ['/srv', '/data'], ...fsSpec }), cwd };
  return parseConfig(text, extra, opts);
}

function generic(text: string, extra: string[] = [], fsSpec: MemFsSpec = {}) {
  const r = parse(text, extra, fsSpec);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.generic;
}

function fatalMessage(text: string, fsSpec: MemFsSpec = {}): string {
  const r = parse(text, [], fsSpec);
  if (r.ok || r.error.kind !== 'fatal-config') throw new Error(`expected a fatal config error for ${text}`);
  return r.error.error.message;
}

describe('generic defaults in sentinel mode', () => {
  it('has the sentinel port, no protected mode and redis defaults elsewhere', () => {
    const g = generic('');
    expect(g).toMatchObject({
      port: 26379,
      protectedMode: false,
      bind: ['*', '-::*'],
      bindSourceAddr: null,
      daemonize: false,
      pidfile: null,
      logfile: '',
      loglevel: 'notice',
      dir: null,
      requirepass: null,
      maxclients: 10000,
      hz: 10,
      tcpBacklog: 511,
      timeout: 0,
      tcpKeepalive: 300,
      syslogEnabled: false,
      syslogIdent: 'redis',
      syslogFacility: 'local0',
      latencyTrackingInfoPercentiles: [50, 99, 99.9],
      renameCommands: [],
      users: [],
    });
    expect(g.tls).toMatchObject({ port: 0, authClients: 'yes', replication: false, certFile: null });
  });

  it('reads the directives a sentinel acts on', () => {
    const g = generic(
      [
        'PORT 26380',
        'bind 127.0.0.1 ::1',
        'bind-source-addr 10.0.0.2',
        'protected-mode yes',
        'daemonize yes',
        'pidfile /run/s.pid',
        'logfile "s.log"',
        'loglevel WARNING',
        'dir /data',
        'requirepass "p w"',
        'unixsocket /tmp/s.sock',
        'unixsocketperm 700',
        'maxclients 50',
        'hz 1000',
        'tls-port 26381',
        'tls-cert-file /c.pem',
        'tls-auth-clients optional',
        'tls-replication yes',
        'syslog-enabled yes',
        'syslog-facility local3',
      ].join('\n'),
    );
    expect(g).toMatchObject({
      port: 26380,
      bind: ['127.0.0.1', '::1'],
      bindSourceAddr: '10.0.0.2',
      protectedMode: true,
      daemonize: true,
      pidfile: '/run/s.pid',
      logfile: 's.log',
      loglevel: 'warning',
      dir: '/data',
      requirepass: 'p w',
      unixsocket: '/tmp/s.sock',
      unixsocketperm: 0o700,
      maxclients: 50,
      hz: 500,
      syslogEnabled: true,
      syslogFacility: 'local3',
    });
    expect(g.tls).toMatchObject({ port: 26381, certFile: '/c.pem', authClients: 'optional', replication: true });
  });

  it('lets command-line lines override the file', () => {
    expect(generic('port 26380\n', ['port "26390" ', 'loglevel "verbose" '])).toMatchObject({ port: 26390, loglevel: 'verbose' });
  });

  it('splits a single quoted argument of a multi-word directive', () => {
    expect(generic('', ['bind "127.0.0.1 ::1" ']).bind).toEqual(['127.0.0.1', '::1']);
    expect(generic('bind ""').bind).toEqual([]);
  });

  it('accepts every redis.conf directive, including aliases and deprecated ones', () => {
    const text = [
      'slaveof 10.0.0.1 6379',
      'slave-read-only no',
      'lua-time-limit 100',
      'maxmemory 1gb',
      'maxmemory-clients 10%',
      'appendonly yes',
      'save 900 1',
      'save ""',
      'client-output-buffer-limit pubsub 64mb 16mb 90 replica 1gb 256mb 60',
      'oom-score-adj-values 0 100 900',
      'notify-keyspace-events KEA',
      'latency-tracking-info-percentiles 50 99.99',
      'list-max-ziplist-entries 512',
      'lua-replicate-commands yes',
      'loadmodule /x.so a b',
      'mymodule.option 1',
      'sentinel',
      'shutdown-on-sigterm nosave now',
      'cluster-announce-hostname node-1.example',
    ].join('\n');
    const g = generic(text);
    expect(g.values.replicaof).toEqual({ host: '10.0.0.1', port: 6379 });
    expect(g.values.save).toEqual([]);
    expect(g.pubsubOutputBufferLimit).toEqual({ hard: 64n * 1024n * 1024n, soft: 16n * 1024n * 1024n, seconds: 90n });
    expect(g.shutdownOnSigterm).toBe('nosave now');
    expect(g.latencyTrackingInfoPercentiles).toEqual([50, 99.99]);
    expect(g.loadmodules).toEqual([['/x.so', 'a', 'b']]);
  });
});

describe('generic directive errors', () => {
  const cases: Array<[string, string]> = [
    ['foo bar', 'Bad directive or wrong number of arguments'],
    ['include', 'Bad directive or wrong number of arguments'],
    ['rename-command PING', 'Bad directive or wrong number of arguments'],
    ['user', 'Bad directive or wrong number of arguments'],
    ['loadmodule', 'Bad directive or wrong number of arguments'],
    ['lua-replicate-commands', 'Bad directive or wrong number of arguments'],
    ['"port" "26379', 'Unbalanced quotes in configuration line'],
    ['port "26379"x', 'Unbalanced quotes in configuration line'],
    ['port', 'wrong number of arguments'],
    ['port 1 2', 'wrong number of arguments'],
    ['port abc', "argument couldn't be parsed into an integer"],
    ['port 65536', 'argument must be between 0 and 65535 inclusive'],
    ['maxclients 0', 'argument must be between 1 and 4294967295 inclusive'],
    ['maxclients -1', 'argument must be between 1 and 4294967295 inclusive'],
    ['unixsocketperm 1000', 'argument must be between 0 and 777 inclusive'],
    ['unixsocketperm 9', "argument couldn't be parsed as an octal number"],
    ['maxmemory -1', 'argument must be a memory value'],
    ['maxmemory-clients 101%', 'percentage argument must be less or equal to 100'],
    ['maxmemory-clients x', 'argument must be a memory or percent value'],
    ['protected-mode maybe', "argument must be 'yes' or 'no'"],
    ['loglevel loud', 'argument(s) must be one of the following: debug, verbose, notice, warning, nothing'],
    ['shutdown-on-sigint', 'argument(s) must be one of the following: default, save, nosave, now, force'],
    ['shutdown-on-sigint save nosave', "shutdown options SAVE and NOSAVE can't be used simultaneously"],
    ['dbfilename a/b', "dbfilename can't be a path, just a filename"],
    ['appenddirname ""', "appenddirname can't be empty"],
    ['cluster-announce-hostname a_b', 'Hostnames may only contain alphanumeric characters, hyphens or dots'],
    ['proc-title-template "{title} {nope}"', 'template format is invalid or contains unknown variables'],
    ['proc-title-template "{title}"', 'template format is invalid or contains unknown variables'],
    ['save 900', 'Invalid save parameters'],
    ['save 0 1', 'Invalid save parameters'],
    ['client-output-buffer-limit master 0 0 0', 'Invalid client class specified in buffer limit configuration.'],
    ['client-output-buffer-limit pubsub 1 2', 'Wrong number of arguments in buffer limit configuration.'],
    ['client-output-buffer-limit pubsub 1x 2 3', 'Error in hard, soft or soft_seconds setting in buffer limit configuration.'],
    ['oom-score-adj-values 1 2', 'wrong number of arguments'],
    ['oom-score-adj-values 1 2 2001', 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.'],
    ['notify-keyspace-events Q', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."],
    ['bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17', 'Too many bind addresses specified.'],
    ['replicaof h x', 'Invalid master port'],
    ['replicaof h', 'wrong number of arguments'],
    ['latency-tracking-info-percentiles x', 'Invalid latency-tracking-info-percentiles parameters'],
    ['latency-tracking-info-percentiles 100.5', 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]'],
    ['dir /nope', 'No such file or directory'],
    ['rename-command CONFIG x', 'No such command in rename-command'],
    ['rename-command ping sentinel', 'Target command name already exists'],
    ['rename-command ping x\nrename-command ping y', 'No such command in rename-command'],
    ['my.module', 'Module config specified without value'],
  ];
  for (const [text, message] of cases) {
    it(`${JSON.stringify(text)} -> ${message}`, () => expect(fatalMessage(text)).toBe(message));
  }

  it('reports a log file that cannot be opened without a line', () => {
    const e = expectKind(expectErr(parse('logfile /nope/s.log\nport 1')), 'fatal-config');
    expect(e.error).toEqual({ line: null, lineText: null, message: "Can't open the log file: No such file or directory" });
    expect(formatConfigError(e.error)).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n",
    );
  });

  it('formats the full report', () => {
    expect(formatConfigError({ line: 3, lineText: 'port abc', message: "argument couldn't be parsed into an integer" })).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'port abc'\nargument couldn't be parsed into an integer\n",
    );
  });
});

describe('include, dir, rename-command, users', () => {
  it('reads included files with their own line numbers, relative to the current directory', () => {
    const files = { '/srv/inc/a.conf': 'port 26390\nsentinel monitor m 127.0.0.1 6379 0\n' };
    const e = expectKind(expectErr(parse('# main\ninclude inc/a.conf\n', [], { files })), 'fatal-config');
    expect(e.error.line).toBe(2);
    expect(e.error.lineText).toBe('sentinel monitor m 127.0.0.1 6379 0');
  });

  it('resolves includes after a dir line against the new directory', () => {
    const g = generic('dir /data\ninclude extra.conf\n', [], { files: { '/data/extra.conf': 'port 26391\n' } });
    expect(g.port).toBe(26391);
    expect(g.dir).toBe('/data');
    expect(g.includes).toEqual(['/data/extra.conf']);
  });

  it('reads every glob match in order and ignores a glob without matches', () => {
    const files = { '/srv/conf.d/b.conf': 'port 2\n', '/srv/conf.d/a.conf': 'port 1\nmaxclients 7\n' };
    const g = generic('include /srv/conf.d/*.conf\ninclude /srv/none/*.conf\n', [], { files });
    expect(g.port).toBe(2);
    expect(g.maxclients).toBe(7);
  });

  it('a missing include is a logged fatal error', () => {
    expect(expectErr(parse('include /srv/missing.conf'))).toMatchObject({ kind: 'log', message: "Fatal error, can't open config file '/srv/missing.conf': No such file or directory" });
  });

  it('records rename-command pairs and user lines', () => {
    const g = generic('rename-command SENTINEL s2\nrename-command ping ""\nuser bob on >pw +ping\n');
    expect(g.renameCommands).toEqual([
      ['sentinel', 's2'],
      ['ping', ''],
    ]);
    expect(g.users).toEqual([{ name: 'bob', rules: ['on', '>pw', '+ping'] }]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { memConfigFs } from '../helpers/mem-config-fs';
import { expectErr, expectKind, expectOk } from '../helpers/narrow';

const FILE = '/srv/sentinel.conf';

function fsWith(text: string, readOnly: string[] = []) {
  return memConfigFs({ files: { [FILE]: text }, readOnly });
}

describe('loadConfig', () => {
  it('loads file plus options', () => {
    const v = expectOk(loadConfig({ configPath: FILE, extraLines: ['port "26390" '], readStdin: false }, { fs: fsWith('sentinel monitor m 127.0.0.1 6379 2\n'), cwd: '/srv' }));
    expect(v.configPath).toBe(FILE);
    expect(v.generic.port).toBe(26390);
    expect(v.sentinel.masters).toHaveLength(1);
  });

  it('reports an unreadable file as a log line', () => {
    const r = loadConfig({ configPath: '/srv/missing.conf', extraLines: [], readStdin: false }, { fs: fsWith(''), cwd: '/srv' });
    expect(r).toEqual({
      ok: false,
      error: { kind: 'log', message: "Fatal error, can't open config file '/srv/missing.conf': No such file or directory", logs: [], generic: null },
    });
  });

  it('needs a config file, but reports option errors first', () => {
    const none = loadConfig({ configPath: null, extraLines: ['port "1" '], readStdin: false }, { fs: fsWith(''), cwd: '/srv' });
    expect(expectErr(none)).toMatchObject({ kind: 'log', message: 'Sentinel needs config file on disk to save state. Exiting...' });

    const bad = expectKind(expectErr(loadConfig({ configPath: null, extraLines: ['port "x" '], readStdin: false }, { fs: fsWith(''), cwd: '/srv' })), 'fatal-config');
    expect(bad.message).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port \"x\"'\nargument couldn't be parsed into an integer\n",
    );
  });

  it('refuses a file it cannot write, after parsing it', () => {
    const e = expectKind(expectErr(loadConfig({ configPath: FILE, extraLines: [], readStdin: false }, { fs: fsWith('logfile /srv/s.log\n', [FILE]), cwd: '/srv' })), 'log');
    expect(e.message).toBe('Sentinel config file /srv/sentinel.conf is not writable: Permission denied. Exiting...');
    expect(e.generic?.logfile).toBe('/srv/s.log');
  });

  it('appends stdin after the file and logs that it does', () => {
    const v = expectOk(loadConfig({ configPath: FILE, extraLines: [], readStdin: true }, { fs: fsWith('port 1\n'), cwd: '/srv', stdin: () => 'port 2\n' }));
    expect(v.generic.port).toBe(2);
    expect(v.logs).toEqual([{ level: 'warning', message: 'Reading config from stdin' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { helpText, parseCliArgs, versionLine } from '../../src/config/cli-args';
import { packageVersion } from '../../src/config/package-version';

function run(argv: string[]) {
  const a = parseCliArgs(argv, '/srv', '1.2.3');
  if (a.kind !== 'run') throw new Error(`expected run, got ${a.kind}`);
  return a;
}

describe('parseCliArgs', () => {
  it('recognises version and help only as the first argument', () => {
    expect(parseCliArgs(['-v'], '/srv', '1.2.3')).toEqual({ kind: 'version', text: versionLine('1.2.3') });
    expect(parseCliArgs(['--version', 'x'], '/srv', '1.2.3').kind).toBe('version');
    expect(parseCliArgs(['-h'], '/srv', '1.2.3').kind).toBe('help');
    expect(parseCliArgs(['--help'], '/srv', '1.2.3').kind).toBe('help');
    expect(run(['s.conf', '--version']).extraLines).toEqual(['version ']);
  });

  it('keeps v=7.0.15 first in the version line, then ours and the surfaces served', () => {
    expect(versionLine('1.2.3')).toBe(
      'Redis server v=7.0.15 sha=00000000:0 malloc=libc bits=64 build=0 redis-sentinel-ts=1.2.3 surfaces=redis-7.0.15,redis-7.2.5,redis-7.4.1,valkey-8.0.1',
    );
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('makes the config file absolute and turns options into quoted config lines', () => {
    expect(run(['s.conf', '--port', '26380', '--bind', '127.0.0.1', '::1'])).toEqual({
      kind: 'run',
      configPath: '/srv/s.conf',
      extraLines: ['port "26380" ', 'bind "127.0.0.1" "::1" '],
      readStdin: false,
    });
  });

  it('works without a config file', () => {
    expect(run(['--port', '1'])).toMatchObject({ configPath: null, extraLines: ['port "1" '] });
    expect(run([])).toMatchObject({ configPath: null, extraLines: [] });
  });

  it('quotes values with the Redis repr escapes', () => {
    expect(run(['s.conf', '--requirepass', 'a b"c']).extraLines).toEqual(['requirepass "a b\\"c" ']);
  });

  it('takes a value that starts with -- right after a bare option name', () => {
    expect(run(['s.conf', '--requirepass', '--weird', '--port', '2']).extraLines).toEqual(['requirepass "--weird" ', 'port "2" ']);
  });

  it('accepts a name and value in one argument', () => {
    expect(run(['s.conf', '--port 26380', '--loglevel', 'debug']).extraLines).toEqual(['port 26380 ', 'loglevel "debug" ']);
  });

  it('turns a bare --sentinel into a bare sentinel line, and --sentinel with words into a sentinel directive', () => {
    expect(run(['s.conf', '--sentinel']).extraLines).toEqual(['sentinel ']);
    expect(run(['s.conf', '--sentinel', '--port', '1']).extraLines).toEqual(['sentinel ', 'port "1" ']);
    expect(run(['s.conf', '--sentinel', 'announce-ip', '1.2.3.4']).extraLines).toEqual(['sentinel "announce-ip" "1.2.3.4" ']);
  });

  it('gives a bare --save an empty value', () => {
    expect(run(['s.conf', '--save', '--port', '1']).extraLines).toEqual(['save ""', 'port "1" ']);
    expect(run(['s.conf', '--save']).extraLines).toEqual(['save ""']);
  });

  it('reads stdin for - as the first or last argument only', () => {
    expect(run(['-', '--port', '1']).readStdin).toBe(true);
    expect(run(['s.conf', '--port', '1', '-']).readStdin).toBe(true);
    expect(run(['s.conf', '--port', '-', '--x', 'y']).extraLines).toEqual(['port "-" ', 'x "y" ']);
  });
});

describe('helpText', () => {
  it('describes the usage', () => {
    const t = helpText();
    expect(t).toContain('Usage: redis-sentinel-ts [/path/to/sentinel.conf] [options] [-]');
    expect(t).toContain('--version');
    expect(t).toContain('--help');
  });
});

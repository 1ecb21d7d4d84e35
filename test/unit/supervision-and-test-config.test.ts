import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/config/cli-args';
import { planSupervision } from '../../src/supervise/supervision';
import { expectKind } from '../helpers/narrow';

describe('planSupervision', () => {
  it('auto prefers upstart, then systemd, else none', () => {
    expect(planSupervision('auto', { UPSTART_JOB: 'j', NOTIFY_SOCKET: '/s' }).kind).toBe('upstart');
    expect(planSupervision('auto', { NOTIFY_SOCKET: '/s' }).kind).toBe('systemd');
    expect(planSupervision('auto', {})).toEqual({ kind: 'none', logs: [] });
    expect(planSupervision('no', { NOTIFY_SOCKET: '/s' }).kind).toBe('none');
  });

  it('explicit modes without their variable log what redis logs and are not supervised', () => {
    expect(planSupervision('systemd', {})).toEqual({
      kind: 'none',
      logs: [{ level: 'warning', message: 'systemd supervision error: NOTIFY_SOCKET not found!' }],
    });
    expect(planSupervision('upstart', {})).toEqual({
      kind: 'none',
      logs: [{ level: 'warning', message: 'upstart supervision requested, but UPSTART_JOB not found!' }],
    });
  });
});

describe('--test-config', () => {
  it('is the ordinary command line after the switch', () => {
    expect(parseCliArgs(['--test-config', 's.conf', '--port', '1'], '/srv', '1.2.3')).toEqual({
      kind: 'run',
      configPath: '/srv/s.conf',
      extraLines: ['port "1" '],
      readStdin: false,
      testOnly: true,
    });
  });
});

describe('--log-format', () => {
  it('is taken out of the directive pass-through, anywhere on the line', () => {
    const a = parseCliArgs(['s.conf', '--port', '1', '--log-format', 'json'], '/srv', '1.2.3');
    expect(a).toMatchObject({ kind: 'run', extraLines: ['port "1" '], logFormat: 'json' });
    expect(parseCliArgs(['--log-format', 'redis', 's.conf'], '/srv', '1.2.3')).toMatchObject({ configPath: '/srv/s.conf', logFormat: 'redis' });
  });

  it('needs json or redis', () => {
    const a = parseCliArgs(['s.conf', '--log-format'], '/srv', '1.2.3');
    expect(expectKind(a, 'help').text.startsWith('--log-format needs json or redis\n')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { PersistentState } from '../../src/core/persistent-state';
import { parseConfig } from '../../src/config/parse';
import type { ParsedConfig } from '../../src/config/parse';
import { renderRewrite } from '../../src/config/rewrite-bridge';
import { masterOption, spellingFor, withSpelling } from '../../src/core/master-options';
import { withUsers } from '../helpers/config-users';
import { memConfigFs } from '../helpers/mem-config-fs';

/**
 * Valkey 8 spells master-reboot-down-after-period as
 * primary-reboot-down-after-period. Either loads; the rewrite writes the
 * value back under the spelling the operator used last.
 */
const MYID = 'e6e152154be37a9ddd6b9843033e29a354862f33';
const TIMING = { defaultDownAfter: 30000, defaultFailoverTimeout: 180000 };
const VALKEY = 'primary-reboot-down-after-period';
const REDIS = 'master-reboot-down-after-period';

function load(text: string): ParsedConfig {
  const r = parseConfig(text, [], { fs: memConfigFs({ dirs: ['/srv/sentinel'], executables: [] }), cwd: '/srv/sentinel' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  if (r.value.sentinel.myid === null) r.value.sentinel.myid = MYID;
  return r.value;
}

function rewrite(text: string, change: (s: PersistentState) => void = () => undefined): string {
  const cfg = load(text);
  change(cfg.sentinel);
  return renderRewrite(text, cfg.sentinel, withUsers(cfg), TIMING, '/srv/sentinel');
}

function file(...lines: string[]): string {
  return ['port 44010', 'dir /srv/sentinel', 'sentinel monitor mymaster 127.0.0.1 44000 2', ...lines, ''].join('\n');
}

function rebootLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes('reboot-down-after-period'));
}

describe('primary-reboot-down-after-period, the Valkey 8 spelling', () => {
  it('loads with either spelling (any case) into the same setting', () => {
    for (const d of [REDIS, VALKEY, 'PRIMARY-Reboot-Down-After-Period']) {
      const m = load(file(`sentinel ${d} mymaster 7000`)).sentinel.masters[0];
      expect(m?.masterRebootDownAfterPeriodMs, d).toBe(7000);
    }
  });

  it('is checked as the 7.0 directive is: a negative value and a wrong word count are refused', () => {
    const bad = parseConfig(file(`sentinel ${VALKEY} mymaster -1`), [], { fs: memConfigFs({ dirs: ['/srv/sentinel'] }), cwd: '/srv/sentinel' });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('negative time parameter.');
    const short = parseConfig(file(`sentinel ${VALKEY} mymaster`), [], { fs: memConfigFs({ dirs: ['/srv/sentinel'] }), cwd: '/srv/sentinel' });
    expect(JSON.stringify(short)).toContain('Unrecognized sentinel configuration statement.');
    const unknown = parseConfig(file(`sentinel ${VALKEY} nosuch 5`), [], { fs: memConfigFs({ dirs: ['/srv/sentinel'] }), cwd: '/srv/sentinel' });
    expect(JSON.stringify(unknown)).toContain('No such master with specified name.');
  });

  it('keeps the spelling the file used, in its slot', () => {
    const out = rewrite(file(`sentinel ${VALKEY} mymaster 7000`));
    expect(rebootLines(out)).toEqual([`sentinel ${VALKEY} mymaster 7000`]);
    expect(rebootLines(rewrite(out))).toEqual([`sentinel ${VALKEY} mymaster 7000`]);
    expect(rebootLines(rewrite(file(`sentinel ${REDIS} mymaster 7000`)))).toEqual([`sentinel ${REDIS} mymaster 7000`]);
  });

  it('writes the lower-case spelling whatever the case in the file', () => {
    expect(rebootLines(rewrite(file('SENTINEL PRIMARY-REBOOT-DOWN-AFTER-PERIOD mymaster 7000')))).toEqual([`sentinel ${VALKEY} mymaster 7000`]);
  });

  it('with both spellings in one file, the last one wins, value and name, and the other line goes', () => {
    const out = rewrite(file(`sentinel ${REDIS} mymaster 7000`, `sentinel ${VALKEY} mymaster 8000`));
    expect(rebootLines(out)).toEqual([`sentinel ${VALKEY} mymaster 8000`]);
  });

  it('follows a change of spelling (as SET records it) and blanks the old line', () => {
    const o = masterOption(REDIS);
    if (o === undefined) throw new Error('no option');
    const toRedis = rewrite(file(`sentinel ${VALKEY} mymaster 7000`), (s) => {
      const m = s.masters[0];
      if (m) m.spellings = withSpelling(m.spellings, o, REDIS);
    });
    expect(rebootLines(toRedis)).toEqual([`sentinel ${REDIS} mymaster 7000`]);
  });

  it('writes nothing at the default, under either spelling', () => {
    expect(rebootLines(rewrite(file(`sentinel ${VALKEY} mymaster 0`)))).toEqual([]);
  });

  it('a master with no spelling recorded is written with 7.0 names', () => {
    const o = masterOption(VALKEY);
    if (o === undefined) throw new Error('no option');
    expect(o.name).toBe(REDIS);
    expect(spellingFor({ spellings: {} }, o)).toBe(REDIS);
    expect(withSpelling(withSpelling({}, o, VALKEY), o, REDIS)).toEqual({});
  });
});

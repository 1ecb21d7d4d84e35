import { describe, expect, it } from 'vitest';
import { SentinelCore } from '../../src/core/sentinel-core';
import { T, commandCore, replyOf, run } from './core-commands-helpers';

function core(denyScripts: boolean): SentinelCore {
  return commandCore((st) => {
    st.denyScriptsReconfig = denyScripts;
  });
}

/** One option through SENTINEL SET: the error text, or null when applied. */
function set(c: SentinelCore, option: string, values: string[], scriptExecutable = false): string | null {
  const executable = new Set(scriptExecutable ? values.slice(0, 1) : []);
  const o = replyOf(run(c, ['sentinel', 'set', 'mymaster', option, ...values], T + 1000, { executable }));
  return o.reply.t === 'error' ? o.reply.s : null;
}

describe('SENTINEL SET in the core', () => {
  it.each([
    ['quorum', ['abc'], "ERR Invalid argument 'abc' for SENTINEL SET 'quorum'"],
    ['QUORUM', ['0'], "ERR Invalid argument '0' for SENTINEL SET 'QUORUM'"],
    ['down-after-milliseconds', ['-1'], "ERR Invalid argument '-1' for SENTINEL SET 'down-after-milliseconds'"],
    ['master-reboot-down-after-period', ['-1'], "ERR Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'"],
    ['rename-command', ['', 'x'], "ERR Invalid argument '' for SENTINEL SET 'rename-command'"],
    ['nosuch', ['1'], "ERR Unknown option or number of arguments for SENTINEL SET 'nosuch'"],
  ])('%s %j → %s', (option, values, error) => {
    const c = core(true);
    expect(set(c, option, values)).toBe(error);
    expect(c.drain().filter((o) => o.type === 'event')).toEqual([]);
  });

  // Redis reads the values as long long and stores them in the field's C
  // type; SENTINEL MASTER shows what was stored (checked against 7.0.15).
  it.each([
    ['quorum', '4294967297', 'quorum', 1],
    ['quorum', '4294967296', 'quorum', 0],
    ['parallel-syncs', '2147483648', 'parallelSyncs', -2147483648],
    ['parallel-syncs', '9007199254740993', 'parallelSyncs', 1],
    ['down-after-milliseconds', '9007199254740992', 'downAfterMs', 9007199254740992],
    ['failover-timeout', '9223372036854775807', 'failoverTimeoutMs', 9223372036854775807],
  ] as const)('%s %s is stored as Redis stores it', (option, value, field, stored) => {
    const c = core(true);
    expect(set(c, option, [value])).toBeNull();
    expect((c.masters.get('mymaster') as unknown as Record<string, number>)[field]).toBe(stored);
  });

  it('refuses values outside the 64-bit range', () => {
    const c = core(true);
    expect(set(c, 'down-after-milliseconds', ['9223372036854775808'])).toBe(
      "ERR Invalid argument '9223372036854775808' for SENTINEL SET 'down-after-milliseconds'",
    );
  });

  it('refuses script paths while deny-scripts-reconfig is on, even executable ones', () => {
    const c = core(true);
    expect(set(c, 'notification-script', ['/bin/true'], true)).toMatch(/^ERR Reconfiguration of scripts path is denied/);
  });

  it('names the script kind when the path is not executable', () => {
    const c = core(false);
    expect(set(c, 'notification-script', ['x.sh'])).toBe('ERR Notification script seems non existing or non executable');
    expect(set(c, 'client-reconfig-script', ['x.sh'])).toBe('ERR Client reconfiguration script seems non existing or non executable');
    expect(set(c, 'notification-script', ['/bin/true'], true)).toBeNull();
    expect(c.masters.get('mymaster')?.notificationScript).toBe('/bin/true');
  });

  it('applies down-after to the master and emits +set with the option as typed; auth-pass is masked', () => {
    const c = core(true);
    expect(set(c, 'Down-After-Milliseconds', ['5000'])).toBeNull();
    expect(set(c, 'auth-pass', ['secret'])).toBeNull();
    expect(c.masters.get('mymaster')?.downAfterMs).toBe(5000);
    const events = c.drain().filter((o) => o.type === 'event');
    expect(events.map((e) => (e.type === 'event' ? `${e.channel} ${e.payload}` : ''))).toEqual([
      '+set master mymaster 127.0.0.1 6379 Down-After-Milliseconds 5000',
      '+set master mymaster 127.0.0.1 6379 auth-pass ******',
    ]);
  });
});

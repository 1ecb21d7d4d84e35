import { describe, expect, it } from 'vitest';
import { OK, T, commandCore, err, eventsOf, fields, replyOf, run } from './core-commands-helpers';

const SAVE_FAILED = err('ERR Failed to save config file. Check server logs.');

describe('SENTINEL SET as a whole command in the core', () => {
  it('answers an unknown master before looking at the options', () => {
    const o = replyOf(run(commandCore(), 'sentinel set nosuch quorum 1'));
    expect([o.reply, o.save]).toEqual([err('ERR No such master with that name'), 'none']);
  });

  it('saves once after applying every option, and says what a failed save replies', () => {
    const c = commandCore();
    const o = replyOf(run(c, 'sentinel set mymaster quorum 3 parallel-syncs 4'));
    expect([o.reply, o.save, o.saveFailed]).toEqual([OK, 'now', SAVE_FAILED]);
    expect(eventsOf(c)).toEqual(['+set master mymaster 127.0.0.1 6379 quorum 3', '+set master mymaster 127.0.0.1 6379 parallel-syncs 4']);
  });

  it('stops at the first bad option, keeps and saves what came before, and replies the error whatever the save gives', () => {
    const c = commandCore();
    const o = replyOf(run(c, 'sentinel set mymaster quorum 3 failover-timeout x parallel-syncs 4'));
    expect([o.reply, o.save, o.saveFailed]).toEqual([err("ERR Invalid argument 'x' for SENTINEL SET 'failover-timeout'"), 'now', null]);
    const m = c.masters.get('mymaster');
    expect([m?.quorum, m?.parallelSyncs]).toEqual([3, 1]);
  });

  it('does not save when the first option is already bad', () => {
    const o = replyOf(run(commandCore(), 'sentinel set mymaster quorum'.split(' ').concat(['x', 'y'])));
    expect([o.reply, o.save]).toEqual([err("ERR Invalid argument 'x' for SENTINEL SET 'quorum'"), 'none']);
  });

  it('checks each option\'s arity: a missing value is an unknown option', () => {
    const c = commandCore();
    const o = replyOf(run(c, 'sentinel set mymaster quorum 3 rename-command CONFIG'));
    expect([o.reply, o.save]).toEqual([err("ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'"), 'now']);
  });

  it('takes script executability from the facts', () => {
    const allow = (st: { denyScriptsReconfig: boolean }): void => void (st.denyScriptsReconfig = false);
    const no = replyOf(run(commandCore(allow), 'sentinel set mymaster notification-script /x.sh'));
    expect(no.reply).toEqual(err('ERR Notification script seems non existing or non executable'));
    const c = commandCore(allow);
    const yes = replyOf(run(c, 'sentinel set mymaster notification-script /x.sh', T + 1000, { executable: new Set(['/x.sh']) }));
    expect(yes.reply).toEqual(OK);
    expect(c.masters.get('mymaster')?.notificationScript).toBe('/x.sh');
  });

  it('shows a new down-after on the replicas and peers, read from their master', () => {
    const c = commandCore((st) => {
      const m = st.masters[0];
      if (m) m.knownReplicas.push({ host: '127.0.0.1', port: 6380 });
    });
    run(c, 'sentinel set mymaster down-after-milliseconds 1234');
    const replicas = replyOf(run(c, 'sentinel replicas mymaster', T + 2000)).reply;
    if (replicas.t !== 'array' || replicas.items[0] === undefined) throw new Error('no replica listed');
    expect(fields(replicas.items[0])).toContainEqual(['down-after-milliseconds', '1234']);
    expect(fields(replyOf(run(c, 'sentinel master mymaster')).reply)).toContainEqual(['down-after-milliseconds', '1234']);
  });
});

describe('SENTINEL SET with the Valkey 8 spelling of an option', () => {
  it('sets the same setting, records the spelling for the rewrite, and a 7.0 name takes it back', () => {
    const c = commandCore();
    const o = replyOf(run(c, 'sentinel set mymaster PRIMARY-reboot-down-after-period 5000'));
    expect([o.reply, o.save]).toEqual([OK, 'now']);
    expect(eventsOf(c)).toEqual(['+set master mymaster 127.0.0.1 6379 PRIMARY-reboot-down-after-period 5000']);
    const m = c.masters.get('mymaster');
    expect([m?.masterRebootDownAfterPeriodMs, m?.spellings]).toEqual([5000, { 'master-reboot-down-after-period': 'primary-reboot-down-after-period' }]);
    replyOf(run(c, 'sentinel set mymaster master-reboot-down-after-period 6000'));
    expect([m?.masterRebootDownAfterPeriodMs, m?.spellings]).toEqual([6000, {}]);
  });

  it('does not record a spelling the option refused', () => {
    const c = commandCore();
    const o = replyOf(run(c, 'sentinel set mymaster primary-reboot-down-after-period -1'));
    expect(o.reply).toEqual(err("ERR Invalid argument '-1' for SENTINEL SET 'primary-reboot-down-after-period'"));
    expect(c.masters.get('mymaster')?.spellings).toEqual({});
  });
});

describe('the Valkey 8 subcommand names in the core table', () => {
  it('run the 7.0 rules: GET-PRIMARY-ADDR-BY-NAME and PRIMARY answer as GET-MASTER-ADDR-BY-NAME and MASTER', () => {
    const c = commandCore();
    expect(replyOf(run(c, 'sentinel get-primary-addr-by-name mymaster')).reply).toEqual(replyOf(run(c, 'sentinel get-master-addr-by-name mymaster')).reply);
    expect(replyOf(run(c, 'SENTINEL PRIMARY nosuch')).reply).toEqual(err('ERR No such master with that name'));
  });
});

/**
 * Valkey 8's names, served on top of 7.0.15's: SENTINEL PRIMARIES, PRIMARY,
 * GET-PRIMARY-ADDR-BY-NAME, IS-PRIMARY-DOWN-BY-ADDR and the option
 * primary-reboot-down-after-period. Valkey 8.0.1's own suite needs a
 * valkey-server, so its 15-sentinel-deprecated-commands.tcl cases and the
 * PRIMARY spellings of its other units (00-base, 12-primary-reboot,
 * includes/init-tests) are ported here against our daemon, with a real
 * redis-server master and replica.
 *
 * Every new name is also sent to the real redis-sentinel 7.0.15
 * (REAL_SENTINEL_BIN), which does not know it: there the test asserts 7.0's
 * error, here the feature. The 7.0 names must answer exactly as before, so
 * each alias is compared with the name it stands for.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTracked, makeTmpDir, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { pairsOf, plain, recordOf, RespClient, RespValue } from '../helpers/resp-client';
import { assertSentinelBinUsable, REAL_SENTINEL_BIN, SentinelProcess, sentinelBinUnderTest } from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

const OURS_BIN = sentinelBinUnderTest();
const NAME = 'mymaster';
const BIG_DOWN_AFTER = 3_600_000;
const VALKEY_OPTION = 'primary-reboot-down-after-period';
const REDIS_OPTION = 'master-reboot-down-after-period';

/** redis-sentinel 7.0.15's answer to a subcommand it does not have. */
function unknownSub(sub: string): string {
  return `ERR unknown subcommand '${sub}'. Try SENTINEL HELP.`;
}

function errorText(v: RespValue): string | null {
  return v.type === 'error' ? v.value : null;
}

/** Instance-map fields that do not move between two calls on an idle sentinel. */
const STABLE = ['name', 'ip', 'port', 'runid', 'flags', 'num-slaves', 'num-other-sentinels', 'quorum', 'failover-timeout', 'parallel-syncs', 'down-after-milliseconds', 'config-epoch', 'role-reported'];

function stableFields(v: RespValue): Record<string, string> {
  const rec = recordOf(v);
  return Object.fromEntries(STABLE.filter((k) => k in rec).map((k) => [k, rec[k] ?? '']));
}

function keysOf(v: RespValue): string[] {
  return pairsOf(v).map(([k]) => k);
}

let trio: Trio;
let ours: SentinelProcess;
let real: SentinelProcess;
let ourId = '';
const setup = setupGuard();

beforeAll(async () => {
  await setup.run(async () => {
    assertSentinelBinUsable(REAL_SENTINEL_BIN);
    assertSentinelBinUsable(OURS_BIN);
    const v = spawnSync(REAL_SENTINEL_BIN, ['--version'], { encoding: 'utf8' });
    if (!v.stdout.includes('v=7.0.15')) throw new Error(`${REAL_SENTINEL_BIN} is not 7.0.15: ${v.stdout}${v.stderr}`);
    trio = await startMasterWithReplicas(1);
    const opts = { masterPort: trio.master.port, quorum: 1, downAfterMs: BIG_DOWN_AFTER };
    [real, ours] = await Promise.all([SentinelProcess.start({ ...opts, binary: REAL_SENTINEL_BIN }), SentinelProcess.start({ ...opts, binary: OURS_BIN })]);
    ourId = String(plain((await ours.call(['SENTINEL', 'MYID'])).value));
    await waitFor(
      async () => {
        const r = await ours.call(['SENTINEL', 'REPLICAS', NAME]);
        return r.value.type === 'array' && (r.value.value?.length ?? 0) >= 1;
      },
      30000,
      200,
      { description: 'our sentinel to discover the replica', details: () => ours.diagnostics() },
    );
  });
}, 60_000);

afterAll(async () => {
  await killAllTracked();
  removeTmpDirs();
});

describe('15-sentinel-deprecated-commands (Valkey 8.0.1): the 7.0 names still answer', () => {
  it('SENTINEL MASTERS returns a list of monitored masters', async () => {
    setup.check();
    const r = await ours.call(['SENTINEL', 'MASTERS']);
    expect(JSON.stringify(plain(r.value))).toContain(NAME);
    expect(r.value.type === 'array' && (r.value.value?.length ?? 0) >= 1).toBe(true);
  });

  it('SENTINEL SLAVES returns a list of the monitored slaves', async () => {
    setup.check();
    const r = await ours.call(['SENTINEL', 'SLAVES', NAME]);
    expect(r.value.type === 'array' && (r.value.value?.length ?? 0) >= 1).toBe(true);
  });

  it('SENTINEL MASTER returns the information list of the monitored master', async () => {
    setup.check();
    expect(recordOf((await ours.call(['SENTINEL', 'MASTER', NAME])).value).name).toBe(NAME);
  });

  it('SENTINEL IS-MASTER-DOWN-BY-ADDR checks if the primary is down (and votes)', async () => {
    setup.check();
    const addr = plain((await ours.call(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME])).value) as string[];
    const r = plain((await ours.call(['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', addr[0] ?? '', addr[1] ?? '', '99', ourId])).value) as unknown[];
    expect(r[1]).toBe(ourId);
    expect(r[2]).toBe(99);
  });
});

describe('the PRIMARY spellings of Valkey 8.0.1 (00-base, init-tests, utils)', () => {
  it('SENTINEL PRIMARIES returns a list of monitored primaries; 7.0.15 does not know it', async () => {
    setup.check();
    const r = await ours.call(['SENTINEL', 'PRIMARIES']);
    expect(JSON.stringify(plain(r.value))).toContain(NAME);
    expect(r.value.type === 'array' && r.value.value?.length).toBe(1);
    const first = r.value.type === 'array' ? r.value.value?.[0] : undefined;
    const masters = (await ours.call(['SENTINEL', 'MASTERS'])).value;
    const m0 = masters.type === 'array' ? masters.value?.[0] : undefined;
    if (first === undefined || m0 === undefined) throw new Error('no master in the reply');
    expect(keysOf(first)).toEqual(keysOf(m0));
    expect(stableFields(first)).toEqual(stableFields(m0));
    expect(errorText((await real.call(['SENTINEL', 'PRIMARIES'])).value)).toBe(unknownSub('PRIMARIES'));
  });

  it('SENTINEL PRIMARY <name> is SENTINEL MASTER: same fields, `master` in flags, the fields the suite reads', async () => {
    setup.check();
    const p = (await ours.call(['SENTINEL', 'PRIMARY', NAME])).value;
    const m = (await ours.call(['SENTINEL', 'MASTER', NAME])).value;
    expect(keysOf(p)).toEqual(keysOf(m));
    expect(stableFields(p)).toEqual(stableFields(m));
    const rec = recordOf(p);
    // Valkey's reply kept 7.0's words: flags say master, not primary.
    expect(rec.flags).toBe('master');
    expect(rec['num-slaves']).toBe('1');
    expect(rec['num-other-sentinels']).toBe('0');
    expect(Number(rec['info-refresh'])).toBeLessThan(100000);
    expect(errorText((await real.call(['SENTINEL', 'PRIMARY', NAME])).value)).toBe(unknownSub('PRIMARY'));
    // Lower case as Valkey's init-tests sends it.
    expect(recordOf((await ours.call(['sentinel', 'primary', NAME])).value).name).toBe(NAME);
  });

  it('SENTINEL GET-PRIMARY-ADDR-BY-NAME answers the same bytes as GET-MASTER-ADDR-BY-NAME', async () => {
    setup.check();
    const p = await ours.call(['SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', NAME]);
    const m = await ours.call(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME]);
    expect(p.raw.toString()).toBe(m.raw.toString());
    expect(plain(p.value)).toEqual(['127.0.0.1', String(trio.master.port)]);
    // An unknown name is a null array for both spellings.
    const pn = await ours.call(['SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', 'nosuch']);
    const mn = await real.call(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nosuch']);
    expect(pn.raw.toString()).toBe(mn.raw.toString());
    expect(errorText((await real.call(['SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', NAME])).value)).toBe(unknownSub('GET-PRIMARY-ADDR-BY-NAME'));
  });

  it('SENTINEL IS-PRIMARY-DOWN-BY-ADDR checks if the primary is down, and votes as IS-MASTER-DOWN-BY-ADDR does', async () => {
    setup.check();
    const port = String(trio.master.port);
    // Fetching the vote of an epoch already voted in gives the same answer under both names.
    const p = await ours.call(['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', port, '99', ourId]);
    const m = await ours.call(['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', port, '99', ourId]);
    expect(plain(p.value)).toEqual([0, ourId, 99]);
    expect(p.raw.toString()).toBe(m.raw.toString());
    // A new epoch: the vote goes to the runid asked for.
    expect(plain((await ours.call(['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', port, '150', ourId])).value)).toEqual([0, ourId, 150]);
    // Not seeking a vote, or not a master we watch: no leader.
    expect(plain((await ours.call(['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', port, '0', '*'])).value)).toEqual([0, '*', 0]);
    expect(plain((await ours.call(['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', '1', '0', ourId])).value)).toEqual([0, '*', 0]);
    expect(errorText((await real.call(['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', port, '0', '*'])).value)).toBe(unknownSub('IS-PRIMARY-DOWN-BY-ADDR'));
  });
});

describe('the new names with their errors: those of the 7.0 names they stand for', () => {
  const cases: Array<{ args: string[]; same: string[] }> = [
    { args: ['SENTINEL', 'PRIMARY', 'nosuch'], same: ['SENTINEL', 'MASTER', 'nosuch'] },
    { args: ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'], same: ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'] },
    { args: ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', '1', 'x', '*'], same: ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '1', 'x', '*'] },
  ];
  for (const c of cases) {
    it(`${c.args.join(' ')} errs as ${c.same.join(' ')} does on 7.0.15`, async () => {
      setup.check();
      const o = await ours.call(c.args);
      const r = await real.call(c.same);
      expect(o.value.type).toBe('error');
      expect(o.raw.toString()).toBe(r.raw.toString());
    });
  }

  const arity: Array<[string, string[]]> = [
    ['primaries', ['SENTINEL', 'PRIMARIES', 'extra']],
    ['primary', ['SENTINEL', 'PRIMARY']],
    ['get-primary-addr-by-name', ['SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME']],
    ['is-primary-down-by-addr', ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', '1', '0']],
  ];
  for (const [sub, args] of arity) {
    it(`${args.join(' ')}: the arity of the 7.0 command, with 7.0's arity error`, async () => {
      setup.check();
      expect(errorText((await ours.call(args)).value)).toBe(`ERR wrong number of arguments for 'sentinel|${sub}' command`);
      // 7.0.15 says the subcommand is unknown before it counts.
      expect(errorText((await real.call(args)).value)).toBe(unknownSub(args[1] ?? ''));
    });
  }
});

describe('the new names in ACL rules and COMMAND INFO', () => {
  it('are subcommands of their own, as in Valkey: COMMAND INFO lists them and a rule names each spelling', async () => {
    setup.check();
    const info = JSON.stringify(plain((await ours.call(['COMMAND', 'INFO', 'SENTINEL'])).value));
    for (const sub of ['primaries', 'primary', 'get-primary-addr-by-name', 'is-primary-down-by-addr']) expect(info).toContain(`sentinel|${sub}`);
    expect(plain((await ours.call(['ACL', 'SETUSER', 'vk', 'on', 'nopass', '-@all', '+sentinel|primary'])).value)).toBe('OK');
    const c = await RespClient.connect(ours.port);
    try {
      expect(plain((await c.call(['AUTH', 'vk', 'x'])).value)).toBe('OK');
      expect(recordOf((await c.call(['SENTINEL', 'PRIMARY', NAME])).value).name).toBe(NAME);
      expect(errorText((await c.call(['SENTINEL', 'MASTER', NAME])).value)).toBe("NOPERM this user has no permissions to run the 'sentinel|master' command");
      expect(errorText((await c.call(['SENTINEL', 'PRIMARIES'])).value)).toBe("NOPERM this user has no permissions to run the 'sentinel|primaries' command");
    } finally {
      c.close();
      await ours.call(['ACL', 'DELUSER', 'vk']);
    }
  });
});

describe('SENTINEL SET primary-reboot-down-after-period (12-primary-reboot)', () => {
  it('takes both spellings, as 12-primary-reboot sets them; 7.0.15 knows only master-', async () => {
    setup.check();
    for (const role of ['master', 'primary']) {
      expect(plain((await ours.call(['SENTINEL', 'SET', NAME, `${role}-reboot-down-after-period`, '5000'])).value)).toBe('OK');
    }
    expect(plain((await real.call(['SENTINEL', 'SET', NAME, REDIS_OPTION, '5000'])).value)).toBe('OK');
    expect(errorText((await real.call(['SENTINEL', 'SET', NAME, VALKEY_OPTION, '5000'])).value)).toBe(
      `ERR Unknown option or number of arguments for SENTINEL SET '${VALKEY_OPTION}'`,
    );
  });

  it("is refused as 7.0's option is: a negative or non-number value, a missing value (echoing the name as typed)", async () => {
    setup.check();
    for (const [v, opt] of [
      ['-1', 'PRIMARY-reboot-down-after-period'],
      ['abc', VALKEY_OPTION],
    ] as const) {
      expect(errorText((await ours.call(['SENTINEL', 'SET', NAME, opt, v])).value)).toBe(`ERR Invalid argument '${v}' for SENTINEL SET '${opt}'`);
      const r = errorText((await real.call(['SENTINEL', 'SET', NAME, REDIS_OPTION, v])).value);
      expect(r).toBe(`ERR Invalid argument '${v}' for SENTINEL SET '${REDIS_OPTION}'`);
    }
    // With the value missing the option counts as unknown, as in 7.0.
    expect(errorText((await ours.call(['SENTINEL', 'SET', NAME, 'quorum', '1', VALKEY_OPTION])).value)).toBe(
      `ERR Unknown option or number of arguments for SENTINEL SET '${VALKEY_OPTION}'`,
    );
  });

  it('persists under the name SET used last, and switches back with the 7.0 name', async () => {
    setup.check();
    const lines = (): string[] => ours.readConfig().split('\n').filter((l) => l.includes('reboot-down-after-period'));
    expect(plain((await ours.call(['SENTINEL', 'SET', NAME, VALKEY_OPTION, '6000'])).value)).toBe('OK');
    expect(lines()).toEqual([`sentinel ${VALKEY_OPTION} ${NAME} 6000`]);
    expect(plain((await ours.call(['SENTINEL', 'SET', NAME, REDIS_OPTION, '7000'])).value)).toBe('OK');
    expect(lines()).toEqual([`sentinel ${REDIS_OPTION} ${NAME} 7000`]);
    expect(plain((await ours.call(['SENTINEL', 'SET', NAME, VALKEY_OPTION, '0'])).value)).toBe('OK');
    expect(lines()).toEqual([]);
  });

  it('emits +set with the option as typed', async () => {
    setup.check();
    const from = ours.logOffset();
    expect(plain((await ours.call(['SENTINEL', 'SET', NAME, VALKEY_OPTION, '4000'])).value)).toBe('OK');
    await waitFor(() => ours.logLines(from).some((l) => l.includes(`+set master ${NAME} 127.0.0.1 ${trio.master.port} ${VALKEY_OPTION} 4000`)), 5000, 50, 'the +set event');
  });
});

describe('a config file in Valkey spelling', () => {
  function conf(dir: string, port: number, option: string): string {
    const p = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(p, [`port ${port}`, `dir "${dir}"`, `sentinel monitor ${NAME} 127.0.0.1 ${trio.master.port} 1`, `sentinel ${option} ${NAME} 9000`, ''].join('\n'));
    return p;
  }

  it('loads in ours and keeps its spelling through the rewrite; 7.0.15 refuses the file', async () => {
    setup.check();
    const s = await SentinelProcess.start({
      binary: OURS_BIN,
      masterPort: trio.master.port,
      downAfterMs: BIG_DOWN_AFTER,
      extraConfig: [`sentinel ${VALKEY_OPTION} ${NAME} 9000`],
    });
    expect(plain((await s.call(['SENTINEL', 'FLUSHCONFIG'])).value)).toBe('OK');
    const lines = s.readConfig().split('\n').filter((l) => l.includes('reboot-down-after-period'));
    expect(lines).toEqual([`sentinel ${VALKEY_OPTION} ${NAME} 9000`]);
    await s.stop();

    const dir = makeTmpDir('valkey-conf-real');
    const r = spawnSync(REAL_SENTINEL_BIN, [conf(dir, 1, VALKEY_OPTION)], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`>>> 'sentinel ${VALKEY_OPTION} ${NAME} 9000'`);
    expect(r.stderr).toContain('Unrecognized sentinel configuration statement.');
  });

  it("ours refuses a bad value under the Valkey name with 7.0's error for the option", async () => {
    setup.check();
    const dir = makeTmpDir('valkey-conf-bad');
    const p = conf(dir, 1, VALKEY_OPTION);
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(' 9000', ' -5'));
    const r = spawnSync(process.execPath, [OURS_BIN, p], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`>>> 'sentinel ${VALKEY_OPTION} ${NAME} -5'`);
    expect(r.stderr).toContain('negative time parameter.');
  });
});

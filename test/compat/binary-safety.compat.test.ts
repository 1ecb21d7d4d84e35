/**
 * Binary safety: requests whose arguments are not valid UTF-8 (\xff\xfe,
 * \xfd\xfc, \x80), contain NUL bytes, or are valid UTF-8 multibyte text (for
 * contrast), sent as raw RESP built from Buffers to the real redis-sentinel
 * 7.0.15 (REAL_SENTINEL_BIN, default /usr/bin/redis-sentinel) and to the
 * sentinel under test (SENTINEL_BIN, default bin/redis-sentinel-ts). Replies
 * are compared byte for byte where deterministic; per-process values (ports,
 * ids, paths, times) are replaced by tokens first. Every difference is
 * recorded (soft assertions) and the list is printed at the end.
 *
 * Redis treats every argument as bytes: two names that differ only in invalid
 * UTF-8 bytes are two different names, a password is compared byte for byte.
 * A daemon that decodes requests as UTF-8 turns every invalid byte into U+FFFD
 * and makes them collide; the AUTH regressions below assert WRONGPASS on the
 * sentinel under test explicitly, not only "same as redis-sentinel".
 *
 * NUL bytes: redis-sentinel 7.0.15 cuts master names, hello channel names,
 * sentinel-pass, auth-user, rename-command values, vote run ids and the
 * arguments quoted in unknown-command errors at the first NUL (it copies them
 * with C string functions), while passwords, channel names, PING payloads and
 * ACL user names stay binary-safe. For the cutting cases our documented
 * behaviour (README) is to keep the full bytes. Each of those cases (listed in
 * NUL_CASES at the end of the run) accepts exactly two outcomes: the reply of
 * redis-sentinel (cut at NUL) or the reply the full bytes give, spelled out
 * in the test; all of them must follow the same one of the two rules.
 *
 * Three pairs of sentinels, each side configured alone (quorum 1, huge
 * down-after, SENTINEL DEBUG default-down-after huge, so nothing fails over):
 *  - A: names, passwords, channels, inline requests, hello payloads; both
 *    also watch one redis-server whose requirepass is binary (auth-pass end to
 *    end) and discover each other through its hello channel under a binary
 *    master name; at the end the config rewrite and a restart on it.
 *  - B: requirepass, user, sentinel-pass... given in the config file with
 *    \xHH escapes; rewrite and restart.
 *  - C: integers above 2^53, CONFIG SET values, NUL in values (kept apart so
 *    that epochs do not travel between the two sides through hellos).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DifferenceLog } from '../helpers/compat-differences';
import { getFreePort } from '../helpers/free-port';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { RedisProcess } from '../helpers/redis-process';
import { command, parseReply, Reply, RespClient, RespValue, showBytes } from '../helpers/resp-client';
import {
  assertSentinelBinUsable,
  REAL_SENTINEL_BIN,
  SentinelProcess,
  sentinelBinUnderTest,
} from '../helpers/sentinel-process';
import { setupGuard } from '../helpers/setup-guard';
import { sleep, waitFor } from '../helpers/wait';

const OURS_BIN = sentinelBinUnderTest();
const BIG_DOWN_AFTER = 3_600_000;

/** Bytes of a string written with \xHH escapes: one char per byte. */
const L = (s: string): Buffer => Buffer.from(s, 'latin1');
type Arg = string | Buffer | number;
const argBytes = (a: Arg): Buffer => (Buffer.isBuffer(a) ? a : L(String(a)));
const showArgs = (args: Arg[]): string => args.map((a) => showBytes(argBytes(a))).join(' ');
/** Bytes shown readably; long ones cut, with a digest of the whole so that any difference shows. */
function shown(b: Buffer): string {
  const max = 20000;
  if (b.length <= max) return showBytes(b, max);
  return `${showBytes(b, max)} sha1=${createHash('sha1').update(b).digest('hex')}`;
}

const MASTER_PASS = L('\xff\xfe\x80pw'); // requirepass of the redis-server watched by pair A
const FAKE_RUNID = '1234567890abcdef1234567890abcdef12345678';

// ---------------------------------------------------------------------------
// Difference recording

const diffs = new DifferenceLog((x) => (typeof x === 'string' ? x : shown(x)));
const record = diffs.record.bind(diffs);
const sameBytes = diffs.sameBytes.bind(diffs);
const sameValue = diffs.sameValue.bind(diffs);

/** An explicit requirement on the sentinel under test (not only "same as real"). */
function oursMust(request: string, wanted: string, ours: Buffer): void {
  const o = showBytes(ours);
  if (o !== wanted) record(`${request} [explicit requirement]`, wanted, o);
  expect.soft(o, `${request}: the sentinel under test must answer ${wanted}`).toBe(wanted);
}

// NUL cases: redis-sentinel cuts at NUL, ours may keep the full bytes (documented).
type NulMode = 'cut at NUL (as redis-sentinel)' | 'full bytes (documented difference)';
/** `same either way`: both rules give the same reply here (it does not tell which rule is followed). */
type NulOutcome = NulMode | 'same either way' | 'neither';
const nulCases: Array<{ test: string; request: string; mode: NulOutcome }> = [];

function nulCase(request: string, real: Buffer | string, ours: Buffer | string, fullBytes: Buffer | string): void {
  const r = typeof real === 'string' ? real : showBytes(real);
  const o = typeof ours === 'string' ? ours : showBytes(ours);
  const f = typeof fullBytes === 'string' ? fullBytes : showBytes(fullBytes);
  let mode: NulOutcome;
  if (r === f) mode = o === r ? 'same either way' : 'neither';
  else mode = o === r ? 'cut at NUL (as redis-sentinel)' : o === f ? 'full bytes (documented difference)' : 'neither';
  nulCases.push({ test: diffs.current, request, mode });
  if (mode === 'neither') record(`${request} [NUL case]`, `${r} (redis-sentinel, cut at NUL) or ${f} (full bytes)`, o);
  expect.soft(mode, `${request}: neither the redis-sentinel reply nor the full-bytes reply`).not.toBe('neither');
}

// ---------------------------------------------------------------------------
// Sides, calls, normalisation

interface Side {
  label: 'real' | 'ours';
  s: SentinelProcess;
  myid: string;
  /** AUTH arguments sent first on every connection (pair B). */
  auth?: Arg[];
  peer: () => Side;
  /** Extra per-process values to replace by tokens. */
  extra: Map<string, string>;
}
interface Pair {
  real: Side;
  ours: Side;
}

function substitutions(side: Side): Array<[string, string]> {
  const peer = side.peer();
  const list: Array<[string, string]> = [
    [side.s.configFile, '<SELF-CONFIG-FILE>'],
    [side.s.dir, '<SELF-DIR>'],
    [peer.s.dir, '<PEER-DIR>'],
    ...(side.myid ? ([[side.myid, '<SELF-MYID>']] as Array<[string, string]>) : []),
    ...(peer.myid ? ([[peer.myid, '<PEER-MYID>']] as Array<[string, string]>) : []),
    [String(side.s.port), '<SELF-PORT>'],
    [String(peer.s.port), '<PEER-PORT>'],
    ...side.extra,
  ];
  return list.sort((a, b) => b[0].length - a[0].length);
}

/** Raw bytes with per-process values replaced, shown readably. */
function norm(side: Side, raw: Buffer): string {
  let t = raw.toString('latin1');
  for (const [k, token] of substitutions(side)) {
    // Numbers (ports) only as whole numbers: a port may occur inside a big epoch or a hash.
    if (/^\d+$/.test(k)) t = t.replace(new RegExp(`(?<![0-9])${k}(?![0-9])`, 'g'), token);
    else t = t.split(k).join(token);
  }
  return shown(L(t));
}

function decode(raw: Buffer): RespValue {
  const r = parseReply(raw, 0, 'latin1');
  if (!r) throw new Error(`incomplete reply ${showBytes(raw)}`);
  return r.value;
}

/** A reply-like object for a call that failed (connection refused, timeout...). */
function failed(e: unknown): Reply {
  const msg = e instanceof Error ? e.message : String(e);
  return { raw: L(`<no reply: ${msg.split('\n')[0]}>`), value: { type: 'error', value: `no reply: ${msg}` } };
}

/** One request on a fresh connection (after AUTH for pair B); the value decoded as latin1 (one char per byte). */
async function callSide(side: Side, args: Arg[], timeoutMs = 5000): Promise<Reply> {
  try {
    let raw: Buffer;
    if (!side.auth) raw = (await command(side.s.port, args, timeoutMs)).raw;
    else {
      const c = await RespClient.connect(side.s.port);
      try {
        await c.call(side.auth, timeoutMs);
        raw = (await c.call(args, timeoutMs)).raw;
      } finally {
        c.close();
      }
    }
    return { raw, value: decode(raw) };
  } catch (e) {
    return failed(e);
  }
}

async function both(p: Pair, args: Arg[]): Promise<[Reply, Reply]> {
  return Promise.all([callSide(p.real, args), callSide(p.ours, args)]);
}

/** Same request to both (fresh connections), normalised replies compared byte for byte. */
async function bothBytes(p: Pair, args: Arg[], label = showArgs(args)): Promise<[Reply, Reply]> {
  const r = await both(p, args);
  const cmd = args.map((a) => String(a).toLowerCase());
  // Lists in hash order (different per process): compared sorted.
  if (cmd.length === 1 && cmd[0] === 'role') sameValue(`${label} (names, sorted)`, roleNames(r[0]), roleNames(r[1]));
  else if (cmd.length === 2 && cmd[0] === 'info' && cmd[1] === 'sentinel') {
    sameValue(`${label} (masterN lines sorted)`, infoSentinel(p.real, r[0]), infoSentinel(p.ours, r[1]));
  } else sameBytes(label, norm(p.real, r[0].raw), norm(p.ours, r[1].raw));
  return r;
}

async function connectBoth(p: Pair): Promise<[RespClient, RespClient]> {
  const conn = async (side: Side) => {
    const c = await RespClient.connect(side.s.port);
    if (side.auth) await c.call(side.auth);
    return c;
  };
  return Promise.all([conn(p.real), conn(p.ours)]);
}

async function readSafe(c: RespClient, n: number, timeoutMs = 3000): Promise<Buffer> {
  try {
    return Buffer.concat((await c.readReplies(n, timeoutMs)).map((r) => r.raw));
  } catch (e) {
    return Buffer.concat([c.pending, failed(e).raw]);
  }
}

/** Sends one request on both connections, compares the next `n` replies. */
async function seqBoth(p: Pair, ca: RespClient, cb: RespClient, args: Arg[], n = 1, label = showArgs(args)): Promise<[Buffer, Buffer]> {
  ca.send(args);
  cb.send(args);
  const [a, b] = await Promise.all([readSafe(ca, n), readSafe(cb, n)]);
  sameBytes(label, norm(p.real, a), norm(p.ours, b));
  return [a, b];
}

function str(v: RespValue | undefined): string {
  if (!v) return '<missing>';
  if (v.value === null) return '<null>';
  return showBytes(L(String(v.value)));
}

/** Flat key/value pairs of an instance map (RESP2 array or RESP3 map). */
function pairs(v: RespValue): Array<[string, RespValue]> {
  if (v.type === 'map') return v.value.map(([k, x]) => [String(k.value), x]);
  if (v.type === 'array' && v.value) {
    const out: Array<[string, RespValue]> = [];
    for (let i = 0; i + 1 < v.value.length; i += 2) out.push([String(v.value[i]!.value), v.value[i + 1]!]);
    return out;
  }
  return [];
}

const TIME_FIELDS = new Set([
  'link-pending-commands',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  's-down-time',
  'o-down-time',
  'info-refresh',
  'role-reported-time',
  'last-hello-message',
]);

/** One instance map: `field: type value`, times by shape, per-process values as tokens. */
function normInstance(side: Side, v: RespValue): string[] {
  if (v.type === 'error') return [`error: ${str(v)}`];
  const out: string[] = [`(${v.type} ${v.type === 'array' && v.value ? v.value.length : v.type === 'map' ? v.value.length : ''})`];
  for (const [k, x] of pairs(v)) {
    let shown: string;
    if (TIME_FIELDS.has(k)) shown = /^\d+$/.test(String(x.value)) ? '<int>' : str(x);
    else if (k === 'runid' && /^[0-9a-f]{40}$/.test(String(x.value)) && !substitutions(side).some(([s]) => s === x.value)) shown = '<runid>';
    else shown = norm(side, L(String(x.value ?? '<null>')));
    out.push(`${k}: ${x.type} ${shown}`);
  }
  return out;
}

/** An array of instance maps, sorted by their name field (hash order in redis). */
function normInstances(side: Side, v: RespValue): unknown {
  if (v.type !== 'array' || v.value === null) return { unexpected: v.type, value: str(v) };
  const items = v.value.map((x) => normInstance(side, x));
  items.sort((a, b) => (a[1] ?? '').localeCompare(b[1] ?? ''));
  return { length: v.value.length, items };
}

/**
 * Asked again (a few times, 100 ms apart) while the two differ, so that only a
 * difference that lasts is reported. The flags of an instance that refuses
 * connections (port 1 here) are not quite stable: each second a reconnect
 * marks its link connected until the refusal is read. redis-sentinel gets a
 * loopback refusal from connect() at once and never shows it connected; Node
 * reports it at the next poll, so for that moment (longer on a loaded
 * machine) ours lists "master" where redis lists "master,disconnected".
 */
const INSTANCE_ASKS = 5;

async function bothInstances(p: Pair, args: Arg[], single = false): Promise<void> {
  const f = (side: Side, r: Reply) => (single ? normInstance(side, r.value) : normInstances(side, r.value));
  let real: unknown;
  let ours: unknown;
  for (let ask = 1; ; ask++) {
    const [a, b] = await both(p, args);
    real = f(p.real, a);
    ours = f(p.ours, b);
    if (ask === INSTANCE_ASKS || JSON.stringify(real) === JSON.stringify(ours)) break;
    await sleep(100);
  }
  sameValue(`${showArgs(args)} (fields, order, types, stable values)`, real, ours);
}

/** The names in ROLE, sorted (hash order in redis). */
function roleNames(r: Reply): string[] {
  const v = r.value;
  if (v.type !== 'array' || !v.value || v.value[1]?.type !== 'array') return [`unexpected: ${showBytes(r.raw)}`];
  return (v.value[1].value ?? []).map((x) => str(x)).sort();
}

/** INFO sentinel with the masterN lines sorted and their index dropped. */
function infoSentinel(side: Side, r: Reply): string[] {
  const text = r.value.type === 'bulk' ? String(r.value.value) : showBytes(r.raw);
  const lines = text.split('\r\n').map((l) => norm(side, L(l)));
  const head = lines.filter((l) => !/^master\d+:/.test(l));
  const masters = lines.filter((l) => /^master\d+:/.test(l)).map((l) => l.replace(/^master\d+:/, 'masterN:')).sort();
  return [...head, ...masters];
}

/** The lines of a rewritten config that carry sentinel state, users, passwords; normalised and sorted. */
function stateLines(side: Side, skip: (line: string) => boolean = () => false): string[] {
  const text = fs.readFileSync(side.s.configFile).toString('latin1');
  return text
    .split('\n')
    .filter((l) => /^(sentinel |user |requirepass )/.test(l) && !l.startsWith('sentinel myid ') && !skip(l))
    .map((l) => norm(side, L(l)))
    .sort();
}

function exclusionNote(side: Side, skip: (line: string) => boolean): string[] {
  const text = fs.readFileSync(side.s.configFile).toString('latin1');
  return text
    .split('\n')
    .filter((l) => skip(l))
    .map((l) => norm(side, L(l)));
}

async function startPair(extraConfig: string[], auth?: Arg[]): Promise<Pair> {
  const opts = { masterPort: 0, quorum: 1, downAfterMs: BIG_DOWN_AFTER, extraConfig, readyOnNoAuth: auth !== undefined };
  const [sr, so] = await Promise.all([
    SentinelProcess.start({ ...opts, binary: REAL_SENTINEL_BIN }),
    SentinelProcess.start({ ...opts, binary: OURS_BIN }),
  ]);
  const p = {} as Pair;
  p.real = { label: 'real', s: sr, myid: '', auth, peer: () => p.ours, extra: new Map() };
  p.ours = { label: 'ours', s: so, myid: '', auth, peer: () => p.real, extra: new Map() };
  for (const side of [p.real, p.ours]) {
    const r = await callSide(side, ['SENTINEL', 'MYID']);
    side.myid = r.value.type === 'bulk' && r.value.value ? String(r.value.value) : '';
    await callSide(side, ['SENTINEL', 'DEBUG', 'default-down-after', String(BIG_DOWN_AFTER)]);
  }
  return p;
}

async function restartSide(side: Side): Promise<string | undefined> {
  try {
    await side.s.stop('SIGKILL');
    await side.s.restart(15000);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}

async function waitRunidKnown(side: Side, name: Buffer, timeoutMs: number): Promise<string> {
  let last = '';
  try {
    await waitFor(
      async () => {
        const r = await callSide(side, ['SENTINEL', 'MASTER', name]);
        const rec = Object.fromEntries(pairs(r.value).map(([k, v]) => [k, String(v.value)]));
        last = `runid=${rec.runid ?? '?'} flags=${rec.flags ?? showBytes(r.raw)}`;
        return /^[0-9a-f]{40}$/.test(rec.runid ?? '') && rec['role-reported'] === 'master';
      },
      timeoutMs,
      250,
    );
    return 'runid known (INFO answered: AUTH with auth-pass accepted)';
  } catch {
    return `runid not known after ${timeoutMs} ms (${last})`;
  }
}

// ---------------------------------------------------------------------------

describe(`binary safety: ${REAL_SENTINEL_BIN} vs ${OURS_BIN}`, () => {
  let A: Pair;
  let redis: RedisProcess;
  let fakePort: number;
  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      if (!fs.existsSync(REAL_SENTINEL_BIN)) {
        throw new Error(`The reference redis-sentinel is missing at ${REAL_SENTINEL_BIN} (Debian package redis-sentinel, or set REAL_SENTINEL_BIN).`);
      }
      assertSentinelBinUsable(OURS_BIN);
      redis = await RedisProcess.start();
      const r = await command(redis.port, ['CONFIG', 'SET', 'requirepass', MASTER_PASS]);
      if (r.raw.toString() !== '+OK\r\n') throw new Error(`CONFIG SET requirepass on redis-server: ${showBytes(r.raw)}`);
      fakePort = await getFreePort();
      A = await startPair([]);
      for (const side of [A.real, A.ours]) {
        side.extra.set(String(redis.port), '<REDIS-PORT>');
        side.extra.set(String(fakePort), '<FAKE-SENTINEL-PORT>');
      }
    });
  }, 60000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
    const file = process.env.COMPAT_REPORT ?? path.join(os.tmpdir(), 'redis-sentinel-ts-binary-compat-differences.json');
    const modes = [...new Set(nulCases.map((c) => c.mode))];
    console.log(
      `[binary-compat] NUL cases (redis-sentinel cuts at NUL; ours: ${modes.join(' / ') || 'none ran'}):\n` +
        nulCases.map((c) => `  [${c.test}] ${c.request}: ${c.mode}`).join('\n'),
    );
    diffs.report('binary-compat', file, `${REAL_SENTINEL_BIN} vs ${OURS_BIN}`, { nulCases });
  }, 30000);

  it('auth-pass with invalid UTF-8 bytes reaches the master; the two sentinels discover each other under a binary master name', async () => {
    setup.check();
    diffs.current = 'auth-pass and hello discovery';
    const name = L('x\xff');
    await bothBytes(A, ['SENTINEL', 'MONITOR', name, '127.0.0.1', redis.port, '1']);
    await bothBytes(A, ['SENTINEL', 'SET', name, 'auth-pass', MASTER_PASS]);
    // A second name for the same master with a password that differs only in invalid bytes.
    const wrong = L('x\xfe');
    await bothBytes(A, ['SENTINEL', 'MONITOR', wrong, '127.0.0.1', redis.port, '1']);
    await bothBytes(A, ['SENTINEL', 'SET', wrong, 'auth-pass', L('\xfd\xfc\x80pw')]);
    const [ra, rb] = await Promise.all([waitRunidKnown(A.real, name, 15000), waitRunidKnown(A.ours, name, 15000)]);
    expect(ra, 'reference: redis-sentinel authenticates with the binary auth-pass').toMatch(/^runid known/);
    sameValue('SENTINEL MASTER x\\xff after SET auth-pass \\xff\\xfe\\x80pw (the master answers INFO)', ra, rb);
    // The wrong password never authenticates: INFO keeps failing with NOAUTH.
    const [wa, wb] = await Promise.all([waitRunidKnown(A.real, wrong, 2000), waitRunidKnown(A.ours, wrong, 2000)]);
    sameValue('SENTINEL MASTER x\\xfe after SET auth-pass \\xfd\\xfc\\x80pw (wrong password: INFO never answered)', wa.replace(/\(.*\)/, ''), wb.replace(/\(.*\)/, ''));
    await bothBytes(A, ['SENTINEL', 'REMOVE', wrong]);
    // Hellos carry the master name; each must recognise the other's.
    let last: string[] = [];
    try {
      await waitFor(
        async () => {
          const rs = await both(A, ['SENTINEL', 'SENTINELS', name]);
          last = rs.map((r) => showBytes(r.raw).slice(0, 120));
          // Listed and linked: the fields compared below include the link's flags.
          return rs.every((r) => r.value.type === 'array' && r.value.value?.length === 1 && !showBytes(r.raw).includes('disconnected'));
        },
        20000,
        250,
      );
    } catch {
      /* compared below */
    }
    const count = (r: Reply) => (r.value.type === 'array' && r.value.value ? r.value.value.length : -1);
    const [sa, sb] = await both(A, ['SENTINEL', 'SENTINELS', name]);
    // Each side discovers the other only if the other's hellos name x\xff byte for byte.
    sameValue(
      `SENTINEL SENTINELS x\\xff: number of peers each side discovered through hellos naming x\\xff (last seen: ${JSON.stringify(last)})`,
      { realListsOurs: 1, oursListsReal: 1 },
      { realListsOurs: count(sa), oursListsReal: count(sb) },
    );
    await bothInstances(A, ['SENTINEL', 'SENTINELS', name]);
    await bothInstances(A, ['SENTINEL', 'MASTER', name], true);
    await bothBytes(A, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name]);
    await bothBytes(A, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('x\xfd')]);
  }, 60000);

  it('AUTH regression: ACL user with an invalid UTF-8 password refuses a different password (WRONGPASS)', async () => {
    setup.check();
    diffs.current = 'AUTH / ACL';
    await bothBytes(A, ['ACL', 'SETUSER', 'binu', 'on', L('>\xff\xfe'), '+@all']);
    const [wa, wb] = await bothBytes(A, ['AUTH', 'binu', L('\xfd\xfc')]);
    expect(wa.raw.toString(), 'reference').toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    oursMust('AUTH binu \\xfd\\xfc (password is \\xff\\xfe)', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', wb.raw);
    const [oa, ob] = await bothBytes(A, ['AUTH', 'binu', L('\xff\xfe')]);
    expect(oa.raw.toString(), 'reference').toBe('+OK\r\n');
    oursMust('AUTH binu \\xff\\xfe (the right password)', '+OK\\r\\n', ob.raw);
    for (const pw of [L('\xff'), L('\xff\xfe\x00'), L('\xef\xbf\xbd\xef\xbf\xbd'), L('\xff\xff')]) {
      const [, b] = await bothBytes(A, ['AUTH', 'binu', pw]);
      oursMust(`AUTH binu ${showBytes(pw)}`, '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', b.raw);
    }
    // NUL inside a password and an invalid byte in the user name.
    await bothBytes(A, ['ACL', 'SETUSER', L('u\xff'), 'on', L('>p\x00q'), '+@all']);
    await bothBytes(A, ['AUTH', L('u\xff'), L('p\x00q')]);
    const [, nb] = await bothBytes(A, ['AUTH', L('u\xff'), L('p')]);
    oursMust('AUTH u\\xff p (password is p\\x00q)', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', nb.raw);
    const [, ub] = await bothBytes(A, ['AUTH', L('u\xfe'), L('p\x00q')]);
    oursMust('AUTH u\\xfe p\\x00q (user is u\\xff)', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', ub.raw);
    await bothBytes(A, ['ACL', 'SETUSER', 'utf8u', 'on', L('>\xe2\x82\xac'), '+@all']);
    await bothBytes(A, ['AUTH', 'utf8u', L('\xe2\x82\xac')]);
    await bothBytes(A, ['AUTH', 'utf8u', L('\xe2\x82')]);
    await bothBytes(A, ['ACL', 'SETUSER', L('u\x00z'), 'on', 'nopass']);
    await bothBytes(A, ['ACL', 'SETUSER', 'chu', 'on', 'nopass', 'resetchannels', L('&ch\xff'), L('&pa\xfe*'), '+@all']);
    for (const args of [
      ['ACL', 'GETUSER', 'binu'],
      ['ACL', 'GETUSER', L('u\xff')],
      ['ACL', 'GETUSER', L('u\xfe')],
      ['ACL', 'GETUSER', 'chu'],
      ['ACL', 'USERS'],
      ['ACL', 'LIST'],
      ['ACL', 'DRYRUN', L('u\xff'), 'ping'],
      ['ACL', 'DRYRUN', L('u\xfe'), 'ping'],
      ['ACL', 'DELUSER', L('u\xfd')],
    ] as Arg[][]) {
      await bothBytes(A, args);
    }
    // Same connection: who am I after each AUTH; HELLO AUTH; channel permissions.
    const [ca, cb] = await connectBoth(A);
    try {
      for (const args of [
        ['AUTH', L('u\xff'), L('p\x00q')],
        ['ACL', 'WHOAMI'],
        ['AUTH', 'binu', L('\xfd\xfc')],
        ['ACL', 'WHOAMI'],
        ['HELLO', '3', 'AUTH', 'binu', L('\xfd\xfc')],
        ['ACL', 'WHOAMI'],
        ['AUTH', 'chu', 'x'],
        ['SUBSCRIBE', L('ch\xfe')],
        ['PSUBSCRIBE', L('pa\xfd*')],
        ['SUBSCRIBE', L('ch\xff')],
        ['PSUBSCRIBE', L('pa\xfe*')],
        ['UNSUBSCRIBE', L('ch\xff')],
        ['PUNSUBSCRIBE', L('pa\xfe*')],
      ] as Arg[][]) {
        await seqBoth(A, ca, cb, args, 1, `${showArgs(args)} (one connection)`);
      }
      const hid = (side: Side, b: Buffer) => norm(side, b).replace(/id\\r\\n:\d+/, 'id\\r\\n:<id>');
      ca.send(['HELLO', '3', 'AUTH', 'binu', L('\xff\xfe')]);
      cb.send(['HELLO', '3', 'AUTH', 'binu', L('\xff\xfe')]);
      const [ha, hb] = await Promise.all([readSafe(ca, 1), readSafe(cb, 1)]);
      sameBytes('HELLO 3 AUTH binu \\xff\\xfe (client id normalised)', hid(A.real, ha), hid(A.ours, hb));
      await seqBoth(A, ca, cb, ['ACL', 'WHOAMI'], 1, 'ACL WHOAMI after HELLO 3 AUTH binu \\xff\\xfe');
    } finally {
      ca.close();
      cb.close();
    }
  }, 60000);

  it('master names with invalid UTF-8 bytes are distinct names (MONITOR, GET-MASTER-ADDR-BY-NAME, MASTER, SET, RESET, REMOVE, ...), events carry them', async () => {
    setup.check();
    diffs.current = 'master names';
    const [ea, eb] = await connectBoth(A);
    try {
      const channels = ['+monitor', '-monitor', '+set', '+reset-master'];
      await seqBoth(A, ea, eb, ['SUBSCRIBE', ...channels], channels.length);
      const bff = L('b\xff');
      const bfe = L('b\xfe');
      const b80 = L('b\x80');
      const euro = L('\xe2\x82\xac');
      for (const args of [
        ['SENTINEL', 'MONITOR', bff, '127.0.0.1', '0', '1'],
        ['SENTINEL', 'MONITOR', bfe, '127.0.0.1', '0', '1'],
        ['SENTINEL', 'MONITOR', bff, '127.0.0.1', '0', '1'],
        ['SENTINEL', 'MONITOR', b80, '127.0.0.1', '0', '1'],
        ['SENTINEL', 'MONITOR', euro, '127.0.0.1', '0', '1'],
        ['SENTINEL', 'MONITOR', L('\xe2\x82'), '127.0.0.1', '0', '1'],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('b\xfd')],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', bff],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', euro],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('\xef\xbf\xbd')],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('b\xef\xbf\xbd')],
        ['SENTINEL', 'SET', bff, 'quorum', '2'],
        ['SENTINEL', 'SET', L('b\xfd'), 'quorum', '3'],
        ['SENTINEL', 'SET', bfe, 'parallel-syncs', '3'],
        ['SENTINEL', 'SET', bff, 'auth-user', L('u\xff\xe2\x82\xac')],
        ['SENTINEL', 'SET', bff, 'auth-pass', L('\xfd\xfc')],
        ['SENTINEL', 'SET', bff, 'rename-command', L('PING\xff'), L('P\xfe')],
        ['SENTINEL', 'SET', bff, 'notification-script', L('/nonexistent/\xff.sh')],
        ['SENTINEL', 'SET', bff, 'client-reconfig-script', L('/nonexistent/\xff.sh')],
        ['SENTINEL', 'SET', bff, L('\xff\xfe'), '1'],
        ['SENTINEL', 'SET', bff, 'quorum', L('1\xff')],
        ['SENTINEL', 'SET', bff, 'down-after-milliseconds', L('\xe2\x82\xac')],
        ['SENTINEL', 'MASTER', L('b\xfd')],
        ['SENTINEL', 'REPLICAS', bff],
        ['SENTINEL', 'REPLICAS', L('b\xfd')],
        ['SENTINEL', 'SLAVES', L('b\xfd')],
        ['SENTINEL', 'SENTINELS', bff],
        ['SENTINEL', 'SENTINELS', L('b\xfd')],
        ['SENTINEL', 'CKQUORUM', bff],
        ['SENTINEL', 'CKQUORUM', bfe],
        ['SENTINEL', 'CKQUORUM', L('b\xfd')],
        ['SENTINEL', 'FAILOVER', bff],
        ['SENTINEL', 'FAILOVER', L('b\xfd')],
        ['SENTINEL', 'INFO-CACHE', bff, L('b\xfd')],
        ['SENTINEL', 'INFO-CACHE', L('b\xfd')],
        ['SENTINEL', 'RESET', L('b\xfd')],
        ['SENTINEL', 'RESET', bff],
        ['SENTINEL', 'RESET', L('b[\x80-\xfe]')],
        ['SENTINEL', 'RESET', L('b?')],
        ['SENTINEL', 'RESET', L('b\\\xff')],
        ['SENTINEL', 'RESET', L('\xe2*')],
        ['SENTINEL', 'RESET', L('?')],
        ['SENTINEL', 'REMOVE', L('b\xfd')],
        ['SENTINEL', 'REMOVE', b80],
        ['SENTINEL', 'MASTER', b80],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', b80],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', L('127.0.0.\xff'), '0', '0', '*'],
      ] as Arg[][]) {
        await bothBytes(A, args);
      }
      for (const n of [bff, bfe, euro]) await bothInstances(A, ['SENTINEL', 'MASTER', n], true);
      await bothInstances(A, ['SENTINEL', 'MASTERS']);
      const [ra, rb] = await both(A, ['ROLE']);
      sameValue('ROLE (names, sorted)', roleNames(ra), roleNames(rb));
      const [ia, ib] = await both(A, ['INFO', 'sentinel']);
      sameValue('INFO sentinel (masterN lines sorted)', infoSentinel(A.real, ia), infoSentinel(A.ours, ib));
      // Events: payloads carry the names (and values) byte for byte.
      const [da, db] = await Promise.all([ea.drain(500), eb.drain(500)]);
      const msgs = (side: Side, buf: Buffer) => {
        const out: string[] = [];
        let pos = 0;
        for (;;) {
          let r: ReturnType<typeof parseReply> = null;
          try {
            r = parseReply(buf, pos, 'latin1');
          } catch {
            r = null;
          }
          if (!r) break;
          out.push(norm(side, buf.subarray(pos, r.end)));
          pos = r.end;
        }
        if (pos < buf.length) out.push(`<unparsed: ${showBytes(buf.subarray(pos))}>`);
        return out.sort();
      };
      sameValue('events +monitor -monitor +set +reset-master (sorted messages)', msgs(A.real, da), msgs(A.ours, db));
    } finally {
      ea.close();
      eb.close();
    }
  }, 60000);

  it('master names with NUL bytes (redis-sentinel cuts at NUL: allowed, documented difference)', async () => {
    setup.check();
    diffs.current = 'NUL in names';
    const addr = L('*2\r\n$9\r\n127.0.0.1\r\n$1\r\n0\r\n');
    const nil = L('*-1\r\n');
    await bothBytes(A, ['SENTINEL', 'MONITOR', L('nul\x00a'), '127.0.0.1', '0', '1']);
    const [ma, mb] = await both(A, ['SENTINEL', 'MONITOR', L('nul\x00b'), '127.0.0.1', '0', '2']);
    expect(ma.raw.toString(), 'reference: redis-sentinel cuts the name at NUL').toBe('-ERR Duplicate master name.\r\n');
    nulCase('SENTINEL MONITOR nul\\x00b 127.0.0.1 0 2 (after nul\\x00a)', ma.raw, mb.raw, '+OK\\r\\n');
    for (const [n, full] of [
      [L('nul'), nil],
      [L('nul\x00a'), addr],
      [L('nul\x00b'), addr],
      [L('nul\x00c'), nil],
    ] as Array<[Buffer, Buffer]>) {
      const [a, b] = await both(A, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', n]);
      nulCase(`SENTINEL GET-MASTER-ADDR-BY-NAME ${showBytes(n)}`, a.raw, b.raw, full);
    }
    // redis-sentinel stores the name cut at NUL; MASTER & co look the raw argument up (not found),
    // GET-MASTER-ADDR-BY-NAME, INFO-CACHE, MONITOR and RESET patterns use it cut at NUL.
    const nameOf = (r: Reply) => (r.value.type === 'error' ? showBytes(r.raw) : `name ${str(pairs(r.value).find(([k]) => k === 'name')?.[1])}`);
    const noSuch = '-ERR No such master with that name\\r\\n';
    for (const [n, full] of [
      [L('nul\x00a'), 'name nul\\x00a'],
      [L('nul'), noSuch],
    ] as Array<[Buffer, string]>) {
      const [a, b] = await both(A, ['SENTINEL', 'MASTER', n]);
      nulCase(`SENTINEL MASTER ${showBytes(n)} (error, or the name field)`, nameOf(a), nameOf(b), full);
    }
    for (const [args, full] of [
      [['SENTINEL', 'REPLICAS', L('nul\x00a')], '*0\\r\\n'],
      [['SENTINEL', 'REPLICAS', L('nul')], noSuch],
      [['SENTINEL', 'SENTINELS', L('nul\x00b')], '*0\\r\\n'],
      [['SENTINEL', 'SENTINELS', L('nul')], noSuch],
      [['SENTINEL', 'CKQUORUM', L('nul\x00a')], '+OK 1 usable Sentinels. Quorum and failover authorization can be reached\\r\\n'],
      [['SENTINEL', 'CKQUORUM', L('nul')], noSuch],
      [['SENTINEL', 'SET', L('nul\x00a'), 'quorum', '1'], '+OK\\r\\n'],
      [['SENTINEL', 'SET', L('nul'), 'quorum', '1'], noSuch],
      [['SENTINEL', 'FAILOVER', L('nul\x00a')], '-NOGOODSLAVE No suitable replica to promote\\r\\n'],
      [['SENTINEL', 'FAILOVER', L('nul')], noSuch],
      [['SENTINEL', 'INFO-CACHE', L('nul\x00a')], '*2\\r\\n$5\\r\\nnul\\x00a\\r\\n*1\\r\\n*2\\r\\n:0\\r\\n$-1\\r\\n'],
      [['SENTINEL', 'INFO-CACHE', L('nul')], '*0\\r\\n'],
      [['SENTINEL', 'RESET', L('nul\x00zz')], ':0\\r\\n'],
      [['SENTINEL', 'RESET', L('nul\x00a')], ':1\\r\\n'],
    ] as Array<[Arg[], string]>) {
      const [a, b] = await both(A, args);
      nulCase(showArgs(args), a.raw, b.raw, full);
    }
    const [ra, rb] = await both(A, ['ROLE']);
    const nulNames = (r: Reply) => roleNames(r).filter((n) => n.startsWith('nul')).join(',');
    nulCase('ROLE (names starting with nul)', nulNames(ra), nulNames(rb), 'nul\\x00a,nul\\x00b');
    // The unknown-command error quotes the arguments with %s.
    const [ua, ub] = await both(A, ['NOSUCHCMD', L('a\x00b'), 'c']);
    nulCase('unknown command NOSUCHCMD a\\x00b c (error text)', ua.raw, ub.raw, "-ERR unknown command 'NOSUCHCMD', with args beginning with: 'a\\x00b' 'c' \\r\\n");
    // PUBLISH: the channel is compared with strcmp.
    const [pa, pb] = await both(A, ['PUBLISH', L('__sentinel__:hello\x00x'), 'payload']);
    expect(pa.raw.toString(), 'reference').toBe(':1\r\n');
    nulCase('PUBLISH __sentinel__:hello\\x00x payload', pa.raw, pb.raw, '-ERR Only HELLO messages are accepted by Sentinel instances.\\r\\n');
    // Binary-safe in redis-sentinel too: same bytes required.
    for (const args of [
      ['PING', L('a\x00b\x00')],
      ['ACL', 'SETUSER', L('n\x00u'), 'on', 'nopass'],
      ['CLIENT', 'SETNAME', L('a\x00b')],
    ] as Arg[][]) {
      await bothBytes(A, args);
    }
  }, 30000);

  it('PING, ECHO, unknown commands and subcommands, CLIENT SETNAME, HELLO SETNAME with binary arguments', async () => {
    setup.check();
    diffs.current = 'PING / errors / client names';
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const args of [
      ['PING', L('\xff\xfe\x00\x80')],
      ['PING', L('\xe2\x82\xac')],
      ['PING', L('\xe2\x82')],
      ['PING', all],
      ['PING', Buffer.concat(Array.from({ length: 400 }, () => all))],
      ['ECHO', L('\xff')],
      [L('\xff\xfe'), L('\x80')],
      [L('\xe2\x82\xac')],
      ['SENTINEL', L('\xff')],
      ['CLIENT', L('\xff')],
      ['ACL', L('\xfe')],
      ['COMMAND', 'INFO', L('\xff')],
      ['COMMAND', 'DOCS', L('\xff')],
      ['CLIENT', 'SETNAME', L('n\xff')],
      ['CLIENT', 'SETNAME', L('n\x80')],
      ['CLIENT', 'SETNAME', L('n\x7f')],
      ['CLIENT', 'SETNAME', L('\xe2\x82\xac')],
      ['CLIENT', 'SETNAME', 'ok~name'],
      ['HELLO', '3', 'SETNAME', L('a\xff')],
      ['HELLO', L('3\xff')],
      ['HELLO', '2', 'AUTH', 'default', L('\xff\xfe')],
      ['AUTH', L('\xff\xfe')],
      ['CLIENT', 'KILL', 'USER', L('u\xfd')],
      ['CLIENT', 'KILL', 'ADDR', L('1.2.3.4:\xff')],
      ['CLIENT', 'REPLY', L('\xff')],
      ['INFO', L('\xff')],
    ] as Arg[][]) {
      const label = showArgs(args).length > 200 ? `${showArgs(args).slice(0, 60)}... (${argBytes(args[1]!).length} bytes)` : showArgs(args);
      const [a, b] = await both(A, args);
      sameBytes(label, norm(A.real, a.raw).replace(/id\\r\\n:\d+/, 'id\\r\\n:<id>'), norm(A.ours, b.raw).replace(/id\\r\\n:\d+/, 'id\\r\\n:<id>'));
    }
    const [ca, cb] = await connectBoth(A);
    try {
      await seqBoth(A, ca, cb, ['CLIENT', 'SETNAME', 'ok~name']);
      await seqBoth(A, ca, cb, ['CLIENT', 'SETNAME', L('n\xff')]);
      await seqBoth(A, ca, cb, ['CLIENT', 'GETNAME'], 1, 'CLIENT GETNAME (after a refused binary name)');
    } finally {
      ca.close();
      cb.close();
    }
  }, 30000);

  it('SUBSCRIBE / PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE with binary channel names; PUBLISH', async () => {
    setup.check();
    diffs.current = 'pub/sub channels';
    const [ca, cb] = await connectBoth(A);
    const [sa, sb] = await connectBoth(A);
    try {
      for (const [args, n] of [
        [['SUBSCRIBE', L('c\xff'), L('c\xfe'), L('c\x00d'), L('\xe2\x82\xac'), L('c\xff')], 5],
        [['PSUBSCRIBE', L('c\xff*'), L('c[\x80-\xfe]')], 2],
        [['UNSUBSCRIBE', L('c\xfd')], 1],
        [['UNSUBSCRIBE', L('c\xff')], 1],
        [['UNSUBSCRIBE', L('c\x00')], 1],
        [['UNSUBSCRIBE', L('c\x00d')], 1],
        [['PUNSUBSCRIBE', L('c\xfd*')], 1],
        [['PUNSUBSCRIBE', L('c\xff*')], 1],
        [['PING', L('\xff\xfe')], 1],
        [['PING'], 1],
      ] as Array<[Arg[], number]>) {
        await seqBoth(A, ca, cb, args, n, `${showArgs(args)} (one connection)`);
      }
      // Remaining: \xe2\x82\xac and c\xfe (hash order): compare as sets.
      ca.send(['UNSUBSCRIBE']);
      cb.send(['UNSUBSCRIBE']);
      const [ua, ub] = await Promise.all([ca.readReplies(2, 3000).catch((e) => [failed(e)]), cb.readReplies(2, 3000).catch((e) => [failed(e)])]);
      const chans = (rs: Reply[]) => rs.map((r) => showBytes(r.raw).replace(/:\d\\r\\n$/, ':<n>\\r\\n')).sort();
      sameValue('UNSUBSCRIBE (all remaining channels, as a set)', chans(ua), chans(ub));
      await seqBoth(A, ca, cb, ['PUNSUBSCRIBE'], 1, 'PUNSUBSCRIBE (the remaining pattern)');
      // A subscriber on the same daemon: PUBLISH to a binary channel is refused, nothing delivered.
      await seqBoth(A, sa, sb, ['SUBSCRIBE', L('c\xff'), '__sentinel__:hello'], 2);
      await bothBytes(A, ['PUBLISH', L('c\xff'), L('m\xfe')]);
      await bothBytes(A, ['PUBLISH', L('c\xfe'), L('m\xfe')]);
      await bothBytes(A, ['PUBLISH', L('__sentinel__:hello\xff'), L('m')]);
      await bothBytes(A, ['PUBLISH', '__sentinel__:hello', L('not,a,hello\xff')]);
      const [da, db] = await Promise.all([sa.drain(400), sb.drain(400)]);
      sameBytes('bytes received by a subscriber of c\\xff and __sentinel__:hello after those PUBLISHes', da, db);
    } finally {
      for (const c of [ca, cb, sa, sb]) c.close();
    }
  }, 30000);

  it('hello payloads: a PUBLISHed hello names the master by its bytes', async () => {
    setup.check();
    diffs.current = 'hello payloads';
    const h = L('h\xff');
    await bothBytes(A, ['SENTINEL', 'MONITOR', h, '127.0.0.1', '0', '1']);
    const hello = (master: Buffer) => Buffer.concat([L(`127.0.0.1,${fakePort},${FAKE_RUNID},0,`), master, L(',127.0.0.1,0,0')]);
    await bothBytes(A, ['PUBLISH', '__sentinel__:hello', hello(L('h\xfe'))]);
    await bothBytes(A, ['PUBLISH', '__sentinel__:hello', hello(L('h\xef\xbf\xbd'))]);
    await sleep(200);
    await bothInstances(A, ['SENTINEL', 'SENTINELS', h]);
    await bothBytes(A, ['PUBLISH', '__sentinel__:hello', hello(h)]);
    await sleep(200);
    const [a, b] = await both(A, ['SENTINEL', 'SENTINELS', h]);
    expect(a.value.type === 'array' && a.value.value?.length, 'reference: the hello naming h\\xff adds a sentinel').toBe(1);
    sameValue('SENTINEL SENTINELS h\\xff after hellos for h\\xfe, h\\xef\\xbf\\xbd, h\\xff', normInstances(A.real, a.value), normInstances(A.ours, b.value));
    await bothInstances(A, ['SENTINEL', 'MASTER', h], true);
  }, 30000);

  it('inline requests: \\xHH escapes, raw invalid bytes, 100 KB lines (redis: error and close)', async () => {
    setup.check();
    diffs.current = 'inline';
    for (const req of [
      L('PING "\\xff\\xfe\\x00\\x80"\r\n'),
      L('PING \xff\xfe\r\n'),
      L('PING "\\xe2\\x82\\xac"\r\n'),
      L("PING '\\xff'\r\n"),
      L('PING "\\xZZ\\x4"\r\n'),
      L('SENTINEL GET-MASTER-ADDR-BY-NAME "b\\xff"\r\n'),
      L('SENTINEL GET-MASTER-ADDR-BY-NAME "b\\xfd"\r\n'),
      L('SENTINEL GET-MASTER-ADDR-BY-NAME b\xfe\n'),
      L('AUTH binu "\\xfd\\xfc"\r\n'),
      L('AUTH binu "\\xff\\xfe"\r\n'),
      L(`PING ${'a'.repeat(60 * 1024)}\r\n`),
    ]) {
      const [ca, cb] = await connectBoth(A);
      try {
        ca.sendRaw(req);
        cb.sendRaw(req);
        const [a, b] = await Promise.all([readSafe(ca, 1), readSafe(cb, 1)]);
        sameBytes(`inline ${showBytes(req, 80)}`, norm(A.real, a), norm(A.ours, b));
      } finally {
        ca.close();
        cb.close();
      }
    }
    const [idleA, idleB] = await connectBoth(A);
    try {
      for (const req of [L(`PING ${'a'.repeat(100 * 1024)}\n`), L(`PING ${'a'.repeat(100 * 1024)}\r\n`), L(`PING ${'\xff'.repeat(100 * 1024)}\r\n`)]) {
        const label = `inline PING <${req.length - 6} bytes>${showBytes(req.subarray(-2)).replace(/^[^\\]*/, '')}`;
        const [ca, cb] = await connectBoth(A);
        try {
          ca.sendRaw(Buffer.concat([req, L('PING\r\n')]));
          cb.sendRaw(Buffer.concat([req, L('PING\r\n')]));
          const [a, b] = await Promise.all([ca.readUntilClose(3000), cb.readUntilClose(3000)]);
          expect(a.data.toString(), `reference reply to ${label}`).toBe('-ERR Protocol error: too big inline request\r\n');
          expect(a.closed, `reference closes after ${label}`).toBe(true);
          sameBytes(`${label} then PING (bytes until close)`, a.data.subarray(0, 300), b.data.subarray(0, 300));
          sameValue(`${label} (connection closed by the server)`, a.closed, b.closed);
        } finally {
          ca.close();
          cb.close();
        }
        const [pa, pb] = await Promise.all([idleA.call(['PING']).catch(failed), idleB.call(['PING']).catch(failed)]);
        sameBytes(`PING on another open connection after ${label}`, pa.raw, pb.raw);
      }
    } finally {
      idleA.close();
      idleB.close();
    }
  }, 60000);

  it('integers above 2^53 where redis accepts 64-bit values; CONFIG SET values; NUL in values (pair C)', async () => {
    setup.check();
    diffs.current = 'big integers and values';
    const C = await startPair([]);
    try {
      const nm = 'mymaster';
      // Millisecond settings above 2^53 are kept as the nearest double (README,
      // known differences): an odd value such as 2^53+1 is accepted but shown
      // as 2^53. Redis keeps the exact 64-bit value, but cannot read anything
      // above 2^31 back from its own file (atoi), so the compared values
      // below are ones a double holds exactly (2^53+2).
      {
        const ok = await callSide(C.ours, ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9007199254740993']);
        oursMust('SENTINEL SET mymaster down-after-milliseconds 9007199254740993 (accepted)', '+OK\\r\\n', ok.raw);
        const m = await callSide(C.ours, ['SENTINEL', 'MASTER', nm]);
        const shown = pairs(m.value).find(([k]) => k === 'down-after-milliseconds');
        expect(shown && str(shown[1]), 'ours keeps the nearest double (documented)').toBe('9007199254740992');
      }
      for (const args of [
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9007199254740994'],
        ['SENTINEL', 'SET', nm, 'failover-timeout', '9007199254740994'],
        ['SENTINEL', 'SET', nm, 'master-reboot-down-after-period', '9007199254740994'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9223372036854775807'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9223372036854775808'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '-9223372036854775808'],
        ['SENTINEL', 'SET', nm, 'failover-timeout', '18446744073709551616'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9007199254740993.0'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '1e3'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', ' 5'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '05'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '+5'],
        ['SENTINEL', 'SET', nm, 'down-after-milliseconds', '9007199254740994'],
        ['SENTINEL', 'DEBUG', 'ping-period', '9007199254740994'],
        ['SENTINEL', 'DEBUG', 'tilt-period', '4611686018427387904'],
        ['SENTINEL', 'DEBUG', 'info-period', '9223372036854775808'],
        ['SENTINEL', 'DEBUG', 'publish-period', '-1'],
        ['SENTINEL', 'DEBUG', L('\xff'), '1'],
        ['SENTINEL', 'DEBUG', 'ping-period', L('1\xff')],
        ['SENTINEL', 'DEBUG'],
        ['SENTINEL', 'DEBUG', 'ping-period', '1000', 'tilt-period', '30000', 'default-down-after', String(BIG_DOWN_AFTER)],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9007199254740993', '*'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9223372036854775808', '*'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '18446744073709551615', '*'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '4294967296', '1', '*'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '9007199254740993', '1', '*'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9007199254740993', L('r\xffx')],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9007199254740993', 'other'],
        ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9007199254740995', L('r\xfex')],
      ] as Arg[][]) {
        await bothBytes(C, args);
      }
      // NUL in the vote run id (before other masters at 127.0.0.1:0 exist: the lookup is by address).
      const [va, vb] = await both(C, ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '0', '9007199254740999', L('r\x00x')]);
      expect(va.raw.toString('latin1'), 'reference: the vote run id is cut at NUL').toBe('*3\r\n:0\r\n$1\r\nr\r\n:9007199254740999\r\n');
      nulCase('SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 0 9007199254740999 r\\x00x', va.raw, vb.raw, '*3\\r\\n:0\\r\\n$3\\r\\nr\\x00x\\r\\n:9007199254740999\\r\\n');
      for (const args of [
        ['CLIENT', 'KILL', 'ID', '9007199254740993'],
        ['CLIENT', 'KILL', 'ID', '9223372036854775807'],
        ['CLIENT', 'KILL', 'ID', '9223372036854775808'],
        ['CLIENT', 'KILL', 'ID', '18446744073709551615'],
        ['CLIENT', 'KILL', 'ID', '0'],
        ['CLIENT', 'LIST', 'ID', '9007199254740993'],
        ['CLIENT', 'LIST', 'ID', '9223372036854775808'],
        ['CLIENT', 'UNBLOCK', '9007199254740993'],
        ['CLIENT', 'TRACKING', 'on', 'REDIRECT', '9007199254740993'],
        ['SENTINEL', 'MONITOR', 'bigport', '127.0.0.1', '9007199254740993', '1'],
        ['SENTINEL', 'MONITOR', 'bigport2', '127.0.0.1', '4294967296', '1'],
        ['SENTINEL', 'MONITOR', 'bigquorum', '127.0.0.1', '1', '9007199254740993'],
        ['SENTINEL', 'MONITOR', 'bigquorum2', '127.0.0.1', '1', '4294967296'],
        ['SENTINEL', 'MONITOR', 'bigquorum3', '127.0.0.1', '1', '9223372036854775808'],
        ['SENTINEL', 'SET', 'bigquorum', 'quorum', '4294967297'],
        ['SENTINEL', 'SET', 'bigquorum', 'quorum', '9223372036854775807'],
        ['SENTINEL', 'SET', 'bigquorum', 'quorum', '9223372036854775808'],
        ['SENTINEL', 'SET', 'bigquorum', 'parallel-syncs', '9007199254740993'],
        ['SENTINEL', 'CONFIG', 'SET', 'announce-port', '9007199254740993'],
        ['SENTINEL', 'CONFIG', 'SET', 'announce-port', '4294967296'],
        ['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', L('yes\xff')],
        ['SENTINEL', 'CONFIG', 'SET', 'announce-hostnames', '9007199254740993'],
        ['SENTINEL', 'CONFIG', 'SET', L('\xff'), 'x'],
        ['SENTINEL', 'CONFIG', 'GET', L('*\xff*')],
        ['SENTINEL', 'CONFIG', 'SET', 'announce-ip', L('1.2.3.\xff')],
        ['SENTINEL', 'CONFIG', 'GET', 'announce-ip'],
        ['SENTINEL', 'CONFIG', 'SET', 'sentinel-user', L('u\xfe\xe2\x82\xac')],
        ['SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', L('\xfd\xfc')],
        ['SENTINEL', 'CONFIG', 'GET', 'sentinel-*'],
        // `*-*`: every parameter but 7.2's loglevel, which 7.0.15 lacks (surfaces-72.compat.test.ts).
        ['SENTINEL', 'CONFIG', 'GET', '*-*'],
        ['SENTINEL', 'SIMULATE-FAILURE', L('\xff')],
        ['INFO', 'sentinel'],
      ] as Arg[][]) {
        await bothBytes(C, args);
      }
      for (const n of [nm, 'bigport', 'bigquorum', 'bigquorum2']) await bothInstances(C, ['SENTINEL', 'MASTER', n], true);
      // NUL inside values (redis-sentinel copies them with sdsnew: cut at NUL).
      await bothBytes(C, ['SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', L('p\x00z')]);
      const [pa, pb] = await both(C, ['SENTINEL', 'CONFIG', 'GET', 'sentinel-pass']);
      nulCase('SENTINEL CONFIG GET sentinel-pass after SET p\\x00z', pa.raw, pb.raw, '*2\\r\\n$13\\r\\nsentinel-pass\\r\\n$3\\r\\np\\x00z\\r\\n');
      await bothBytes(C, ['SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', L('\xfd\xfc')]);
      // The rewrite of these values (wrapping quorum masters removed: their file would not load).
      for (const n of ['bigquorum', 'bigquorum2', 'bigquorum3', 'bigport2']) await bothBytes(C, ['SENTINEL', 'REMOVE', n]);
      await bothBytes(C, ['SENTINEL', 'FLUSHCONFIG']);
      sameValue('config rewrite (pair C): sentinel/user lines, normalised, sorted', stateLines(C.real), stateLines(C.ours));
      const [ea, eb] = await Promise.all([restartSide(C.real), restartSide(C.ours)]);
      expect(ea, 'reference restarts on its rewritten file').toBeUndefined();
      sameValue('restart on the rewritten file (pair C)', ea ?? 'ok', eb ?? 'ok');
      await bothBytes(C, ['SENTINEL', 'CONFIG', 'GET', '*-*'], 'SENTINEL CONFIG GET *-* (after restart)');
      // redis-sentinel reads these numbers from the file with atoi (32 bits): a down-after of
      // 2^53+1 comes back as 1 ms, so the master goes down at once; only the settings are compared.
      const settings = (r: Reply) =>
        pairs(r.value)
          .filter(([k]) => ['name', 'ip', 'port', 'down-after-milliseconds', 'failover-timeout', 'quorum', 'parallel-syncs'].includes(k))
          .map(([k, v]) => `${k}: ${str(v)}`);
      for (const n of [nm, 'bigport']) {
        const [a, b] = await both(C, ['SENTINEL', 'MASTER', n]);
        sameValue(`SENTINEL MASTER ${n} after restart (settings read back from the file)`, settings(a), settings(b));
      }
    } finally {
      await Promise.all([C.real.s.stop(), C.ours.s.stop()]);
    }
  }, 90000);

  it('requirepass, user passwords, sentinel-pass, names given in the config file with \\xHH escapes; rewrite and restart (pair B)', async () => {
    setup.check();
    diffs.current = 'config file (pair B)';
    const B = await startPair(
      [
        'requirepass "\\xff\\xfe"',
        'user binf on ">\\xfd\\xfc" ~* &* +@all',
        'sentinel monitor "q\\xff" 127.0.0.1 0 1',
        `sentinel down-after-milliseconds "q\\xff" ${BIG_DOWN_AFTER}`,
        'sentinel auth-pass "q\\xff" "\\xfa\\xfb"',
        'sentinel auth-user "q\\xff" "u\\xff"',
        'sentinel sentinel-user "s\\xfe"',
        'sentinel sentinel-pass "\\xf0\\x9f"',
      ],
      ['AUTH', L('\xff\xfe')],
    );
    try {
      const noauth = (side: Side): Side => ({ ...side, auth: undefined });
      const NA: Pair = {} as Pair;
      NA.real = noauth(B.real);
      NA.ours = noauth(B.ours);
      NA.real.peer = () => NA.ours;
      NA.ours.peer = () => NA.real;
      await bothBytes(NA, ['PING']);
      const [wa, wb] = await bothBytes(NA, ['AUTH', L('\xfd\xfc')]);
      expect(wa.raw.toString(), 'reference').toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      oursMust('AUTH \\xfd\\xfc (requirepass "\\xff\\xfe" in the file)', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', wb.raw);
      const [oa, ob] = await bothBytes(NA, ['AUTH', L('\xff\xfe')]);
      expect(oa.raw.toString(), 'reference').toBe('+OK\r\n');
      oursMust('AUTH \\xff\\xfe (requirepass "\\xff\\xfe" in the file)', '+OK\\r\\n', ob.raw);
      for (const args of [
        ['AUTH', 'default', L('\xff')],
        ['AUTH', 'binf', L('\xfd\xfc')],
        ['AUTH', 'binf', L('\xff\xfe')],
        ['HELLO', '3', 'AUTH', 'default', L('\xfd\xfc')],
        ['PING', L('\xff')],
      ] as Arg[][]) {
        await bothBytes(NA, args);
      }
      for (const args of [
        ['ACL', 'LIST'],
        ['ACL', 'GETUSER', 'binf'],
        ['SENTINEL', 'CONFIG', 'GET', 'sentinel-*'],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('q\xff')],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('q\\xff')],
        ['ROLE'],
      ] as Arg[][]) {
        await bothBytes(B, args);
      }
      await bothBytes(B, ['SENTINEL', 'FLUSHCONFIG']);
      sameValue('config rewrite (pair B): requirepass/user/sentinel lines, normalised, sorted', stateLines(B.real), stateLines(B.ours));
      const [ea, eb] = await Promise.all([restartSide(B.real), restartSide(B.ours)]);
      expect(ea, 'reference restarts on its rewritten file').toBeUndefined();
      sameValue('restart on the rewritten file (pair B)', ea ?? 'ok', eb ?? 'ok');
      const [, rb] = await bothBytes(NA, ['AUTH', L('\xfd\xfc')], 'AUTH \\xfd\\xfc (after restart on the rewritten file)');
      oursMust('AUTH \\xfd\\xfc after restart', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', rb.raw);
      for (const args of [
        ['SENTINEL', 'CONFIG', 'GET', 'sentinel-*'],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', L('q\xff')],
        ['ACL', 'LIST'],
      ] as Arg[][]) {
        await bothBytes(B, args, `${showArgs(args)} (after restart)`);
      }
      await bothBytes(NA, ['AUTH', 'binf', L('\xfd\xfc')], 'AUTH binf \\xfd\\xfc (after restart)');
    } finally {
      await Promise.all([B.real.s.stop(), B.ours.s.stop()]);
    }
  }, 90000);

  it('config rewrite (pair A): binary names, auth-pass, users written byte for byte; restart keeps them', async () => {
    setup.check();
    diffs.current = 'config rewrite (pair A)';
    await bothBytes(A, ['SENTINEL', 'FLUSHCONFIG']);
    // Lines for the NUL-named masters are the documented difference: checked after the restart.
    const nulLine = (l: string) => /^sentinel \S+ "?nul/.test(l);
    sameValue('config rewrite (pair A): sentinel/user lines except NUL-named masters, normalised, sorted', stateLines(A.real, nulLine), stateLines(A.ours, nulLine));
    const notes = { real: exclusionNote(A.real, nulLine), ours: exclusionNote(A.ours, nulLine) };
    const [ea, eb] = await Promise.all([restartSide(A.real), restartSide(A.ours)]);
    expect(ea, 'reference restarts on its rewritten file').toBeUndefined();
    sameValue('restart on the rewritten file (pair A)', ea ?? 'ok', eb === undefined ? 'ok' : `failed: ${eb} (NUL-master lines written: ${JSON.stringify(notes.ours)})`);
    for (const n of [L('x\xff'), L('b\xff'), L('b\xfe'), L('\xe2\x82\xac'), L('h\xff'), L('b\xfd'), L('x\xfd')]) {
      await bothBytes(A, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', n], `SENTINEL GET-MASTER-ADDR-BY-NAME ${showBytes(n)} (after restart)`);
    }
    const [ra, rb] = await both(A, ['ROLE']);
    const notNul = (names: string[]) => names.filter((x) => !x.startsWith('nul'));
    sameValue('ROLE after restart (names without NUL, sorted)', notNul(roleNames(ra)), notNul(roleNames(rb)));
    const addr = L('*2\r\n$9\r\n127.0.0.1\r\n$1\r\n0\r\n');
    const nil = L('*-1\r\n');
    for (const [n, full] of [
      [L('nul'), nil],
      [L('nul\x00a'), addr],
      [L('nul\x00b'), addr],
    ] as Array<[Buffer, Buffer]>) {
      const [a, b] = await both(A, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', n]);
      nulCase(`SENTINEL GET-MASTER-ADDR-BY-NAME ${showBytes(n)} after restart (file lines: ${notes.ours.join(' | ')})`, a.raw, b.raw, full);
    }
    const [, wb] = await bothBytes(A, ['AUTH', 'binu', L('\xfd\xfc')], 'AUTH binu \\xfd\\xfc (after restart)');
    oursMust('AUTH binu \\xfd\\xfc after restart', '-WRONGPASS invalid username-password pair or user is disabled.\\r\\n', wb.raw);
    await bothBytes(A, ['AUTH', 'binu', L('\xff\xfe')], 'AUTH binu \\xff\\xfe (after restart)');
    await bothBytes(A, ['AUTH', L('u\xff'), L('p\x00q')], 'AUTH u\\xff p\\x00q (after restart)');
    // auth-pass read back from the file: the master answers INFO again.
    const [wa2, wb2] = await Promise.all([waitRunidKnown(A.real, L('x\xff'), 15000), waitRunidKnown(A.ours, L('x\xff'), 15000)]);
    expect(wa2, 'reference').toMatch(/^runid known/);
    sameValue('SENTINEL MASTER x\\xff after restart (auth-pass read back from the file)', wa2, wb2);
  }, 90000);

  it('NUL handling follows one rule throughout', () => {
    setup.check();
    expect(nulCases.length, 'NUL cases ran').toBeGreaterThan(0);
    expect(nulCases.filter((c) => c.mode === 'neither'), 'NUL cases with neither reply').toEqual([]);
    const modes = [...new Set(nulCases.map((c) => c.mode).filter((m) => m !== 'same either way'))];
    expect(modes.length, `one rule for all NUL cases: ${JSON.stringify(nulCases, null, 1)}`).toBeLessThanOrEqual(1);
  });

  it('no differences overall', () => {
    setup.check();
    expect(diffs.list.map((d) => `[${d.test}] ${d.request}`)).toEqual([]);
  });
});

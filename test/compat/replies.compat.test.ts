/**
 * Reply compatibility: the same requests sent to the real redis-sentinel 7.0.15
 * (REAL_SENTINEL_BIN, default /usr/bin/redis-sentinel) and to the sentinel under
 * test (SENTINEL_BIN, default bin/redis-sentinel-ts), compared byte for byte
 * where the reply is deterministic, field by field (names, order, RESP types,
 * stable values) where it contains per-process values (ids, times, counters).
 *
 * Both sentinels watch the same master and its two replicas, each configured
 * alone (quorum 1) with a very large down-after so that nothing ever fails
 * over; they discover each other through hello messages, so each one lists
 * the other under SENTINEL SENTINELS. Per-sentinel values (own/peer port and
 * id, config path) are replaced by tokens before comparing.
 *
 * Every difference is recorded (request, expected bytes, our bytes) and
 * printed at the end; each check is a soft assertion, so one test reports all
 * the differences it finds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DifferenceLog } from '../helpers/compat-differences';
import { killAllTracked, removeTmpDirs } from '../helpers/processes';
import { setupGuard } from '../helpers/setup-guard';
import { startMasterWithReplicas, Trio } from '../helpers/redis-process';
import { pairsOf, parseInfo, plain, Reply, RespClient, RespValue, showBytes } from '../helpers/resp-client';
import {
  assertSentinelBinUsable,
  REAL_SENTINEL_BIN,
  SentinelProcess,
  sentinelBinUnderTest,
} from '../helpers/sentinel-process';
import { waitFor } from '../helpers/wait';

const OURS_BIN = sentinelBinUnderTest();
const NAME = 'mymaster';
const BIG_DOWN_AFTER = 3_600_000;

// ---------------------------------------------------------------------------
// Difference recording

const diffs = new DifferenceLog(showBytes);
const record = diffs.record.bind(diffs);
const sameBytes = diffs.sameBytes.bind(diffs);
const sameValue = diffs.sameValue.bind(diffs);

// ---------------------------------------------------------------------------
// Normalization

interface Side {
  label: 'real' | 'ours';
  s: SentinelProcess;
  myid: string;
  peer: () => Side;
}

/** Values that are per sentinel process, replaced by tokens. */
function substitutions(side: Side): Map<string, string> {
  const peer = side.peer();
  // Longest first: the config path contains the port.
  return new Map([
    [side.s.configFile, '<SELF-CONFIG-FILE>'],
    [side.s.dir, '<SELF-DIR>'],
    [side.myid, '<SELF-MYID>'],
    [peer.myid, '<PEER-MYID>'],
    [String(side.s.port), '<SELF-PORT>'],
    [String(peer.s.port), '<PEER-PORT>'],
  ]);
}

/** Instance-map fields whose values are times/counters: compared by shape. */
const SHAPE_FIELDS = new Set([
  'link-pending-commands',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  's-down-time',
  'o-down-time',
  'info-refresh',
  'role-reported-time',
  'slave-repl-offset',
  'last-hello-message',
]);

function shapeOf(s: string): string {
  if (/^-?\d+$/.test(s)) return '<int>';
  if (/^-?\d+\.\d+$/.test(s)) return '<float>';
  if (/^[0-9a-f]{40}$/.test(s)) return '<hex40>';
  if (s === '') return '<empty>';
  return '<text>';
}

function typeTag(v: RespValue): string {
  return v.type;
}

/** `key: <resp type> <value or shape>` for every field of one instance map, keeping order. */
function normInstance(v: RespValue, subst: Map<string, string>): string[] {
  const container =
    v.type === 'map' ? `%${v.value.length}` : v.type === 'array' && v.value ? `*${v.value.length}` : `(${v.type})`;
  const out = [`(container ${container})`];
  for (const [k, val] of pairsOf(v)) {
    const raw = val.value === null ? 'null' : String(val.value);
    let shown: string;
    if (SHAPE_FIELDS.has(k)) shown = shapeOf(raw);
    else shown = subst.get(raw) ?? JSON.stringify(raw);
    out.push(`${k}: ${typeTag(val)} ${shown}`);
  }
  return out;
}

function instanceName(lines: string[]): string {
  return lines.find((l) => l.startsWith('name: ')) ?? '';
}

/** An array of instance maps, sorted by name (the order is hash order in redis). */
function normInstanceArray(v: RespValue, subst: Map<string, string>): unknown {
  if (v.type !== 'array' || v.value === null) return { unexpected: v.type, value: plain(v) };
  const items = v.value.map((x) => normInstance(x, subst));
  items.sort((a, b) => instanceName(a).localeCompare(instanceName(b)));
  return { length: `*${v.value.length}`, items };
}

function subst(text: string, side: Side): string {
  let out = text;
  for (const [k, token] of substitutions(side)) out = out.split(k).join(token);
  return out;
}

// ---------------------------------------------------------------------------

describe(`reply compatibility: ${REAL_SENTINEL_BIN} vs ${OURS_BIN}`, () => {
  let trio: Trio;
  let real: Side;
  let ours: Side;

  /** Sends the same command to both on fresh connections. */
  async function both(args: Array<string | number>): Promise<[Reply, Reply]> {
    return Promise.all([real.s.call(args), ours.s.call(args)]);
  }

  async function bothBytes(args: Array<string | number>): Promise<[Reply, Reply]> {
    const r = await both(args);
    sameBytes(args.join(' '), r[0].raw, r[1].raw);
    return r;
  }

  const setup = setupGuard();

  beforeAll(async () => {
    await setup.run(async () => {
      if (!fs.existsSync(REAL_SENTINEL_BIN)) {
        throw new Error(
          `The reference redis-sentinel is missing at ${REAL_SENTINEL_BIN}: the compatibility tests need the real redis-sentinel 7.0.15 (Debian package redis-sentinel, or set REAL_SENTINEL_BIN).`,
        );
      }
      assertSentinelBinUsable(OURS_BIN);
      trio = await startMasterWithReplicas(2);
      const opts = { masterPort: trio.master.port, quorum: 1, downAfterMs: BIG_DOWN_AFTER };
      const [sr, so] = await Promise.all([
        SentinelProcess.start({ ...opts, binary: REAL_SENTINEL_BIN }),
        SentinelProcess.start({ ...opts, binary: OURS_BIN }),
      ]);
      real = { label: 'real', s: sr, myid: '', peer: () => ours };
      ours = { label: 'ours', s: so, myid: '', peer: () => real };
      for (const side of [real, ours]) {
        side.myid = String(plain((await side.s.call(['SENTINEL', 'MYID'])).value));
      }
      // Both must know the two replicas, with their INFO fetched, before comparing.
      for (const side of [real, ours]) {
        let last: unknown;
        await waitFor(
          async () => {
            const r = await side.s.call(['SENTINEL', 'REPLICAS', NAME]);
            last = plain(r.value);
            if (r.value.type !== 'array' || !r.value.value || r.value.value.length !== 2) return false;
            return r.value.value.every((x) => {
              const rec = Object.fromEntries(pairsOf(x).map(([k, v]) => [k, String(v.value)]));
              return rec.runid?.length === 40 && rec['master-link-status'] === 'ok' && rec['role-reported'] === 'slave' && rec.flags === 'slave';
            });
          },
          30000,
          200,
          {
            description: `${side.label} sentinel (${side.s.binary}) to discover the 2 replicas`,
            details: () => `last SENTINEL REPLICAS: ${JSON.stringify(last)}\n${side.s.diagnostics()}`,
          },
        );
      }
      // And each other (hello every 2 s), with the link to the peer up: a
      // sentinel lists a peer from its first hello on, flagged
      // "sentinel,disconnected" until its next timer connects the link, and
      // that moment falls differently for the two daemons. Not fatal here:
      // the SENTINELS test reports it.
      try {
        await waitFor(
          async () => {
            const [a, b] = await both(['SENTINEL', 'SENTINELS', NAME]);
            const ok = (r: Reply) =>
              r.value.type === 'array' &&
              r.value.value?.length === 1 &&
              r.value.value.every((x) => pairsOf(x).some(([k, v]) => k === 'flags' && String(v.value) === 'sentinel'));
            return ok(a) && ok(b);
          },
          20000,
          250,
          'both sentinels to discover each other',
        );
      } catch (e) {
        diffs.current = 'setup';
        record('(discovery) SENTINEL SENTINELS mymaster after 20 s', 'each sentinel lists the other', String(e));
      }
    });
  }, 90000);

  afterAll(async () => {
    await killAllTracked();
    removeTmpDirs();
    const file = process.env.COMPAT_REPORT ?? path.join(os.tmpdir(), 'redis-sentinel-ts-compat-differences.json');
    diffs.report('compat', file, `${REAL_SENTINEL_BIN} vs ${OURS_BIN}`);
  }, 30000);

  it('PING and PING <msg>', async () => {
    setup.check();
    diffs.current = 'PING';
    await bothBytes(['PING']);
    await bothBytes(['PING', 'hello world']);
    await bothBytes(['PING', '']);
    await bothBytes(['PING', 'a', 'b']);
    await bothBytes(['ping']);
  }, 30000);

  it('INFO: sections, field names and order, value shapes, # Sentinel exact', async () => {
    setup.check();
    diffs.current = 'INFO';
    const [a, b] = await both(['INFO']);
    sameValue('INFO (reply type)', a.value.type, b.value.type);
    // sentinel_surfaces is ours (surfaces-72.compat.test.ts checks it): the rest must match.
    const oursText = String(b.value.value).replace(/\r\nsentinel_surfaces:[^\r]*/, '');
    const ia = parseInfo(String(a.value.value));
    const ib = parseInfo(oursText);
    sameValue('INFO (section names, in order)', [...ia.keys()], [...ib.keys()]);
    for (const [section, fields] of ia) {
      const other = ib.get(section) ?? [];
      sameValue(`INFO (# ${section} field names, in order)`, fields.map(([k]) => k), other.map(([k]) => k));
      // redis_build_id is a hex string (a build hash): digits-only is a valid value too.
      const shape = (k: string, v: string) => (k === 'redis_build_id' && /^[0-9a-f]+$/.test(v) ? '<hex>' : shapeOf(v));
      const shapes = (side: Side, f: Array<[string, string]>) =>
        f.map(([k, v]) => `${k}: ${subst(v, side) === v ? shape(k, v) : subst(v, side)}`);
      sameValue(`INFO (# ${section} value shapes)`, shapes(real, fields), shapes(ours, other));
    }
    const stable = ['redis_version', 'redis_mode', 'arch_bits', 'configured_hz', 'process_supervised', 'io_threads_active', 'maxclients', 'tcp_port'];
    const va = Object.fromEntries([...ia.values()].flat().filter(([k]) => stable.includes(k)).map(([k, v]) => [k, subst(v, real)]));
    const vb = Object.fromEntries([...ib.values()].flat().filter(([k]) => stable.includes(k)).map(([k, v]) => [k, subst(v, ours)]));
    sameValue('INFO (stable values)', va, vb);
    const cfg = (i: Map<string, Array<[string, string]>>) => i.get('Server')?.find(([k]) => k === 'config_file')?.[1];
    expect.soft(cfg(ia)).toBe(real.s.configFile);
    if (cfg(ib) !== ours.s.configFile) record('INFO (config_file)', `config_file:<absolute path of the config file> (${ours.s.configFile})`, String(cfg(ib)));
    expect.soft(cfg(ib), 'INFO config_file is the absolute config path').toBe(ours.s.configFile);

    // # Sentinel is fully deterministic for this state: exact bytes.
    await bothBytes(['INFO', 'sentinel']);
    await bothBytes(['INFO', 'keyspace']);
    await bothBytes(['INFO', 'replication']);
    const [c, d] = await both(['INFO', 'SENTINEL', 'server']);
    sameValue('INFO SENTINEL server (sections)', [...parseInfo(String(c.value.value)).keys()], [...parseInfo(String(d.value.value)).keys()]);
    const [e, f] = await both(['INFO', 'everything']);
    sameValue('INFO everything (sections)', [...parseInfo(String(e.value.value)).keys()], [...parseInfo(String(f.value.value)).keys()]);
    // Framing: every line CRLF, sections separated by one blank line, ends with CRLF.
    const frame = (t: string) => t.replace(/[^\r\n#]+/g, 'x');
    sameValue('INFO (line framing)', frame(String(a.value.value)), frame(oursText));
  }, 30000);

  it('ROLE', async () => {
    setup.check();
    diffs.current = 'ROLE';
    await bothBytes(['ROLE']);
    await bothBytes(['ROLE', 'x']);
  }, 30000);

  it('SENTINEL MASTERS / MASTER / REPLICAS / SLAVES / SENTINELS', async () => {
    setup.check();
    diffs.current = 'instance maps';
    const [ma, mb] = await both(['SENTINEL', 'MASTER', NAME]);
    sameValue('SENTINEL MASTER mymaster (fields, order, types, stable values)', normInstance(ma.value, substitutions(real)), normInstance(mb.value, substitutions(ours)));
    for (const cmd of [['SENTINEL', 'MASTERS'], ['SENTINEL', 'REPLICAS', NAME], ['SENTINEL', 'SLAVES', NAME], ['SENTINEL', 'SENTINELS', NAME]]) {
      const [a, b] = await both(cmd);
      sameValue(`${cmd.join(' ')} (fields, order, types, stable values)`, normInstanceArray(a.value, substitutions(real)), normInstanceArray(b.value, substitutions(ours)));
    }
    // Lower-case subcommand names work the same.
    const [la, lb] = await both(['sentinel', 'master', NAME]);
    sameValue('sentinel master mymaster (lower case)', normInstance(la.value, substitutions(real)), normInstance(lb.value, substitutions(ours)));
    // Each one's MYID is what the other one shows as runid of its peer.
    const peerRunid = async (side: Side) => {
      const r = await side.s.call(['SENTINEL', 'SENTINELS', NAME]);
      const first = r.value.type === 'array' && r.value.value?.[0];
      return first ? Object.fromEntries(pairsOf(first).map(([k, v]) => [k, String(v.value)])).runid : undefined;
    };
    sameValue('SENTINEL SENTINELS mymaster: runid of the peer = its SENTINEL MYID', { real: ours.myid, ours: real.myid }, { real: await peerRunid(real), ours: await peerRunid(ours) });
  }, 30000);

  it('GET-MASTER-ADDR-BY-NAME, MYID, CKQUORUM, FLUSHCONFIG', async () => {
    setup.check();
    diffs.current = 'simple SENTINEL subcommands';
    await bothBytes(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME]);
    await bothBytes(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nosuch']);
    await bothBytes(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'MYMASTER']);
    const [a, b] = await both(['SENTINEL', 'MYID']);
    sameValue('SENTINEL MYID (shape)', subst(a.raw.toString(), real), subst(b.raw.toString(), ours));
    expect.soft(b.raw.toString()).toMatch(/^\$40\r\n[0-9a-f]{40}\r\n$/);
    await bothBytes(['SENTINEL', 'CKQUORUM', NAME]);
    await bothBytes(['SENTINEL', 'CKQUORUM', 'nosuch']);
    await bothBytes(['SENTINEL', 'FLUSHCONFIG']);
    await bothBytes(['SENTINEL', 'FLUSHCONFIG', 'x']);
    await bothBytes(['SENTINEL', 'MYID', 'x']);
  }, 30000);

  it('SENTINEL HELP, COMMAND COUNT', async () => {
    setup.check();
    diffs.current = 'help';
    await bothBytes(['SENTINEL', 'HELP']);
    await bothBytes(['sentinel', 'help']);
    await bothBytes(['SENTINEL', 'HELP', 'x']);
    await bothBytes(['COMMAND', 'COUNT']);
  }, 30000);

  it('errors: no such master, unknown command, wrong arity, unknown subcommand', async () => {
    setup.check();
    diffs.current = 'errors';
    for (const cmd of [
      ['SENTINEL', 'MASTER', 'nosuch'],
      ['SENTINEL', 'REPLICAS', 'nosuch'],
      ['SENTINEL', 'SENTINELS', 'nosuch'],
      ['SENTINEL', 'MASTER', 'MYMASTER'],
      ['FOOBAR'],
      ['FOOBAR', 'a', 'b'],
      ['GET', 'x'],
      ['CONFIG', 'GET', 'port'],
      ['SENTINEL', 'MASTER'],
      ['SENTINEL', 'MASTER', 'a', 'b'],
      ['SENTINEL'],
      ['SENTINEL', 'MASTERS', 'x'],
      ['SENTINEL', 'FOO'],
      ['SENTINEL', 'foo', 'bar'],
      ['CLIENT', 'FOO'],
    ]) {
      await bothBytes(cmd);
    }
    // QUIT is an unknown command in sentinel mode and the connection stays open.
    const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
    try {
      const [qa, qb] = await Promise.all([ca.call(['QUIT']), cb.call(['QUIT'])]);
      sameBytes('QUIT', qa.raw, qb.raw);
      const [pa, pb] = await Promise.all([ca.call(['PING']), cb.call(['PING'])]);
      sameBytes('PING after QUIT (same connection)', pa.raw, pb.raw);
    } finally {
      ca.close();
      cb.close();
    }
  }, 30000);

  it('reconfiguration and peer commands: SET, CONFIG, DEBUG, MONITOR, IS-MASTER-DOWN-BY-ADDR errors and replies', async () => {
    setup.check();
    diffs.current = 'reconfiguration';
    for (const cmd of [
      ['SENTINEL', 'SET', 'nosuch', 'quorum', '2'],
      ['SENTINEL', 'SET', NAME, 'quorum', 'abc'],
      ['SENTINEL', 'SET', NAME, 'quorum', '0'],
      ['SENTINEL', 'SET', NAME, 'nosuchoption', '1'],
      ['SENTINEL', 'SET', NAME, 'down-after-milliseconds', '-5'],
      ['SENTINEL', 'SET', NAME, 'notification-script', '/nonexistent/script.sh'],
      ['SENTINEL', 'SET', NAME, 'rename-command', 'CONFIG'],
      // GET * lists loglevel too, and the usage error has 7.2's words: surfaces-72.compat.test.ts.
      ['SENTINEL', 'CONFIG', 'GET', 'announce*'],
      ['SENTINEL', 'CONFIG', 'GET', 'nomatch'],
      ['SENTINEL', 'CONFIG', 'SET', 'nosuch', 'x'],
      ['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'maybe'],
      ['SENTINEL', 'CONFIG', 'SET', 'announce-port', '70000'],
      ['SENTINEL', 'DEBUG'],
      ['SENTINEL', 'DEBUG', 'nosuch', '1'],
      ['SENTINEL', 'DEBUG', 'ping-period', 'abc'],
      ['SENTINEL', 'DEBUG', 'ping-period'],
      ['SENTINEL', 'MONITOR', 'm2', '127.0.0.1', '6379', 'x'],
      ['SENTINEL', 'MONITOR', 'm2', '127.0.0.1', 'x', '1'],
      ['SENTINEL', 'MONITOR', 'm2', '127.0.0.1', '6379', '0'],
      ['SENTINEL', 'MONITOR', 'm2', 'not-an-ip', '6379', '1'],
      ['SENTINEL', 'MONITOR', 'm2', '127.0.0.1', '70000', '1'],
      ['SENTINEL', 'MONITOR', NAME, '127.0.0.1', '6379', '1'],
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(trio.master.port), '0', '*'],
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'],
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '10.9.9.9', '1', '0', 'abc'],
      ['SENTINEL', 'REMOVE', 'nosuch'],
      ['SENTINEL', 'FAILOVER', 'nosuch'],
      ['SENTINEL', 'SIMULATE-FAILURE', 'help'],
      ['SENTINEL', 'SIMULATE-FAILURE', 'bogus'],
      ['SENTINEL', 'RESET', 'nomatch*'],
      ['SENTINEL', 'INFO-CACHE', 'nosuch'],
      ['SENTINEL', 'PENDING-SCRIPTS'],
      ['PUBLISH', 'other', 'x'],
    ]) {
      await bothBytes(cmd);
    }
  }, 30000);

  it('SUBSCRIBE / PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE replies', async () => {
    setup.check();
    diffs.current = 'pub/sub';
    const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
    const seq = async (label: string, args: string[], n: number) => {
      ca.send(args);
      cb.send(args);
      const [ra, rb] = await Promise.all([ca.readReplies(n), cb.readReplies(n)]);
      return { ra, rb, label };
    };
    try {
      for (const [args, n] of [
        [['UNSUBSCRIBE'], 1],
        [['PUNSUBSCRIBE'], 1],
        [['SUBSCRIBE', 'a', 'b'], 2],
        [['PSUBSCRIBE', 'p*'], 1],
        [['SUBSCRIBE', 'a'], 1],
        [['PING'], 1],
        [['PING', 'x'], 1],
        [['INFO'], 1],
        [['SENTINEL', 'MASTERS'], 1],
      ] as Array<[string[], number]>) {
        const { ra, rb } = await seq(args.join(' '), args, n);
        sameBytes(`${args.join(' ')} (subscribed context)`, Buffer.concat(ra.map((r) => r.raw)), Buffer.concat(rb.map((r) => r.raw)));
      }
      // UNSUBSCRIBE without arguments: one reply per channel, channels in hash order.
      const { ra, rb } = await seq('UNSUBSCRIBE', ['UNSUBSCRIBE'], 2);
      const shape = (rs: Reply[]) => ({
        channels: rs.map((r) => (plain(r.value) as unknown[])[1]).sort(),
        counts: rs.map((r) => (plain(r.value) as unknown[])[2]),
        kinds: rs.map((r) => (plain(r.value) as unknown[])[0]),
      });
      sameValue('UNSUBSCRIBE (all: channels as a set, remaining counts in order)', shape(ra), shape(rb));
      for (const [args, n] of [
        [['PUNSUBSCRIBE'], 1],
        [['UNSUBSCRIBE'], 1],
        [['PUNSUBSCRIBE', 'nosub'], 1],
        [['PING'], 1],
      ] as Array<[string[], number]>) {
        const r = await seq(args.join(' '), args, n);
        sameBytes(`${args.join(' ')} (after unsubscribing)`, Buffer.concat(r.ra.map((x) => x.raw)), Buffer.concat(r.rb.map((x) => x.raw)));
      }
      // An event delivered to a subscriber: +set from SENTINEL SET (deterministic payload).
      await seq('SUBSCRIBE +set', ['SUBSCRIBE', '+set'], 1);
      await both(['SENTINEL', 'SET', NAME, 'parallel-syncs', '1']);
      const [ma, mb] = await Promise.all([ca.readReply(5000), cb.readReply(5000)]);
      sameBytes('message on +set after SENTINEL SET mymaster parallel-syncs 1', ma.raw, mb.raw);
    } finally {
      ca.close();
      cb.close();
    }
  }, 30000);

  it('HELLO 3 then RESP3 replies (SENTINEL MASTER as a map)', async () => {
    setup.check();
    diffs.current = 'RESP3';
    const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
    try {
      const call = (args: string[]) => Promise.all([ca.call(args), cb.call(args)]);
      const [ha, hb] = await call(['HELLO', '3']);
      const hid = (r: Reply) => r.raw.toString().replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:<id>\r\n');
      sameBytes('HELLO 3 (client id normalized)', hid(ha), hid(hb));
      const [ma, mb] = await call(['SENTINEL', 'MASTER', NAME]);
      sameValue('SENTINEL MASTER mymaster (RESP3)', normInstance(ma.value, substitutions(real)), normInstance(mb.value, substitutions(ours)));
      for (const args of [['SENTINEL', 'REPLICAS', NAME], ['SENTINEL', 'MASTERS'], ['SENTINEL', 'SENTINELS', NAME]]) {
        const [a, b] = await call(args);
        sameValue(`${args.join(' ')} (RESP3)`, normInstanceArray(a.value, substitutions(real)), normInstanceArray(b.value, substitutions(ours)));
      }
      for (const args of [
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nosuch'],
        ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME],
        ['INFO', 'sentinel'],
        ['ROLE'],
        ['PING'],
        ['SENTINEL', 'MASTER', 'nosuch'],
        ['SUBSCRIBE', 'a'],
        ['PING'],
        ['UNSUBSCRIBE', 'a'],
        ['HELLO'],
      ]) {
        const [a, b] = await call(args);
        sameBytes(`${args.join(' ')} (RESP3)`, hid(a), hid(b));
      }
      const [h2a, h2b] = await call(['HELLO', '2']);
      sameBytes('HELLO 2 (client id normalized)', hid(h2a), hid(h2b));
    } finally {
      ca.close();
      cb.close();
    }
    for (const args of [['HELLO', '4'], ['HELLO', 'x'], ['HELLO', '3', 'FOO']]) await bothBytes(args);
  }, 30000);

  it('inline commands', async () => {
    setup.check();
    diffs.current = 'inline';
    for (const req of ['PING\r\n', 'sentinel get-master-addr-by-name mymaster\r\n', 'PING "a b"\r\n', 'ping\n']) {
      const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
      try {
        ca.sendRaw(req);
        cb.sendRaw(req);
        const [a, b] = await Promise.all([ca.readReply(), cb.readReply()]);
        sameBytes(`inline ${JSON.stringify(req)}`, a.raw, b.raw);
      } finally {
        ca.close();
        cb.close();
      }
    }
  }, 30000);

  it('malformed requests: same error bytes, connection closed, other clients unaffected', async () => {
    setup.check();
    diffs.current = 'protocol errors';
    const [idleA, idleB] = await Promise.all([real.s.connect(), ours.s.connect()]);
    try {
      for (const req of [
        '*abc\r\n',
        '*1\r\n$x\r\n',
        '*1\r\n$-5\r\n',
        '*1\r\nfoo\r\n',
        '*3000000000\r\n',
        'PING "a\r\n',
        '*2\r\n$4\r\nPING\r\n$x\r\n',
      ]) {
        const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
        try {
          ca.sendRaw(req);
          cb.sendRaw(req);
          const [a, b] = await Promise.all([ca.readUntilClose(3000), cb.readUntilClose(3000)]);
          // Harness sanity: the reference answers with a protocol error and closes.
          expect(a.data.toString(), `reference reply to ${JSON.stringify(req)}`).toMatch(/^-ERR Protocol error: [^\r\n]+\r\n$/);
          expect(a.closed, `reference closes after ${JSON.stringify(req)}`).toBe(true);
          sameBytes(`raw ${JSON.stringify(req)} (bytes until close)`, a.data, b.data);
          sameValue(`raw ${JSON.stringify(req)} (connection closed by the server)`, a.closed, b.closed);
        } finally {
          ca.close();
          cb.close();
        }
        const [pa, pb] = await Promise.all([idleA.call(['PING']), idleB.call(['PING'])]);
        sameBytes(`PING on another, already open connection after ${JSON.stringify(req)}`, pa.raw, pb.raw);
        const [na, nb] = await both(['PING']);
        sameBytes(`PING on a new connection after ${JSON.stringify(req)}`, na.raw, nb.raw);
      }
      // Empty requests are ignored (no reply): the next reply is PING's.
      for (const req of ['*0\r\n', '*-1\r\n', '\r\n']) {
        const [ca, cb] = await Promise.all([real.s.connect(), ours.s.connect()]);
        try {
          ca.sendRaw(req + '*1\r\n$4\r\nPING\r\n');
          cb.sendRaw(req + '*1\r\n$4\r\nPING\r\n');
          const [a, b] = await Promise.all([ca.readReply(), cb.readReply()]);
          sameBytes(`raw ${JSON.stringify(req)} followed by PING`, a.raw, b.raw);
        } finally {
          ca.close();
          cb.close();
        }
      }
    } finally {
      idleA.close();
      idleB.close();
    }
  }, 60000);

  it('no differences overall', () => {
    setup.check();
    // Summarizes: every soft assertion above already failed its own test.
    expect(diffs.list.map((d) => `[${d.test}] ${d.request}`)).toEqual([]);
  });
});

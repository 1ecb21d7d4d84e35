import type { CommandSpec, ClientContext } from '../command';
import type { Reply } from '../../protocol/reply';
import { OK, array, bulk, error, int, nullArray, status, bulkMap } from '../../protocol/reply';
import type { Master } from '../../core/master';
import { currentMasterAddress } from '../../core/master';
import { ipLiteral } from '../../core/address';
import { toUnsigned } from '../../core/epoch';
import { TIMING_NAMES } from '../../core/timing';
import { ckquorumText } from '../../core/ckquorum';
import type { SentinelHost } from './sentinel-host';
import { instanceMap } from './instance-map';
import { linkRefcount } from '../../core/link';
import { SENTINEL_HELP_LINES } from './sentinel-help';
import { strictInt } from './parse-int';
import { string2ll } from '../../core/string2ll';
import { sentinelSet } from './sentinel-set';
import { sentinelConfig } from './sentinel-config';

const NO_MASTER = error('ERR No such master with that name');
const SAVE_FAILED = error('ERR Failed to save config file. Check server logs.');

type Handler = (h: SentinelHost, argv: string[], ctx: ClientContext) => Reply | Promise<Reply>;

function sub(name: string, arity: number, run: Handler, host: SentinelHost, help = false): CommandSpec {
  return {
    name,
    arity,
    flags: help ? ['loading', 'stale'] : ['admin'],
    categories: help ? ['@slow'] : ['@admin', '@slow', '@dangerous'],
    run: (ctx, argv) => run(host, argv, ctx),
  };
}

function withMaster(h: SentinelHost, name: string | undefined, f: (m: Master) => Reply): Reply {
  const m = name === undefined ? undefined : h.core.masters.get(name);
  return m ? f(m) : NO_MASTER;
}

function masterMap(h: SentinelHost, m: Master): Reply {
  return instanceMap(m, h.now(), linkRefcount(m), h.core.announceHostnames);
}

function ckquorum(m: Master): Reply {
  const q = ckquorumText(m);
  return q.ok ? status(q.text) : error(q.text);
}

const BAD_ADDRESS = error('ERR Invalid IP address or hostname specified');

/**
 * With resolve-hostnames a name must resolve now, which is DNS: the reply
 * waits for it (later requests on the connection wait behind it).
 */
function monitor(h: SentinelHost, argv: string[]): Reply | Promise<Reply> {
  const [, , , ip, portS, quorumS] = argv as [string, string, string, string, string, string];
  const quorumLL = string2ll(quorumS);
  if (quorumLL === null) return error('ERR Invalid quorum');
  const portLL = string2ll(portS);
  if (portLL === null) return error('ERR Invalid port');
  if (quorumLL <= 0n) return error('ERR Quorum must be 1 or greater.');
  // Redis checks the values as long, then stores them in C types a client can
  // see: the quorum as an unsigned int, the port as an int (9007199254740993
  // becomes port 1, and is accepted).
  const quorum = Number(BigInt.asUintN(32, quorumLL));
  const port = Number(BigInt.asIntN(32, portLL));
  if (ipLiteral(ip) !== null) return addMaster(h, argv, port, quorum);
  if (!h.core.resolveHostnames) return BAD_ADDRESS;
  return h.resolveHost(ip).then((resolved) => (resolved === null ? BAD_ADDRESS : addMaster(h, argv, port, quorum)));
}

function addMaster(h: SentinelHost, argv: string[], port: number, quorum: number): Reply {
  const [, , name, ip] = argv as [string, string, string, string];
  if (port < 0 || port > 65535) return error('ERR Invalid port number.');
  const res = h.step((now) => h.core.monitor(name, ip, port, quorum, now));
  if (!res.ok) return error(`ERR ${res.error}`);
  const saved = h.flushConfigNow();
  // The event follows the reply in Redis; a subscriber on the same RESP3
  // connection sees +OK first.
  setImmediate(() => h.step(() => h.core.announceMonitor(name)));
  return saved ? OK : SAVE_FAILED;
}

function infoCache(h: SentinelHost, argv: string[]): Reply {
  const seen = new Set<string>();
  const items: Reply[] = [];
  const now = h.now();
  for (const name of argv.slice(2)) {
    if (seen.has(name)) continue;
    const m = h.core.masters.get(name);
    if (!m) continue;
    seen.add(name);
    const rows: Reply[] = [];
    for (const inst of [m, ...m.slaves.values()]) {
      rows.push(array([int(inst.infoRefresh ? now - inst.infoRefresh : 0), inst.info !== null ? bulk(inst.info) : { t: 'null' }]));
    }
    items.push(bulk(name), array(rows));
  }
  return array(items);
}

function isMasterDownByAddr(h: SentinelHost, argv: string[]): Reply | Promise<Reply> {
  const [, , ip, portS, epochS, runid] = argv as [string, string, string, string, string, string];
  const port = strictInt(portS);
  const epoch = string2ll(epochS);
  if (port === null || epoch === null) return error('ERR value is not an integer or out of range');
  const r = h.step((now) => h.core.isMasterDownByAddr(ip, port, toUnsigned(epoch), runid, now));
  // The epoch goes back as a signed 64-bit integer, exactly as Redis casts it.
  const signed = r.leaderEpoch >= 1n << 63n ? r.leaderEpoch - (1n << 64n) : r.leaderEpoch;
  const reply = array([int(r.down ? 1 : 0), bulk(r.leader), int(signed)]);
  // A vote is on disk before the peer hears of it, or a restart could vote
  // again in the same epoch; the write is shared by all the flushes of this turn.
  // When the disk refused it, the vote is withheld (leader "*", as for a
  // request that asks no vote): redis-sentinel answers anyway, and a restart
  // from the older file then votes again in that epoch, for another
  // candidate, and two leaders promote two replicas in one epoch (found by
  // the simulation, test/sim, `npm run sim -- --from 4750 --schedules 1`).
  if (runid === '*') return reply;
  const withheld = array([int(r.down ? 1 : 0), bulk('*'), int(0)]);
  const written = h.durableWrite();
  if (written === null) return h.durableUnsaved() && !h.flushConfigNow() ? withheld : reply;
  return written.then((saved) => (saved ? reply : withheld));
}

function simulateFailure(h: SentinelHost, argv: string[]): Reply {
  const sf = { crashAfterElection: false, crashAfterPromotion: false };
  // Disarmed at once, as redis-sentinel does, even when an argument is bad.
  h.simulateFailure(sf);
  for (const a of argv.slice(2)) {
    const l = a.toLowerCase();
    if (l === 'crash-after-election') {
      sf.crashAfterElection = true;
      h.simulateFailure(sf);
      h.log('warning', 'Failure simulation: this Sentinel will crash after being successfully elected as failover leader');
    } else if (l === 'crash-after-promotion') {
      sf.crashAfterPromotion = true;
      h.simulateFailure(sf);
      h.log('warning', 'Failure simulation: this Sentinel will crash after promoting the selected replica to master');
    } else if (l === 'help') {
      return array([bulk('crash-after-election'), bulk('crash-after-promotion')]);
    } else return error('ERR Unknown failure simulation specified');
  }
  return OK;
}

function debug(h: SentinelHost, argv: string[]): Reply {
  const t = h.core.timing;
  if (argv.length === 2) return bulkMap(TIMING_NAMES.map(([k, f]) => [k, t[f]]));
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i] as string;
    if (i + 1 >= argv.length) return error(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${opt}'`);
    const err = h.setTimingParam(opt, argv[i + 1] as string);
    if (err !== null) return error(err);
  }
  return OK;
}

function pendingScripts(h: SentinelHost): Reply {
  const now = h.now();
  return array(
    h.scriptJobs().map((j) => ({
      t: 'map',
      entries: [
        [bulk('argv'), array(j.argv.map((a) => bulk(a)))],
        [bulk('flags'), bulk(j.running ? 'running' : 'scheduled')],
        [bulk('pid'), bulk(String(j.pid))],
        j.running
          ? [bulk('run-time'), bulk(String(now - j.startTime))]
          : [bulk('run-delay'), bulk(String(Math.max(0, j.notBefore - now)))],
        [bulk('retry-num'), bulk(String(j.retryNum))],
      ],
    })),
  );
}

export function sentinelCommand(h: SentinelHost): CommandSpec {
  const subs: CommandSpec[] = [
    sub('help', 2, (_h, argv) => array([status(`${(argv[0] ?? '').toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`), ...SENTINEL_HELP_LINES.map(status)]), h, true),
    sub('masters', 2, (h) => array([...h.core.masters.values()].map((m) => masterMap(h, m))), h),
    sub('master', 3, (h, a) => withMaster(h, a[2], (m) => masterMap(h, m)), h),
    ...['replicas', 'slaves'].map((n) =>
      sub(n, 3, (h, a) =>
        withMaster(h, a[2], (m) =>
          array([...m.slaves.values()].filter((s) => s.replicaAnnounced).map((s) => instanceMap(s, h.now(), linkRefcount(s), h.core.announceHostnames))),
        ), h),
    ),
    sub('sentinels', 3, (h, a) => withMaster(h, a[2], (m) => array([...m.sentinels.values()].map((s) => instanceMap(s, h.now(), linkRefcount(s), h.core.announceHostnames)))), h),
    sub('get-master-addr-by-name', 3, (h, a) => {
      const m = h.core.masters.get(a[2] as string);
      if (!m) return nullArray;
      const addr = currentMasterAddress(m, h.core.announceHostnames);
      return array([bulk(addr.host), bulk(String(addr.port))]);
    }, h),
    sub('myid', 2, (h) => bulk(h.core.myid), h),
    sub('ckquorum', 3, (h, a) => withMaster(h, a[2], (m) => ckquorum(m)), h),
    sub('flushconfig', 2, (h) => (h.flushConfigNow() ? OK : SAVE_FAILED), h),
    sub('monitor', 6, monitor, h),
    sub('remove', 3, (h, a) => {
      const removed = h.step((now) => h.core.remove(a[2] as string, now));
      if (!removed) return NO_MASTER;
      return h.flushConfigNow() ? OK : SAVE_FAILED;
    }, h),
    sub('reset', 3, (h, a) => int(h.step((now) => h.core.reset(a[2] as string, now))), h),
    sub('failover', 3, (h, a) => {
      const r = h.step((now) => h.core.failover(a[2] as string, now));
      return r.ok ? OK : error(r.error);
    }, h),
    sub('is-master-down-by-addr', 6, isMasterDownByAddr, h),
    sub('info-cache', -3, infoCache, h),
    sub('pending-scripts', 2, pendingScripts, h),
    sub('simulate-failure', -3, simulateFailure, h),
    sub('debug', -2, debug, h),
    sub('set', -5, (h, a) => sentinelSet(h, a), h),
    sub('config', -3, (h, a) => sentinelConfig(h, a), h),
  ];
  return {
    name: 'sentinel',
    arity: -2,
    flags: ['admin'],
    categories: ['@admin', '@slow', '@dangerous'],
    subcommands: new Map(subs.map((s) => [s.name, s])),
  };
}


import type { CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { array, status } from '../../protocol/reply';
import type { CommandFacts, CommandOutcome } from '../../core/commands/outcome';
import { asciiLower } from '../../core/bytes';
import type { SentinelHost } from './sentinel-host';
import { SENTINEL_HELP_LINES } from './sentinel-help';
import { isExecutable } from './executable';
import { SUBCOMMAND_ALIASES } from '../../core/commands/table';

/**
 * Runs a command in the core and carries out what its outcome asks: DNS
 * first when it needs it, the config write before the reply, the reply
 * after the durable writes, the follow-up after the reply. The reply value
 * is the core's; it is only encoded from here on.
 */
export function runInCore(h: SentinelHost, argv: readonly string[], facts: CommandFacts): Reply | PromiseLike<Reply> {
  const o = h.command(argv, facts);
  if (o.kind === 'resolve') return resolveThenRun(h, argv, facts, o.host);
  return finish(h, o);
}

// The closures of the rare paths live in helpers of their own: a function
// that creates one builds its context on every call, and runInCore and
// finish run for every SENTINEL request.

function resolveThenRun(h: SentinelHost, argv: readonly string[], facts: CommandFacts, host: string): PromiseLike<Reply> {
  return h.resolveHost(host).then((ip) => runInCore(h, argv, { ...facts, resolved: { host, ip } }));
}

function finish(h: SentinelHost, o: Extract<CommandOutcome, { kind: 'reply' }>): Reply | PromiseLike<Reply> {
  let reply: Reply = o.reply;
  if (o.save === 'now' && !h.flushConfigNow() && o.saveFailed !== null) reply = o.saveFailed;
  if (o.afterReply !== null) announceAfterReply(h, o.afterReply.master);
  if (o.save === 'durable') {
    // The write is shared by all the durable flushes of this turn. When the
    // disk refused it, `saveFailed` goes instead (a vote is withheld): see
    // commands/is-master-down-by-addr.ts.
    const failed = o.saveFailed;
    const written = h.durableWrite();
    if (written !== null) return replyOnceWritten(written, reply, failed);
    // Nothing pending now, but an earlier failure left the state unsaved: try once more.
    if (failed !== null && h.durableUnsaved() && !h.flushConfigNow()) return failed;
  }
  return reply;
}

function announceAfterReply(h: SentinelHost, master: string): void {
  setImmediate(() => h.announceMonitor(master));
}

function replyOnceWritten(written: PromiseLike<boolean>, reply: Reply, failed: Reply | null): PromiseLike<Reply> {
  return written.then((ok) => (ok || failed === null ? reply : failed));
}

/** What the core cannot see for itself: the file system and the script runner. */
export function factsFor(h: SentinelHost, argv: readonly string[]): CommandFacts {
  const name = argv[1] ?? '';
  // Only two subcommands need facts: names of other lengths skip lower-casing.
  if (name.length !== 'set'.length && name.length !== 'pending-scripts'.length) return NO_FACTS;
  const sub = asciiLower(name);
  if (sub === 'set') {
    // Every value that follows a *-script option: a superset of the paths SET
    // will ask about, whatever its parse of the rest decides.
    const executable = new Set<string>();
    for (let i = 4; i < argv.length; i++) {
      // Both exist: i and i - 1 lie within the loop's bounds.
      const v = argv[i] as string;
      if (asciiLower(argv[i - 1] as string).endsWith('-script') && v !== '' && isExecutable(v)) executable.add(v);
    }
    return { executable };
  }
  if (sub === 'pending-scripts') return { scripts: scriptsFact(h) };
  return NO_FACTS;
}

/** Facts are only read: the commands that need none share this one. */
const NO_FACTS: CommandFacts = {};

export function scriptsFact(h: SentinelHost): NonNullable<CommandFacts['scripts']> {
  // Every INFO asks: fields copied by name, not by the slower object spread.
  const c = h.pendingScripts();
  return { running: c.running, queued: c.queued, jobs: h.scriptJobs() };
}

function sub(name: string, arity: number, host: SentinelHost): CommandSpec {
  return {
    name,
    arity,
    flags: ['admin'],
    categories: ['@admin', '@slow', '@dangerous'],
    // The command's own name, whatever rename-command made of it.
    run: (_ctx, argv) => asPromise(runInCore(host, asSentinel(argv), factsFor(host, argv))),
  };
}

/**
 * The core reads the command's name case-insensitively: only a renamed
 * command needs its arguments copied under the original name.
 */
function asSentinel(argv: string[]): readonly string[] {
  const name = argv[0];
  return name === 'sentinel' || name === 'SENTINEL' ? argv : ['sentinel', ...argv.slice(1)];
}

/**
 * The session takes a Reply or a Promise. The daemon's host only gives
 * Promises, which Promise.resolve returns as they are (no extra tick); the
 * PromiseLike is for a simulated host, which calls runInCore itself.
 */
export function asPromise(r: Reply | PromiseLike<Reply>): Reply | Promise<Reply> {
  return isPromiseLike(r) ? Promise.resolve(r) : r;
}

function isPromiseLike(r: Reply | PromiseLike<Reply>): r is PromiseLike<Reply> {
  return 'then' in r;
}

/** SENTINEL's subcommands and their arities; all but HELP are decided in the core. */
const OWN_SUBCOMMANDS: ReadonlyArray<[string, number]> = [
  ['masters', 2],
  ['master', 3],
  ['replicas', 3],
  ['slaves', 3],
  ['sentinels', 3],
  ['get-master-addr-by-name', 3],
  ['myid', 2],
  ['ckquorum', 3],
  ['flushconfig', 2],
  ['monitor', 6],
  ['remove', 3],
  ['reset', 3],
  ['failover', 3],
  ['is-master-down-by-addr', 6],
  ['info-cache', -3],
  ['pending-scripts', 2],
  ['simulate-failure', -3],
  ['debug', -2],
  ['set', -5],
  // Redis 7.2: GET and SET take at least one argument (7.0.15: -3, and a usage error for none).
  ['config', -4],
];

/** With Valkey 8's spellings, each at the arity of the command it names. */
const SUBCOMMANDS: ReadonlyArray<[string, number]> = [
  ...OWN_SUBCOMMANDS,
  ...[...SUBCOMMAND_ALIASES].map(([alias, of]): [string, number] => {
    const own = OWN_SUBCOMMANDS.find(([n]) => n === of);
    if (own === undefined) throw new Error(`SENTINEL ${alias} names no subcommand: '${of}'`);
    return [alias, own[1]];
  }),
];

export function sentinelCommand(h: SentinelHost): CommandSpec {
  const help: CommandSpec = {
    name: 'help',
    arity: 2,
    flags: ['loading', 'stale'],
    categories: ['@slow'],
    run: (_ctx, argv) => array([status(`${(argv[0] ?? '').toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`), ...SENTINEL_HELP_LINES.map(status)]),
  };
  const subs = [help, ...SUBCOMMANDS.map(([name, arity]): CommandSpec => (SUBCOMMAND_ALIASES.has(name) ? { ...sub(name, arity, h), surface: 'valkey-8.0.1' } : sub(name, arity, h)))];
  return {
    name: 'sentinel',
    arity: -2,
    flags: ['admin'],
    categories: ['@admin', '@slow', '@dangerous'],
    subcommands: new Map(subs.map((s) => [s.name, s])),
  };
}

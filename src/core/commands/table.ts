import { asciiLower } from '../bytes';
import type { CommandCore } from './host';
import type { CommandFacts, CommandOutcome } from './outcome';
import { master, masters, replicas, sentinels } from './masters';
import { getMasterAddrByName } from './get-master-addr-by-name';
import { isMasterDownByAddr } from './is-master-down-by-addr';
import { monitor } from './monitor';
import { remove } from './remove';
import { reset } from './reset';
import { failover } from './failover';
import { set } from './set';
import { ckquorum } from './ckquorum';
import { flushconfig } from './flushconfig';
import { config } from './config';
import { infoCache } from './info-cache';
import { simulateFailure } from './simulate-failure';
import { pendingScripts } from './pending-scripts';
import { myid } from './myid';
import { debug } from './debug';
import { role } from './role';
import { infoSentinel } from './info-section';

export type CommandRule = (core: CommandCore, args: readonly string[], facts: CommandFacts) => CommandOutcome;

/**
 * Valkey 8's spellings of SENTINEL subcommands, each the same command as the
 * 7.0.15 one it names: same arity, replies and errors (Valkey's own replies
 * kept the `master`/`slave` words, so nothing a 7.0 client parses differs).
 */
export const SUBCOMMAND_ALIASES: ReadonlyMap<string, string> = new Map([
  ['primaries', 'masters'],
  ['primary', 'master'],
  ['get-primary-addr-by-name', 'get-master-addr-by-name'],
  ['is-primary-down-by-addr', 'is-master-down-by-addr'],
]);

/**
 * The commands the core decides, by lower-cased name ("sentinel <sub>" for
 * SENTINEL's subcommands). The shell has checked the command's arity (its
 * command table answers unknown commands and wrong counts); everything after
 * that, including the arity of SET's options, is decided here.
 */
const OWN_COMMANDS: ReadonlyArray<[string, CommandRule]> = [
  ['sentinel masters', masters],
  ['sentinel master', master],
  ['sentinel replicas', replicas],
  ['sentinel slaves', replicas],
  ['sentinel sentinels', sentinels],
  ['sentinel get-master-addr-by-name', getMasterAddrByName],
  ['sentinel is-master-down-by-addr', isMasterDownByAddr],
  ['sentinel monitor', monitor],
  ['sentinel remove', remove],
  ['sentinel reset', reset],
  ['sentinel failover', failover],
  ['sentinel set', set],
  ['sentinel ckquorum', ckquorum],
  ['sentinel flushconfig', flushconfig],
  ['sentinel config', config],
  ['sentinel info-cache', infoCache],
  ['sentinel simulate-failure', simulateFailure],
  ['sentinel pending-scripts', pendingScripts],
  ['sentinel myid', myid],
  ['sentinel debug', debug],
  ['role', role],
  ['info sentinel', infoSentinel],
];

function aliased(alias: string, of: string): [string, CommandRule] {
  const rule = OWN_COMMANDS.find(([k]) => k === `sentinel ${of}`);
  if (rule === undefined) throw new Error(`SENTINEL ${alias} names no command: '${of}'`);
  return [`sentinel ${alias}`, rule[1]];
}

export const COMMANDS: ReadonlyMap<string, CommandRule> = new Map<string, CommandRule>([
  ...OWN_COMMANDS,
  ...[...SUBCOMMAND_ALIASES].map(([alias, of]) => aliased(alias, of)),
]);

/** The table key of a request: the command, and for SENTINEL and INFO the first argument too. */
export function commandKey(args: readonly string[]): string {
  const cmd = asciiLower(args[0] ?? '');
  return cmd === 'sentinel' || cmd === 'info' ? `${cmd} ${asciiLower(args[1] ?? '')}` : cmd;
}

export function runCommand(core: CommandCore, args: readonly string[], facts: CommandFacts): CommandOutcome {
  const rule = COMMANDS.get(commandKey(args));
  // The shell routes only the commands of this table here.
  if (rule === undefined) throw new Error(`core command table has no '${commandKey(args)}'`);
  return rule(core, args, facts);
}

import type { CommandSpec } from '../command';
import type { CommandTable } from '../command-table';
import type { Reply } from '../../protocol/reply';
import { array, bulk, error, int, nullBulk } from '../../protocol/reply';
import { compileGlob, matchCompiled } from '../../core/glob';
import type { Surface } from '../../core/surfaces';
import { RELEASE_SURFACES } from '../../core/surfaces';
import { commandDocsEntry, commandInfoEntry } from './command-info';
import { COMMAND_HELP } from './help-texts';
import { helpReply } from './help-reply';

const FLAGS = ['loading', 'stale'];
const CATEGORIES = ['@slow', '@connection'];
const ORDER_TIP = ['nondeterministic_output_order'];

function sub(name: string, arity: number, run: CommandSpec['run'], tips?: string[]): CommandSpec {
  const spec: CommandSpec = { name, arity, flags: FLAGS, categories: CATEGORIES, run };
  if (tips) spec.tips = tips;
  return spec;
}

function allInfo(table: CommandTable): Reply {
  return array(table.topLevel().map((s) => commandInfoEntry(s, s.name)));
}

function list(table: CommandTable, shown: readonly Surface[], argv: string[]): Reply {
  const all = table.all().filter((c) => c.spec.surface === undefined || shown.includes(c.spec.surface));
  if (argv.length === 2) return array(all.map((c) => bulk(c.fullName)));
  // The argv casts in this file are covered by the length test on the same
  // line (here, five arguments) or by the subcommand's arity (GETKEYS: -4,
  // so `cmd` below has at least two).
  if (argv.length !== 5 || (argv[2] as string).toLowerCase() !== 'filterby') return error('ERR syntax error');
  const kind = (argv[3] as string).toLowerCase();
  const value = argv[4] as string;
  if (kind === 'module') return array([]);
  if (kind === 'aclcat') {
    const cat = `@${value.toLowerCase()}`;
    return array(all.filter((c) => c.spec.categories.includes(cat)).map((c) => bulk(c.fullName)));
  }
  if (kind === 'pattern') {
    const glob = compileGlob(value, true);
    return array(all.filter((c) => matchCompiled(glob, c.fullName, true)).map((c) => bulk(c.fullName)));
  }
  return error('ERR syntax error');
}

/**
 * GETKEYS resolves the command like a real request would. Redis reports a
 * keyless command before looking at the argument count, and no sentinel
 * command has keys.
 */
function getKeys(table: CommandTable, argv: string[]): Reply {
  const cmd = argv.slice(2);
  let spec = table.lookup(cmd[0] as string);
  if (spec?.subcommands && cmd.length >= 2) spec = spec.subcommands.get((cmd[1] as string).toLowerCase());
  if (!spec) return error('ERR Invalid command specified');
  return error('ERR The command has no key arguments');
}

/** `release`: the compat-release whose COMMAND LIST is answered (see core/surfaces). */
export function commandCommand(table: CommandTable, release: Surface): CommandSpec {
  const shown = RELEASE_SURFACES[release];
  const subs: CommandSpec[] = [
    sub('count', 2, () => int(table.topLevel().length)),
    sub(
      'docs',
      -2,
      (_c, argv) => {
        const named = argv.length > 2 ? argv.slice(2).map((n) => table.find(n)) : table.topLevel().map((spec) => ({ spec, fullName: spec.name }));
        const entries: Array<[Reply, Reply]> = [];
        for (const c of named) if (c) entries.push([bulk(c.fullName), commandDocsEntry(c.spec, c.fullName)]);
        return { t: 'map', entries };
      },
      ORDER_TIP,
    ),
    sub('getkeys', -3, (_c, argv) => getKeys(table, argv)),
    sub('getkeysandflags', -3, (_c, argv) => getKeys(table, argv)),
    sub('help', 2, (_c, argv) => helpReply(argv, COMMAND_HELP)),
    sub(
      'info',
      -2,
      (_c, argv) => {
        if (argv.length === 2) return allInfo(table);
        return array(
          argv.slice(2).map((n) => {
            const c = table.find(n);
            return c ? commandInfoEntry(c.spec, c.fullName) : nullBulk;
          }),
        );
      },
      ORDER_TIP,
    ),
    sub('list', -2, (_c, argv) => list(table, shown, argv), ORDER_TIP),
  ];
  return {
    name: 'command',
    arity: -1,
    flags: FLAGS,
    categories: CATEGORIES,
    tips: ORDER_TIP,
    subcommands: new Map(subs.map((s) => [s.name, s])),
    run: () => allInfo(table),
  };
}

import type { CommandArg, CommandSpec } from '../command';
import type { Reply } from '../../protocol/reply';
import { array, bulk, int, setReply, status } from '../../protocol/reply';

/**
 * One COMMAND INFO entry: name, arity, flags, first/last/step key (always 0:
 * no sentinel command takes keys), ACL categories, tips, key specs and
 * subcommands. Empty subcommand lists are sets, non-empty ones arrays, which
 * is what RESP3 clients see from Redis.
 */
export function commandInfoEntry(spec: CommandSpec, fullName: string): Reply {
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  return array([
    bulk(fullName),
    int(spec.arity),
    setReply(spec.flags.map((f) => status(f))),
    int(0),
    int(0),
    int(0),
    setReply(spec.categories.map((c) => status(c))),
    setReply((spec.tips ?? []).map((t) => bulk(t))),
    setReply([]),
    subs.length > 0 ? array(subs.map((s) => commandInfoEntry(s, `${fullName}|${s.name}`))) : setReply([]),
  ]);
}

/** One COMMAND DOCS value (a map), subcommands nested under their full names. */
export function commandDocsEntry(spec: CommandSpec, fullName: string): Reply {
  const entries: Array<[Reply, Reply]> = [];
  const d = spec.docs;
  if (d) {
    entries.push([bulk('summary'), bulk(d.summary)], [bulk('since'), bulk(d.since)], [bulk('group'), bulk(d.group)]);
    if (d.complexity !== undefined) entries.push([bulk('complexity'), bulk(d.complexity)]);
    if (d.docFlags) entries.push([bulk('doc_flags'), setReply(d.docFlags.map((f) => status(f)))]);
    if (d.deprecatedSince !== undefined) entries.push([bulk('deprecated_since'), bulk(d.deprecatedSince)]);
    if (d.replacedBy !== undefined) entries.push([bulk('replaced_by'), bulk(d.replacedBy)]);
    if (d.history) entries.push([bulk('history'), setReply(d.history.map(([v, what]) => array([bulk(v), bulk(what)])))]);
    if (d.arguments) entries.push([bulk('arguments'), argList(d.arguments)]);
  }
  if (spec.subcommands && spec.subcommands.size > 0) {
    const subs: Array<[Reply, Reply]> = [...spec.subcommands.values()].map((s) => {
      const name = `${fullName}|${s.name}`;
      return [bulk(name), commandDocsEntry(s, name)];
    });
    entries.push([bulk('subcommands'), { t: 'map', entries: subs }]);
  }
  return { t: 'map', entries };
}

/**
 * Arguments in Redis 7.2's layout: a container (oneof, block) lists its
 * arguments instead of a display text; any other shows its display text,
 * its name when it has none.
 */
function argList(args: readonly CommandArg[]): Reply {
  return array(
    args.map((a) => {
      const container = a.type === 'oneof' || a.type === 'block';
      const entries: Array<[Reply, Reply]> = [
        [bulk('name'), bulk(a.name)],
        [bulk('type'), bulk(a.type)],
      ];
      if (!container) entries.push([bulk('display_text'), bulk(a.display ?? a.name)]);
      if (a.keySpecIndex !== undefined) entries.push([bulk('key_spec_index'), int(a.keySpecIndex)]);
      if (a.token !== undefined) entries.push([bulk('token'), bulk(a.token)]);
      if (a.summary !== undefined) entries.push([bulk('summary'), bulk(a.summary)]);
      if (a.since !== undefined) entries.push([bulk('since'), bulk(a.since)]);
      if (a.deprecatedSince !== undefined) entries.push([bulk('deprecated_since'), bulk(a.deprecatedSince)]);
      if (a.flags) entries.push([bulk('flags'), setReply(a.flags.map((f) => status(f)))]);
      if (container) entries.push([bulk('arguments'), argList(a.arguments ?? [])]);
      return { t: 'map', entries };
    }),
  );
}

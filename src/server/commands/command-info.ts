import type { CommandSpec } from '../command';
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

import { ACL_CATEGORIES } from './categories';
import type { KeyPattern } from './selector';
import { READ, Selector, WRITE } from './selector';
import type { CommandUniverse } from './universe';

function countCategory(s: Selector, u: CommandUniverse, category: string): { on: number; off: number } {
  let on = 0;
  let off = 0;
  // Plain loops rather than walk(): every config rewrite runs this for each
  // category and user, and a generator resumed that often is what V8 picked
  // to optimise first, paging in its optimising compiler (some 3.5 MB of
  // resident memory) in an otherwise idle sentinel.
  for (const cmd of u.top) {
    for (let i = -1; i < cmd.subcommands.length; i++) {
      const c = i < 0 ? cmd : (cmd.subcommands[i] as typeof cmd);
      if (!c.categories.has(category)) continue;
      if (s.bit(c.fullName)) on++;
      else off++;
    }
  }
  return { on, off };
}

/**
 * The shortest-looking rule list that rebuilds the selector's command
 * permissions, derived the way Redis does it so the text matches: start from
 * +@all or -@all, greedily apply the category that fits best (more commands
 * agreeing than disagreeing, fewest disagreements), then fix single commands.
 * Redis emits those single commands in hash-table order, which changes from
 * process to process; here they come in command-table order.
 */
export function describeCommandRules(sel: Selector, u: CommandUniverse): string {
  // Every command allowed (the default user) or none: the search below would
  // find no category and no single command to add, at the cost of a pass over
  // the whole table per category, which the rewrite at start-up pays cold.
  if (sel.flipped.size === 0 && sel.firstArgs.size === 0) return sel.fill ? '+@all' : '-@all';
  const additive = !sel.fill;
  const rules: string[] = [additive ? '-@all' : '+@all'];
  const fake = new Selector(false);
  fake.setAll(!additive);
  // What is left to explain: categories already used are flipped back on it.
  const temp = sel.clone();
  const applied = new Set<string>();
  for (;;) {
    let best: string | null = null;
    let minDiff = Number.MAX_SAFE_INTEGER;
    let maxSame = 0;
    for (const cat of ACL_CATEGORIES) {
      if (applied.has(cat)) continue;
      const { on, off } = countCategory(temp, u, cat);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = cat;
        minDiff = diff;
        maxSame = same;
      }
    }
    if (best === null) break;
    fake.setCategory(u, best, additive);
    temp.setCategory(u, best, !additive);
    rules.push(`${additive ? '+' : '-'}@${best}`);
    applied.add(best);
  }
  for (const cmd of u.top) {
    for (const c of [cmd, ...cmd.subcommands]) {
      const userBit = sel.bit(c.fullName);
      if (userBit !== fake.bit(c.fullName)) {
        rules.push(`${userBit ? '+' : '-'}${c.fullName}`);
        fake.changePerm(c, userBit);
      }
    }
    if (!sel.bit(cmd.fullName)) for (const arg of sel.firstArgs.get(cmd.fullName) ?? []) rules.push(`+${cmd.fullName}|${arg}`);
  }
  return rules.join(' ');
}

export function keyPatternText(k: KeyPattern): string {
  if (k.flags === (READ | WRITE)) return `~${k.pattern}`;
  if (k.flags === READ) return `%R~${k.pattern}`;
  if (k.flags === WRITE) return `%W~${k.pattern}`;
  // "%~x" grants nothing; Redis would abort rendering it, a visible form is kinder.
  return `%~${k.pattern}`;
}

/** Keys, channels, then commands, as in a `user` line. */
export function describeSelector(sel: Selector, u: CommandUniverse): string {
  const parts: string[] = [];
  if (sel.allKeys) parts.push('~*');
  else parts.push(...sel.keys.map(keyPatternText));
  if (sel.allChannels) parts.push('&*');
  else parts.push('resetchannels', ...sel.channels.map((c) => `&${c}`));
  parts.push(describeCommandRules(sel, u));
  return parts.join(' ');
}

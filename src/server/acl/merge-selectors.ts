/**
 * A selector such as `(+ping ~x)` may arrive split over several arguments
 * (`(+ping`, `~x)`); they are joined back with single spaces. Returns null
 * with the opening argument when a parenthesis is never closed.
 */
export function mergeSelectorArgs(args: readonly string[]): { ok: true; args: string[] } | { ok: false; opening: string } {
  const out: string[] = [];
  let open: string | null = null;
  let opening = '';
  for (const op of args) {
    if (open === null && op.startsWith('(') && !op.endsWith(')')) {
      open = op;
      opening = op;
      continue;
    }
    if (open !== null) {
      open += ` ${op}`;
      if (op.endsWith(')')) {
        out.push(open);
        open = null;
      }
      continue;
    }
    out.push(op);
  }
  return open === null ? { ok: true, args: out } : { ok: false, opening };
}

/**
 * The core's invariants. A broken one means the state is no longer the one
 * the rules were written for: nothing the core decides after that can be
 * trusted, so the exception must end the process (the shell does it, see
 * src/shell/fatal.ts), never be turned into a reply or a dropped link.
 */
export class CoreAssertionError extends Error {
  constructor(
    readonly condition: string,
    readonly detail: string | undefined,
  ) {
    super(detail === undefined ? condition : `${condition} (${detail})`);
    this.name = 'CoreAssertionError';
  }
}

export function coreAssert(ok: boolean, condition: string, detail?: string): asserts ok {
  if (!ok) throw new CoreAssertionError(condition, detail);
}

/** `xs[i]` where the rules guarantee it exists: a missing one is a broken invariant. */
export function coreAt<T>(xs: ArrayLike<T>, i: number, condition: string): T {
  const x = xs[i];
  coreAssert(x !== undefined, condition, `index ${i} of ${xs.length}`);
  return x;
}

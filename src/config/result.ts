/**
 * The config layer reports every failure as a value: start-up must be able to
 * print Redis's exact report and exit, and tests must be able to look at the
 * failure, neither of which works well with exceptions thrown from deep inside
 * a parser.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/**
 * Bounded polling. Every wait in the test-suite goes through here so that a
 * stuck condition fails with a message saying what was awaited, instead of
 * hitting the per-test timeout with no explanation.
 */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/** T without the falsy values waitFor treats as "not yet". */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Thrown by a waitFor predicate to stop waiting at once (e.g. the process died). */
export class AbortWait extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbortWait';
  }
}

export interface WaitOptions {
  /** What is awaited, used in the error message. */
  description?: string;
  /** Called on timeout; its result is appended to the error message (e.g. a log tail). */
  details?: () => string | Promise<string>;
}

/**
 * Polls `predicate` every `intervalMs` until it returns a truthy value (which is
 * returned) or `timeoutMs` elapsed (then throws a WaitTimeoutError). Exceptions
 * thrown by the predicate count as "not yet"; the last one is reported, except
 * AbortWait, which ends the wait at once.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs: number,
  intervalMs = 100,
  options: WaitOptions | string = {},
): Promise<Truthy<T>> {
  const opts: WaitOptions = typeof options === 'string' ? { description: options } : options;
  const start = Date.now();
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v as Truthy<T>;
      lastValue = v;
      lastError = undefined;
    } catch (e) {
      if (e instanceof AbortWait) {
        let msg = `Gave up waiting for ${opts.description ?? 'condition'}: ${e.message}`;
        if (opts.details) msg += `\n${await opts.details()}`;
        throw new Error(msg);
      }
      lastError = e;
    }
    if (Date.now() - start >= timeoutMs) break;
    await sleep(Math.max(1, Math.min(intervalMs, timeoutMs - (Date.now() - start))));
  }
  let msg = `Timed out after ${timeoutMs} ms waiting for ${opts.description ?? 'condition'}`;
  if (lastError !== undefined) {
    msg += `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
  } else {
    msg += `; last value: ${JSON.stringify(lastValue)}`;
  }
  if (opts.details) {
    try {
      msg += `\n${await opts.details()}`;
    } catch (e) {
      msg += `\n(details unavailable: ${String(e)})`;
    }
  }
  throw new WaitTimeoutError(msg);
}

/** Rejects with a clear message if `p` does not settle within `timeoutMs`. */
export async function withTimeout<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

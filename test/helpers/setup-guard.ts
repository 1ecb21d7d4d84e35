/**
 * beforeAll failures make vitest report the tests as skipped. To have them
 * fail instead (with the setup error as the message), the setup runs through
 * `run` and every test starts with `check()`.
 */
export function setupGuard(): { run: (fn: () => Promise<void>) => Promise<void>; check: () => void } {
  let error: unknown;
  let done = false;
  return {
    async run(fn) {
      try {
        await fn();
      } catch (e) {
        error = e;
      } finally {
        done = true;
      }
    },
    check() {
      if (!done) throw new Error('setup did not finish');
      if (error !== undefined) {
        const msg = error instanceof Error ? error.message : String(error);
        throw new Error(`setup failed: ${msg}`);
      }
    },
  };
}

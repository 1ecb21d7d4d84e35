import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60000,
    hookTimeout: 60000,
    // The simulation (test/sim) is CPU-bound and opens no sockets: its files
    // run after everything else, in a pool of worker threads with one per
    // core (vitest's default is cores - 1, a single worker on 2 cores). The
    // rest runs first, one file at a time in a fork as before: the
    // integration tests time real processes and bind ports picked just
    // before, so they get the machine to themselves.
    poolOptions: { threads: { maxThreads: availableParallelism() } },
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/sim/**'], pool: 'forks', sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'sim', include: ['test/sim/**/*.test.ts'], pool: 'threads', sequence: { groupOrder: 1 } } },
    ],
  },
});

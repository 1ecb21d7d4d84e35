import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60000,
    hookTimeout: 60000,
    pool: 'forks',
    // vitest's default is one fork less than the cores (a single fork on a
    // 2-core machine); the simulation's schedules are CPU-bound and split
    // over several files so that every core runs some.
    poolOptions: { forks: { maxForks: availableParallelism() } },
  },
});

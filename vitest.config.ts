import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CLI and durability tests spawn processes; on a loaded 2-core machine each may take seconds.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

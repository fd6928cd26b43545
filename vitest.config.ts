import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    // Each file gets its own tables in one shared DynamoDB Local, so files run in parallel.
    pool: 'forks',
    testTimeout: 30_000,
    // Synth and bundling set-ups take ~10 s alone, minutes on a loaded 2-core machine.
    hookTimeout: 180_000,
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/support/slow-files-first';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    // Each file gets its own tables in one shared DynamoDB Local, so files run in parallel.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on 2 cores, where the
    // suite then ran one file at a time. Most files wait on emulators and child processes, so
    // two at a time fit 2 cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Known slow files start first, so none of them starts last and runs on alone.
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 30_000,
    // Synth and bundling set-ups take ~10 s alone, minutes on a loaded 2-core machine.
    hookTimeout: 180_000,
  },
});

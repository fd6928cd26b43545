import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Vitest starts the files it has timings for longest first, but a clean clone (CI) has none: it
// falls back to file size, which started a short file like crash-restart (two `npm start`s,
// 20–80 s) last, and the run then waited on it alone. So the files measured slowest (import +
// set-up + tests, one at a time on the loaded 2-core machine; docs/decisions.md, 2026-12-02)
// start first, longest first; every other file follows in vitest's own order.
const SLOW_FILES = [
  'test/local/crash-restart.test.ts', // 22–82 s: two `npm start` children, a kill -9 between
  'test/local/dynamodb-restart.test.ts', // ~31 s: its own DynamoDB Local, killed and restarted
  'test/infra/table-streams.test.ts', // ~31 s: aws-cdk-lib import + a synth
  'test/local/clean-stop.test.ts', // ~25 s: three `npm start`s, two at a time
  'test/infra/stack.test.ts', // ~26 s: synths
  'test/saga/payment-outages.test.ts', // ~24 s
  'test/infra/notifications.test.ts', // ~23 s: synths
  'test/infra/bundling.test.ts', // ~23 s: esbuild of every bundle
  'test/http/delivery.test.ts', // ~20 s
  'test/integration/listing-upgrade.test.ts', // ~20 s: its own DynamoDB Local
  'test/http/payments.test.ts', // ~16 s
  'test/http/cart.test.ts', // ~15 s
  'test/refunds/cancel-during-outage.test.ts', // ~15 s
  'test/refunds/provider-deadline.test.ts', // ~15 s
  'test/http/checkout-guards.test.ts', // ~12 s
];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? SLOW_FILES.length : index;
    };
    // A stable sort: the other files keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 30_000,
    // Synth and bundling set-ups take ~10 s alone, minutes on a loaded 2-core machine.
    hookTimeout: 180_000,
  },
});

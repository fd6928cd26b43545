import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Vitest starts the files it has timings for longest first, but a clean clone (CI) has none: it
// falls back to file size, which started a short file like crash-restart (two `npm start`s) near
// the end, and the run then waited on it alone. So the files measured slowest (import + set-up +
// tests; docs/decisions.md, 2026-12-02) start first, longest first, the two that spawn several
// `npm start`s apart; every other file follows in vitest's own order.
export const SLOW_FILES = [
  'test/local/dynamodb-restart.test.ts', // ~31 s: its own DynamoDB Local, killed and restarted
  'test/infra/table-streams.test.ts', // ~22–31 s: aws-cdk-lib import + a validated synth
  'test/infra/stack.test.ts', // ~26 s: synths
  'test/local/clean-stop.test.ts', // ~26 s: four `npm start`s, two at a time
  'test/local/stream-poller-restart.test.ts', // ~14 s: a watched DynamoDB Local killed, twice
  'test/saga/payment-outages.test.ts', // ~25 s: Razorpay outages played out
  'test/infra/bundling.test.ts', // ~23 s: esbuild of every bundle
  'test/local/crash-restart.test.ts', // ~22 s: two `npm start`s, a kill -9 between
  'test/http/delivery.test.ts', // ~20 s
  'test/integration/listing-upgrade.test.ts', // ~20 s: its own DynamoDB Local
  'test/http/payments.test.ts', // ~16 s
  'test/http/cart.test.ts', // ~15 s
  'test/saga/admin-races.test.ts', // ~13 s: 20 orders racing reshards and a deactivation
  'test/refunds/cancel-during-outage.test.ts', // ~15 s: waits out an outage
  'test/refunds/provider-deadline.test.ts', // ~15 s: waits out a route timeout
  'test/http/checkout-guards.test.ts', // ~12 s
  'test/infra/notifications.test.ts', // ~11 s: two synths
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
    // suite ran one file at a time. Two use both cores; three were slower (the suite is CPU-bound).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 30_000,
    // Synth and bundling set-ups take ~10 s alone, minutes on a loaded 2-core machine.
    hookTimeout: 180_000,
  },
});

// The order test files start in. Vitest's own order puts the files it has timings for longest
// first, but a clean clone (CI) has none: it falls back to file size, which starts a short file
// like crash-restart (two `npm start`s, 20–80 s) last, and the run waits on it alone at the end.
// So the files measured slowest (import + set-up + tests, docs/decisions.md 2026-12-02) start
// first, longest first; every other file follows in vitest's own order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first; seconds measured one file at a time on the loaded 2-core machine. */
export const SLOW_FILES = [
  'test/local/crash-restart.test.ts', // 22–82 s: two `npm start` children, a kill -9 between
  'test/local/clean-stop.test.ts', // ~59 s one test after the other: three `npm start`s
  'test/local/dynamodb-restart.test.ts', // ~31 s: its own DynamoDB Local, killed and restarted
  'test/infra/table-streams.test.ts', // ~31 s: aws-cdk-lib import + a synth
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

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? SLOW_FILES.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

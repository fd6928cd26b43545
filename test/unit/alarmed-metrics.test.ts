// The metrics the alarms watch are the ones the code emits: same name, namespace and `service`
// dimension in the EMF blob as in the CloudWatch metric infra builds the alarm on.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonLine } from '../support/captured-output';
import { captureStdout } from '../support/captured-output';

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string }[];
}

let output: ReturnType<typeof captureStdout>;
// Fresh modules with metrics on (elsewhere in the suite they are disabled), as the Lambdas run them.
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'QuickCommerce');
vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'quick-commerce-checkout');
vi.resetModules();
afterAll(() => vi.unstubAllEnvs());
beforeEach(() => {
  output?.restore();
  output = captureStdout();
});

/** Where `metricName` appears in the blobs: namespace, dimensions and their values. */
const emitted = (blobs: JsonLine[], metricName: string) =>
  blobs.flatMap((blob) =>
    (blob._aws as { CloudWatchMetrics: EmfDirective[] }).CloudWatchMetrics.filter((d) =>
      d.Metrics.some((m) => m.Name === metricName),
    ).map((d) => ({
      namespace: d.Namespace,
      dimensions: Object.fromEntries(d.Dimensions.flat().map((name) => [name, blob[name]])),
      value: blob[metricName],
    })),
  );

describe('alarmed metrics', async () => {
  const { countRefundFailure, countReconciled, countPaymentsMisconfigured, flushMetrics } = await import(
    '../../functions/core/metrics'
  );
  const { refundFailuresMetric, paymentsMisconfiguredMetric } = await import(
    '../../infra/constructs/business-metrics'
  );
  const { ordersReconciledMetric } = await import('../../infra/constructs/scheduled-functions');

  const cases = [
    ['RefundFailures', () => countRefundFailure(), refundFailuresMetric()],
    ['OrdersReconciled', () => countReconciled('refunded'), ordersReconciledMetric()],
    ['PaymentsMisconfigured', () => countPaymentsMisconfigured(), paymentsMisconfiguredMetric()],
  ] as const;

  it.each(cases)('%s is emitted under the alarm metric’s namespace and dimensions', (name, emit, metric) => {
    emit();
    flushMetrics();
    const found = emitted(output.emf(), name);
    expect(metric.metricName).toBe(name);
    // The alarm's exact dimension set must be among what was emitted (CloudWatch matches it exactly).
    expect(found).toContainEqual({ namespace: metric.namespace, dimensions: metric.dimensions, value: 1 });
    output.restore();
  });
});

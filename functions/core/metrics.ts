// Business metrics (CloudWatch EMF through Powertools): how many orders end each way, and how long
// shoppers take to pay. Domain code only adds them; the edge wrappers flush once per invocation
// (functions/core/invocation.ts), so an invocation's metrics leave as one EMF blob.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export type OrderMetric =
  | 'OrdersCreated'
  | 'OrdersConfirmed'
  | 'OrdersRejected'
  | 'PaymentFailed'
  | 'OrdersCancelled'
  | 'OrdersDelivered';

/** Metrics an alarm watches (infra/constructs/business-metrics.ts, scheduled-functions.ts). */
export type AlarmedMetric = 'PaymentsMisconfigured' | 'RefundFailures' | 'OrdersReconciled';

let metrics: Metrics | undefined;
// Built on first use, so POWERTOOLS_METRICS_DISABLED set by a test or stage is honoured.
const emitter = () => {
  metrics ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'QuickCommerce',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quick-commerce-checkout',
  });
  return metrics;
};

export function countOrder(metric: OrderMetric): void {
  emitter().addMetric(metric, MetricUnit.Count, 1);
}

/** From the payment order's creation to the verified capture. */
export function recordPaymentLatency(milliseconds: number): void {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return;
  emitter().addMetric('PaymentLatency', MetricUnit.Milliseconds, milliseconds);
}

/** An EventBridge event a consumer dropped as malformed or not its own (functions/core/event-handler.ts). */
export function countDroppedEvent(): void {
  emitter().addMetric('EventsDropped', MetricUnit.Count, 1);
}

/** Checkout refused because the Razorpay keys are a placeholder or for the other mode (alarmed). */
export function countPaymentsMisconfigured(): void {
  emitter().addMetric('PaymentsMisconfigured' satisfies AlarmedMetric, MetricUnit.Count, 1);
}

/** `ColdStart` (dimension function_name) on this instance's first invocation only; emitted at once. */
export function countColdStart(functionName?: string): void {
  emitter().captureColdStartMetric(functionName);
}

/** One EMF blob with everything added since the last flush; nothing (and no warning) when none was. */
export function flushMetrics(): void {
  if (emitter().hasStoredMetrics()) emitter().publishStoredMetrics();
}

/** What the reconciler did to an order its saga had not settled (alarmed when it keeps happening). */
export type ReconcileFix = 'confirmed' | 'refunded' | 'closed' | 'execution_stopped';

/** Counted twice: under (service), which the alarm watches, and under (service, fix), to see which. */
export function countReconciled(fix: ReconcileFix): void {
  emitter().addMetric('OrdersReconciled' satisfies AlarmedMetric, MetricUnit.Count, 1);
  emitter().publishStoredMetrics();
  const single = emitter().singleMetric();
  single.addDimension('fix', fix);
  single.addMetric('OrdersReconciled', MetricUnit.Count, 1);
}

/** A refund Razorpay refused or that kept failing: recorded on the order, a person settles it (alarmed). */
export function countRefundFailure(): void {
  emitter().addMetric('RefundFailures' satisfies AlarmedMetric, MetricUnit.Count, 1);
  emitter().publishStoredMetrics();
}

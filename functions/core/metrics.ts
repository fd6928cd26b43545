// Business metrics (CloudWatch EMF through Powertools): how many orders end each way, and how long
// shoppers take to pay. Emitted once per transition, flushed at once (saga tasks are short).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export type OrderMetric =
  | 'OrdersCreated'
  | 'OrdersConfirmed'
  | 'OrdersRejected'
  | 'PaymentFailed'
  | 'OrdersCancelled'
  | 'OrdersDelivered';

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
  emitter().publishStoredMetrics();
}

/** From the payment order's creation to the verified capture. */
export function recordPaymentLatency(milliseconds: number): void {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return;
  emitter().addMetric('PaymentLatency', MetricUnit.Milliseconds, milliseconds);
  emitter().publishStoredMetrics();
}

/** An EventBridge event a consumer dropped as malformed or not its own (functions/core/event-handler.ts). */
export function countDroppedEvent(): void {
  emitter().addMetric('EventsDropped', MetricUnit.Count, 1);
  emitter().publishStoredMetrics();
}

/** Checkout refused because the Razorpay keys are a placeholder or for the other mode (alarmed). */
export function countPaymentsMisconfigured(): void {
  emitter().addMetric('PaymentsMisconfigured', MetricUnit.Count, 1);
  emitter().publishStoredMetrics();
}

/** A refund Razorpay refused or that kept failing: recorded on the order, a person settles it (alarmed). */
export function countRefundFailure(): void {
  emitter().addMetric('RefundFailures', MetricUnit.Count, 1);
  emitter().publishStoredMetrics();
}

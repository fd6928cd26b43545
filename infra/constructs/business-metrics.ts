// The EMF metrics functions/core/metrics.ts emits, as CloudWatch metrics: Powertools puts them in the
// METRICS_NAMESPACE with the `service` dimension set to the service name.
import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmedMetric, OrderMetric } from '../../functions/core/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './lambdas';

const businessMetric = (metricName: OrderMetric | AlarmedMetric, options: MetricOptions = {}) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: 'Sum',
    period: Duration.minutes(5),
    ...options,
  });

/** Orders by how they end, in funnel order (the OrderMetric names of functions/core/metrics.ts). */
export const funnelStages = [
  ['OrdersCreated', 'created'],
  ['OrdersConfirmed', 'confirmed'],
  ['OrdersRejected', 'rejected (out of stock)'],
  ['PaymentFailed', 'failed (payment)'],
  ['OrdersCancelled', 'cancelled'],
  ['OrdersDelivered', 'delivered'],
] as const satisfies readonly (readonly [OrderMetric, string])[];

export const checkoutFunnel = (options: MetricOptions = {}): Metric[] =>
  funnelStages.map(([name, label]) => businessMetric(name, { label, ...options }));

export const paymentsMisconfiguredMetric = (options: MetricOptions = {}) =>
  businessMetric('PaymentsMisconfigured', options);

/** A refund Razorpay refused or that kept failing (functions/core/orders/refunds.ts recordRefundFailure). */
export const refundFailuresMetric = (options: MetricOptions = {}) =>
  businessMetric('RefundFailures', options);

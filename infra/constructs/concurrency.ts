// Fan-out work (a push per watcher per status change, a rider's location every few seconds) is capped
// with reserved concurrency, so a burst of it can never take the account's whole Lambda pool from
// checkout, the saga and payment. The cap is also a reservation: the account must keep at least 100
// unreserved, so new accounts (reduced quota) deploy with -c reserveConcurrency=false (README).
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';

/** Reserved (= maximum) concurrency per function name; routes are `route-<routeName>`. */
export const fanOutConcurrency: Readonly<Record<string, number>> = {
  // ~16 pushes per order; EventBridge retries a throttled async invoke, so a cap only delays pushes.
  pushOrderUpdate: 50,
  // 1,000 riders every 10 s at ~50 ms each is ~5 concurrent; a throttled report answers 429 and the
  // app reports again 10 s later.
  'route-reportRiderLocation': 25,
};

export function applyConcurrencyLimits(
  limits: Readonly<Record<string, number>>,
  functions: Record<string, LambdaFunction>,
): void {
  for (const [name, limit] of Object.entries(limits)) {
    const fn = functions[name];
    if (!fn) throw new Error(`fanOutConcurrency names no function: ${name}`);
    // reservedConcurrentExecutions is construct-time only: set it on the CloudFormation resource.
    (fn.node.defaultChild as { reservedConcurrentExecutions?: number }).reservedConcurrentExecutions = limit;
  }
}

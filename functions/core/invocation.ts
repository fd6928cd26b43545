// One invocation as ops see it, shared by the four edge wrappers (httpHandler, messageHandler,
// sagaTask, eventHandler): logs carry the Lambda context and the invocation's correlation keys,
// ColdStart is counted, the metrics the domain added leave once, at the end, and Razorpay calls
// are bounded by the time the invocation has left.
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { countColdStart, flushMetrics } from './metrics';
import { withProviderDeadline } from './payments/deadline';

/** Keys added here (and by `logger.appendKeys` during `run`) are gone before the next invocation. */
export async function observeInvocation<T>(
  context: Context | undefined,
  keys: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  logger.resetKeys();
  if (context?.awsRequestId) logger.addContext(context);
  logger.appendKeys(keys);
  countColdStart(context?.functionName);
  try {
    // Provider calls stop short of the Lambda's timeout (payments/deadline.ts).
    return await withProviderDeadline(context?.getRemainingTimeInMillis?.(), run);
  } finally {
    flushMetrics();
    logger.resetKeys();
  }
}

// How long a call to an outside dependency took, as one structured log line per call. Every function
// runs with Lambda active tracing (its invocation segment, init included); the Powertools Tracer that
// used to add a subsegment per Razorpay call carried aws-xray-sdk-core (~120 KB, a third of a Razorpay
// caller's cold import) and left no Razorpay caller within its 700 KB budget: docs/decisions.md
// (2026-12-02, second pass). A log line gives the same latency and outcome, queryable by orderId.
import { logger } from './logger';

export type CallFields = Record<string, string | number | boolean | undefined>;

/** Runs `run` and logs `name`, `fields`, its duration and whether it failed (the error is rethrown). */
export async function timedCall<T>(name: string, fields: CallFields, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const done = (outcome: 'ok' | 'failed', extra: Record<string, unknown> = {}) =>
    logger.info(name, {
      call: name,
      ...fields,
      outcome,
      durationMs: Math.round(performance.now() - started),
      ...extra,
    });
  try {
    const result = await run();
    done('ok');
    return result;
  } catch (error) {
    done('failed', { error: (error as Error).name });
    throw error;
  }
}

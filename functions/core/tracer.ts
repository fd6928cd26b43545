// X-Ray. Every function runs with Lambda active tracing (its invocation segment, init included). The
// Powertools Tracer (aws-xray-sdk-core: ~120 KB and a fifth of a cold import) is loaded only on the
// path that calls Razorpay, the one dependency whose latency a trace must show beyond the function's
// own: docs/decisions.md (2026-12-02). Outside Lambda (tests, `npm start`: no AWS_EXECUTION_ENV) the
// Tracer disables itself, so these wrappers change nothing and print nothing there.
import type { Tracer } from '@aws-lambda-powertools/tracer';

let loading: Promise<Tracer> | undefined;

/** The Tracer, built on first use; once built it also records every outgoing HTTPS call. */
export const loadTracer = (): Promise<Tracer> => {
  loading ??= import('@aws-lambda-powertools/tracer').then(
    ({ Tracer }) =>
      new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quick-commerce-checkout' }),
  );
  return loading;
};

export type Annotations = Record<string, string | number | boolean | undefined>;

/** Runs `run` in its own subsegment named `name`, with searchable annotations; errors are recorded. */
export async function inSubsegment<T>(
  name: string,
  annotations: Annotations,
  run: () => Promise<T>,
): Promise<T> {
  const tracer = await loadTracer();
  if (!tracer.isTracingEnabled()) return run();
  // captureAsyncFunc gives the subsegment its own async context, so calls made concurrently nest right.
  return tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    for (const [key, value] of Object.entries(annotations)) {
      if (value !== undefined) subsegment?.addAnnotation(key, value);
    }
    try {
      return await run();
    } catch (error) {
      subsegment?.addError(error as Error);
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}

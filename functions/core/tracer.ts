// X-Ray through Powertools Tracer: every AWS SDK client and every Razorpay call becomes a subsegment
// of the function's trace. Outside Lambda (tests, `npm start`: no AWS_EXECUTION_ENV) the Tracer
// disables itself, so these wrappers change nothing and print nothing there.
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quick-commerce-checkout',
});

/** The same SDK client, its calls traced (service, operation, retries, errors). */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);

export type Annotations = Record<string, string | number | boolean | undefined>;

/** Runs `run` in its own subsegment named `name`, with searchable annotations; errors are recorded. */
export async function inSubsegment<T>(
  name: string,
  annotations: Annotations,
  run: () => Promise<T>,
): Promise<T> {
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

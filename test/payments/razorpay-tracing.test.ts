// In Lambda (tracing on), each Razorpay call is a subsegment `Razorpay <operation>` with the order
// id annotated and the HTTP requests it makes beneath it (the breaker's DynamoDB read, Razorpay). The
// Tracer is loaded by the first such call only (docs/decisions.md, 2026-12-02). Here a segment of our
// own stands in for the one Lambda opens.
import { Segment } from 'aws-xray-sdk-core';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const double = useRazorpayDouble();

/** What the X-Ray SDK records on a subsegment (its typings leave these fields out). */
interface Recorded {
  name: string;
  annotations?: Record<string, unknown>;
  fault?: boolean;
  error?: boolean;
  subsegments?: Recorded[];
}

// The Tracer decides once, when built, whether it runs in Lambda: a Lambda env before the imports
// below (the describe body runs at collection, before any hook).
vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', '127.0.0.1:9'); // the discard port: closed segments go nowhere
vi.resetModules();
afterAll(() => vi.unstubAllEnvs());

beforeEach(async () => {
  await useFreshTables();
  process.env.RAZORPAY_TIMEOUT_MS = '5000';
  process.env.RAZORPAY_BASE_URL = double().url;
  process.env.RAZORPAY_KEY_ID = TEST_KEYS.keyId;
  process.env.RAZORPAY_KEY_SECRET = TEST_KEYS.keySecret;
  process.env.RAZORPAY_WEBHOOK_SECRET = TEST_KEYS.webhookSecret;
});

describe('tracing', async () => {
  const { loadTracer } = await import('../../functions/core/tracer');
  const tracer = await loadTracer();
  const { createOrder } = await import('../../functions/core/payments');
  // Lambda always has a segment; here the suite's own calls (table setup) run outside one.
  tracer.provider.setContextMissingStrategy(() => {});

  /** Runs `work` under a fresh root segment and returns that segment's subsegments. */
  const traceOf = async (work: () => Promise<unknown>) => {
    const root = new Segment('test-invocation');
    await tracer.provider.getNamespace().runAndReturn(async () => {
      tracer.provider.setSegment(root);
      await work().catch(() => {});
    });
    return (root.subsegments ?? []) as unknown as Recorded[];
  };

  it('is on where Lambda runs', () => {
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it('wraps a Razorpay call in `Razorpay createOrder`, annotated with our order id, its calls inside', async () => {
    const [call, ...others] = await traceOf(() =>
      createOrder({ amount: 9000, receipt: 'ord-7', notes: { orderId: 'ord-7' } }),
    );
    expect(others).toEqual([]);
    expect(call?.name).toBe('Razorpay createOrder');
    expect(call?.annotations).toMatchObject({ orderId: 'ord-7' });
    expect(call?.fault || call?.error).toBeFalsy();
    // Beneath it: the circuit breaker's read of its state (DynamoDB) and the request itself.
    expect((call?.subsegments ?? []).map((s) => s.name)).toEqual([
      new URL(process.env.AWS_ENDPOINT_URL_DYNAMODB!).hostname,
      new URL(double().url).hostname,
    ]);
  });

  it('marks the subsegment when Razorpay fails', async () => {
    process.env.RAZORPAY_BASE_URL = 'http://127.0.0.1:9'; // nothing listens: the call fails
    const [call] = await traceOf(() => createOrder({ amount: 9000, receipt: 'ord-8' }));
    expect(call?.name).toBe('Razorpay createOrder');
    expect(call?.annotations).toMatchObject({ orderId: 'ord-8' });
    expect(call?.fault || call?.error).toBe(true);
  });
});

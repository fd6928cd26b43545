// Metrics leave once per invocation: everything the domain added in one EMF blob at the end, plus
// ColdStart on the instance's first invocation only. (Elsewhere in the suite metrics are disabled.)
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonLine } from '../support/captured-output';
import { captureStdout } from '../support/captured-output';

const metricNames = (blob: JsonLine) =>
  (blob._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics.flatMap((set) =>
    set.Metrics.map((metric) => metric.Name),
  );

let output: ReturnType<typeof captureStdout>;
// Fresh modules with metrics on, set before the describe body imports them: the emitter reads
// POWERTOOLS_METRICS_DISABLED when first built. Powertools counts a cold start only where Lambda
// says the instance started on demand.
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
vi.resetModules();
afterAll(() => vi.unstubAllEnvs());
beforeEach(() => {
  output?.restore();
  output = captureStdout();
});

describe('metrics per invocation', async () => {
  const { routes } = await import('../../contract/routes');
  const { httpHandler } = await import('../../functions/core/http/handler');
  const { sagaTask, TaskInput } = await import('../../functions/core/saga-task');
  const { countOrder, recordPaymentLatency } = await import('../../functions/core/metrics');
  const { lambdaContext } = await import('../../local/lambda-runtime');

  const task = sagaTask('threeMetrics', TaskInput, async () => {
    countOrder('OrdersConfirmed');
    countOrder('OrdersDelivered');
    recordPaymentLatency(1200);
  });

  it('the first invocation emits ColdStart, then one blob with all three metrics', async () => {
    await task({ orderId: 'o-1' }, lambdaContext('confirmOrder'));
    const blobs = output.emf();
    expect(blobs.map(metricNames)).toEqual([
      ['ColdStart'],
      ['OrdersConfirmed', 'OrdersDelivered', 'PaymentLatency'],
    ]);
    expect(blobs[0]).toMatchObject({ ColdStart: 1, function_name: 'confirmOrder' });
    expect(blobs[1]).toMatchObject({ OrdersConfirmed: 1, OrdersDelivered: 1, PaymentLatency: 1200 });
    output.restore();
  });

  it('a warm invocation emits one blob and no ColdStart', async () => {
    await task({ orderId: 'o-2' }, lambdaContext('confirmOrder'));
    expect(output.emf().map(metricNames)).toEqual([['OrdersConfirmed', 'OrdersDelivered', 'PaymentLatency']]);
    output.restore();
  });

  it('a failed invocation still flushes what it added; one that added none writes nothing', async () => {
    const failing = sagaTask('failing', TaskInput, async () => {
      countOrder('PaymentFailed');
      throw new Error('boom');
    });
    await expect(failing({ orderId: 'o-3' }, lambdaContext('confirmOrder'))).rejects.toThrow('boom');
    expect(output.emf().map(metricNames)).toEqual([['PaymentFailed']]);

    output.clear();
    const health = httpHandler(routes.health, async () => ({ status: 'ok' }));
    const event = {
      rawPath: '/health',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'r-1', http: { method: 'GET', path: '/health' } },
    } as unknown as APIGatewayProxyEventV2;
    expect((await health(event, lambdaContext('route-health'))).statusCode).toBe(200);
    expect(output.emf()).toEqual([]);
    expect(output.logs()).toEqual([]); // no "No application metrics to publish" warning
    output.restore();
  });
});

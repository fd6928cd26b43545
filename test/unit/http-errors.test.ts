// What the HTTP edge answers when a handler fails: named errors keep their status, transient ones
// become a retryable 503, anything else a 500 without internals.
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes';
import { StockContentionError } from '../../functions/core/dynamo';
import { AppError } from '../../functions/core/errors';
import { httpHandler } from '../../functions/core/http/handler';
import { PaymentProviderUnavailableError } from '../../functions/core/payments';
import { lambdaContext } from '../../local/lambda-runtime';

const event = {
  routeKey: 'GET /health',
  headers: {},
  requestContext: {},
} as unknown as APIGatewayProxyEventV2;

const answerWhenThrowing = async (error: unknown) => {
  const handler = httpHandler(routes.health, async () => {
    throw error;
  });
  const result = await handler(event, lambdaContext('test'));
  return { ...result, body: JSON.parse(result.body as string) };
};

describe('HTTP edge error mapping', () => {
  it('renders an AppError with its own status, code and headers', async () => {
    const res = await answerWhenThrowing(
      new AppError('RATE_LIMITED', 'slow down', { retryAfter: 7 }, { 'retry-after': '7' }),
    );
    expect(res.statusCode).toBe(429);
    expect(res.headers).toMatchObject({ 'retry-after': '7', 'content-type': 'application/json' });
    expect(res.body).toEqual({
      error: { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfter: 7 } },
    });
  });

  it.each([
    ['stock contention', new StockContentionError('busy')],
    [
      'DynamoDB throttling after the SDK’s retries',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    [
      'Razorpay down',
      new PaymentProviderUnavailableError({ code: 'SERVER_ERROR', description: 'down', statusCode: 502 }),
    ],
  ])('answers 503 with retry-after for %s', async (_, error) => {
    const res = await answerWhenThrowing(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toMatch(/^\d+$/);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers 500 without leaking the message or stack of an unexpected error', async () => {
    const res = await answerWhenThrowing(new Error('secret table name qc-prod-orders'));
    expect(res.statusCode).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(res.body)).not.toContain('qc-prod-orders');
  });
});

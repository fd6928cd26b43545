// Routes that chain Razorpay calls answer within their Lambda timeout, with 503 and retry-after
// when Razorpay is too slow, never API Gateway's 500. Against the local system, whose gateway
// enforces each route's declared timeout; Razorpay's slowness through the public dev route.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE_TIMEOUT_SECONDS, routes, routeTimeoutSeconds } from '../../contract/routes';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { RAZORPAY_BREAKER } from '../../functions/core/payments';
import { deadlineReserveMs } from '../../functions/core/payments/deadline';
import { razorpaySettings } from '../../functions/core/payments/settings';
import { useCheckoutSystem } from '../support/checkout';
import { paidOrder } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();

afterEach(async () => {
  expect((await api().delete('/dev/razorpay/faults')).status).toBe(200);
  await resetBreaker();
});

const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};

const resetBreaker = () =>
  dynamo().send(
    new DeleteCommand({ TableName: tableName('control'), Key: { pk: `breaker#${RAZORPAY_BREAKER}` } }),
  );

describe('cancel after confirmation while Razorpay is down, then slow', () => {
  it('answers within the route’s timeout, 503 with retry-after when the refund cannot fit; a later cancel refunds', {
    timeout: 90_000,
  }, async () => {
    const budgetMs = routeTimeoutSeconds(routes.cancelOrder) * 1000;
    const { token, orderId, paid } = await paidOrder(shop, { via: 'verify' });
    const down = await api().post('/dev/razorpay/faults', {
      body: { kind: 'status', status: 503, seconds: 60 },
    });
    expect(down.status, JSON.stringify(down.body)).toBe(200);

    // The cancel itself commits and defers the refund it cannot make.
    const first = await timed(() => api().post(`/orders/${orderId}/cancel`, { token }));
    expect(first.result.status, JSON.stringify(first.result.body)).toBe(200);
    expect(first.result.body).toMatchObject({ status: 'cancelled', payment: { status: 'captured' } });
    expect(first.ms).toBeLessThan(budgetMs);
    await shop.settled(); // the `cancelled` event's retries, all failed: nothing else calls Razorpay

    // Now every call takes 4 s: fetch, its refunds and the refund (12 s) cannot fit in 10 s.
    expect((await api().delete('/dev/razorpay/faults')).status).toBe(200);
    await resetBreaker();
    const slow = await api().post('/dev/razorpay/faults', { body: { kind: 'delay', ms: 4000, count: 100 } });
    expect(slow.status, JSON.stringify(slow.body)).toBe(200);
    const second = await timed(() => api().post(`/orders/${orderId}/cancel`, { token }));
    expect(second.result.status, JSON.stringify(second.result.body)).toBe(503);
    expect(second.result.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(second.result.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(second.ms).toBeLessThan(budgetMs);

    expect((await api().delete('/dev/razorpay/faults')).status).toBe(200);
    await resetBreaker();
    const later = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.payment.status).toBe('refunded');
    expect(later.body.payment.refunds).toHaveLength(1);
    expect(shop.razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(
      paid.payment.amount,
    );
  });
});

describe('route timeouts', () => {
  it('every route that may chain Razorpay calls declares one within API Gateway’s 30 s', () => {
    for (const name of ['cancelOrder', 'verifyCheckoutPayment', 'razorpayWebhook'] as const) {
      const seconds = routeTimeoutSeconds(routes[name]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(30);
      // The deadline leaves the reserve for the writes after the last call and still fits a whole
      // Razorpay call: one slow call cannot by itself push the route past its timeout.
      expect(deadlineReserveMs() + razorpaySettings().timeoutMs).toBeLessThan(seconds * 1000);
    }
    expect(routeTimeoutSeconds({})).toBe(DEFAULT_ROUTE_TIMEOUT_SECONDS);
  });
});

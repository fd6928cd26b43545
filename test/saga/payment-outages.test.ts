// After the shopper has paid, Razorpay's trouble makes the saga wait, never fail; a payment
// Razorpay does not know is no payment; a refund Razorpay refuses is recorded, not a wedged order.
// Against the real local system, faults injected through the public dev routes where they exist.
import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { RAZORPAY_BREAKER, signWebhook } from '../../functions/core/payments';
import { hasStatus, stockOf, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { checkedOut, checkoutTriple, placedOrder } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();

// A small breaker that cools down fast and a short SDK timeout, so an outage plays out in seconds;
// the saga's retry delays already run a hundred times faster (useCheckoutSystem).
const TUNING = {
  RAZORPAY_BREAKER_FAILURES: '3',
  RAZORPAY_BREAKER_COOLDOWN_MS: '300',
  RAZORPAY_TIMEOUT_MS: '1000',
};

const tuneForOutage = () => Object.assign(process.env, TUNING);

afterEach(async () => {
  for (const name of Object.keys(TUNING)) delete process.env[name];
  const cleared = await api().delete('/dev/razorpay/faults');
  expect(cleared.status).toBe(200);
  await dynamo().send(
    new DeleteCommand({ TableName: tableName('control'), Key: { pk: `breaker#${RAZORPAY_BREAKER}` } }),
  );
});

describe('a rush of shoppers paying while Razorpay fails and hangs', () => {
  it('confirms every paid order and refunds none', { timeout: 120_000 }, async () => {
    const started = Date.now();
    // One product each: this is about payments, not about contention for stock.
    const checked = await Promise.all(Array.from({ length: 10 }, () => checkedOut(shop)));
    const orders = await Promise.all(
      checked.map(async (c) => {
        const order = await waitForOrder(c.orderId, hasStatus('awaiting_payment'), 60_000);
        return { ...c, order, razorpayOrderId: order.payment!.razorpayOrderId };
      }),
    );
    console.log(`rush: 10 orders awaiting payment after ${Date.now() - started} ms`);
    tuneForOutage();
    // Every call fails for two seconds, then five calls hang past the SDK's timeout, then 503s.
    for (const fault of [
      { kind: 'status', status: 503, seconds: 2 },
      { kind: 'delay', ms: 2500, count: 5 },
      { kind: 'status', status: 503, count: 10 },
    ]) {
      const injected = await api().post('/dev/razorpay/faults', { body: fault });
      expect(injected.status, JSON.stringify(injected.body)).toBe(200);
    }

    await Promise.all(
      orders.map(async (placed) => {
        const paid = await api().post('/dev/razorpay/pay', {
          body: { razorpay_order_id: placed.razorpayOrderId, outcome: 'success' },
        });
        expect(paid.status).toBe(200);
        // Exactly Checkout's triple, passed straight on.
        expect(Object.keys(paid.body).sort()).toEqual([
          'razorpay_order_id',
          'razorpay_payment_id',
          'razorpay_signature',
        ]);
        const verified = await api().post('/payments/verify', {
          token: placed.token,
          body: { orderId: placed.orderId, ...paid.body },
        });
        expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      }),
    );

    const settled = await Promise.all(
      orders.map((placed) =>
        waitForOrder(placed.orderId, (o) => o.timeline.some((t) => t.status === 'confirmed'), 60_000),
      ),
    );
    console.log(`rush: 10 paid orders confirmed after ${Date.now() - started} ms`);
    for (const order of settled) {
      expect(order.payment?.status).toBe('captured');
      expect(order.payment?.refunds ?? []).toEqual([]);
    }
    for (const { productId } of orders) {
      expect(await stockOf(api(), productId)).toMatchObject({ sold: 1, reserved: 0 });
    }
    // The faults were met: Razorpay was called more often than one fetch per paid order.
    const fetches = shop
      .razorpay()
      .apiRequests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/payments/'));
    expect(fetches.length).toBeGreaterThan(orders.length);
  });
});

describe('a signed payment signal for a payment Razorpay does not know', () => {
  it('is discarded: the order goes on awaiting payment and a real payment confirms it', async () => {
    const placed = await placedOrder(shop);
    tuneForOutage();
    const config = await api().get('/dev/razorpay/config');
    expect(config.status).toBe(200);
    expect(Object.keys(config.body).sort()).toEqual(['keyId', 'webhookSecret']);

    const unknownPaymentId = `pay_${randomUUID().replace(/-/g, '').slice(0, 14)}`;
    const rawBody = JSON.stringify({
      entity: 'event',
      event: 'payment.captured',
      payload: {
        payment: {
          entity: {
            id: unknownPaymentId,
            entity: 'payment',
            order_id: placed.razorpayOrderId,
            amount: placed.order.total,
            currency: 'INR',
            status: 'captured',
          },
        },
      },
      created_at: Math.floor(Date.now() / 1000),
    });
    const delivered = await api().post('/webhooks/razorpay', {
      rawBody,
      headers: {
        'content-type': 'application/json',
        'x-razorpay-signature': signWebhook(rawBody, config.body.webhookSecret),
        'x-razorpay-event-id': `evt_${randomUUID()}`,
      },
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);

    const waiting = await waitForOrder(placed.orderId, (o) =>
      (o.payment?.discardedPaymentIds ?? []).includes(unknownPaymentId),
    );
    expect(waiting.status).toBe('awaiting_payment');
    expect(waiting.payment?.paymentId).toBeUndefined();
    expect(waiting.stock).toBe('reserved');

    // The shopper pays for real: the order is confirmed, nothing refunded.
    const paid = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: placed.razorpayOrderId, outcome: 'success' },
    });
    const verified = await api().post('/payments/verify', {
      token: placed.token,
      body: { orderId: placed.orderId, ...checkoutTriple(paid.body) },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const confirmed = await waitForOrder(placed.orderId, hasStatus('confirmed'));
    expect(confirmed.payment).toMatchObject({ status: 'captured', paymentId: paid.body.razorpay_payment_id });
    expect(confirmed.payment?.refunds ?? []).toEqual([]);
  });
});

describe('a refund Razorpay refuses', () => {
  it('is recorded on the order, which still ends cancelled with its stock released', async () => {
    const placed = await placedOrder(shop, { quantity: 2 });
    tuneForOutage();
    // Paid the wrong amount: the saga must refund it, and Razorpay refuses every refund.
    shop.razorpay().failNextApiCalls(100, 400, /^POST \/v1\/payments\/[^/]+\/refund$/);
    const paid = shop.razorpay().pay(placed.razorpayOrderId, 'success', {
      amount: placed.order.total - 100,
      webhooks: { drop: true },
    });
    const verified = await api().post('/payments/verify', {
      token: placed.token,
      body: { orderId: placed.orderId, ...checkoutTriple(paid) },
    });
    expect(verified.status).toBe(200);

    const closed = await waitForOrder(placed.orderId, hasStatus('cancelled', 'payment_failed'));
    expect(closed.status).toBe('cancelled');
    expect(closed.reason?.code).toBe('PAYMENT_MISMATCH');
    expect(closed.stock).toBe('released');
    expect(closed.payment?.refundFailure).toMatchObject({
      paymentId: paid.razorpay_payment_id,
      error: 'PaymentProviderRejectedError',
    });
    expect(closed.payment?.refunds ?? []).toEqual([]);
    expect(await stockOf(api(), placed.productId)).toMatchObject({ reserved: 0 });
    const execution = await shop.sfn().waitForExecution(shop.executionArn(placed.orderId));
    expect(execution.status).toBe('SUCCEEDED');
  });
});

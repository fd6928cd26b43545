// The checkout saga end to end: POST /checkout through the local HTTP API, the real ASL on the
// local Step Functions endpoint, the razorpay SDK against the double, DynamoDB Local. Payment
// signals go through recordPaymentSignal, as POST /payments/verify and the webhook do.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { listNotifications } from '../../functions/core/notifications';
import { cancelOrder, recordPaymentSignal } from '../../functions/core/orders';
import { startCheckoutSaga } from '../../functions/core/orders/workflow';
import { RAZORPAY_BREAKER, readBreaker } from '../../functions/core/payments';
import {
  checkoutAs,
  hasStatus,
  seedPendingOrder,
  shopperWithCart,
  stockOf,
  useCheckoutSystem,
  waitForOrder,
  waitForPaymentTask,
} from '../support/checkout';
import { checkedOut } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();

async function product(stock: number, price = 5000) {
  const p = await shop.product({ stock, price, maxPerOrder: 10 });
  return p;
}

/** Checked out (202), before the saga has done anything. */
const placeOrder = (lines: { productId: string; quantity: number }[]) => checkedOut(shop, { lines });

async function pay(orderId: string, options: Parameters<ReturnType<typeof shop.razorpay>['pay']>[2] = {}) {
  const awaiting = await waitForOrder(orderId, hasStatus('awaiting_payment'));
  // Webhooks off: this test delivers the signal itself, as POST /payments/verify would.
  const result = shop
    .razorpay()
    .pay(awaiting.payment!.razorpayOrderId, 'success', { ...options, webhooks: { drop: true } });
  const signal = await recordPaymentSignal({
    orderId,
    razorpayOrderId: result.razorpay_order_id,
    razorpayPaymentId: result.razorpay_payment_id,
  });
  return { result, signal };
}

describe('checkout saga', () => {
  it('happy path: reserved, paid, confirmed; stock sold, cart cleared, event published', async () => {
    const milk = await product(10, 3000);
    const bread = await product(5, 4500);
    const { orderId, token, userId, placed } = await placeOrder([
      { productId: milk.productId, quantity: 2 },
      { productId: bread.productId, quantity: 1 },
    ]);
    expect(placed).toMatchObject({ status: 'pending', currency: 'INR', subtotal: 10_500 });
    expect(placed.orderNumber).toMatch(/^QC-\d{8}-\d{6}$/);
    expect(placed.total).toBe(placed.subtotal + placed.deliveryFee + placed.handlingFee);

    const { signal } = await pay(orderId);
    expect(signal.outcome).toBe('accepted');
    const confirmed = await waitForOrder(orderId, hasStatus('confirmed'));
    expect(confirmed.stock).toBe('sold');
    expect(confirmed.payment).toMatchObject({ status: 'captured', amount: placed.total });
    expect(confirmed.timeline.map((t) => t.status)).toEqual(['pending', 'awaiting_payment', 'confirmed']);
    expect(await stockOf(api(), milk.productId)).toMatchObject({ available: 8, reserved: 0, sold: 2 });
    expect(await stockOf(api(), bread.productId)).toMatchObject({ available: 4, reserved: 0, sold: 1 });

    const cart = await api().get('/cart', { token });
    expect(cart.body.items).toEqual([]);
    const seen = await api().get(`/orders/${orderId}`, { token });
    expect(seen.body.status).toBe('confirmed');
    expect(seen.body).not.toHaveProperty('paymentTaskToken');

    const execution = await shop.sfn().waitForExecution(shop.executionArn(orderId));
    expect(execution.status).toBe('SUCCEEDED');
    await shop.settled();
    const statuses = shop.published.filter((e) => e.detail.orderId === orderId);
    expect(statuses.map((e) => [e.detail.previousStatus, e.detail.status])).toEqual([
      ['pending', 'awaiting_payment'],
      ['awaiting_payment', 'confirmed'],
    ]);
    expect(statuses[1]).toMatchObject({ source: 'quick-commerce.orders', detailType: 'OrderStatusChanged' });
    const notes = await listNotifications(userId, { limit: 10 });
    expect(notes.items.map((n) => n.type)).toEqual(['order.confirmed']);

    const { count, events } = await shop.transitionsOf(orderId);
    console.log(`happy-path state transitions: ${count} (${events.length} history events)`);
    // Five tasks and the three Choice states that route their business outcomes.
    expect(count).toBeLessThanOrEqual(8);
  });

  it('out of stock at reservation: rejected with the short items, nothing reserved', async () => {
    const scarce = await product(1);
    const plenty = await product(10);
    // An order priced while 3 were on the shelf, whose saga starts after the shelf emptied.
    const { orderId, userId } = await seedPendingOrder([
      { productId: scarce.productId, quantity: 3 },
      { productId: plenty.productId, quantity: 2 },
    ]);
    await startCheckoutSaga({ orderId, paymentWindowSeconds: 60 });
    const rejected = await waitForOrder(orderId, hasStatus('rejected'));
    expect(rejected.stock).toBe('none');
    expect(rejected.reason).toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(rejected.reason?.items).toEqual([
      expect.objectContaining({ productId: scarce.productId, requested: 3, available: 1 }),
    ]);
    expect(rejected.payment).toBeUndefined();
    expect(await stockOf(api(), scarce.productId)).toMatchObject({ available: 1, reserved: 0 });
    expect(await stockOf(api(), plenty.productId)).toMatchObject({ available: 10, reserved: 0 });
    const notes = await listNotifications(userId, { limit: 10 });
    expect(notes.items[0]).toMatchObject({ type: 'order.rejected', orderId });
    await shop.settled();
    expect(shop.published.find((e) => e.detail.orderId === orderId)?.detail).toMatchObject({
      status: 'rejected',
      previousStatus: 'pending',
    });
    expect((await shop.sfn().waitForExecution(shop.executionArn(orderId))).status).toBe('SUCCEEDED');
  });

  it('checkout refuses a cart that is already short (409), before any order exists', async () => {
    const scarce = await product(3);
    const second = await shopperWithCart(api(), [{ productId: scarce.productId, quantity: 3 }]);
    const first = await placeOrder([{ productId: scarce.productId, quantity: 2 }]);
    await waitForOrder(first.orderId, (o) => o.stock === 'reserved');
    const res = await checkoutAs(api(), second.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('OUT_OF_STOCK');
    expect(res.body.error.details[0]).toMatchObject({ productId: scarce.productId });
    const orders = await api().get('/orders', { token: second.token });
    expect(orders.body.items).toEqual([]);
    await cancelOrder(first.orderId, first.userId);
    await waitForOrder(first.orderId, hasStatus('cancelled'));
  });

  it('two shoppers racing for the last unit: exactly one gets past reservation', async () => {
    const last = await product(1);
    const a = await shopperWithCart(api(), [{ productId: last.productId, quantity: 1 }]);
    const b = await shopperWithCart(api(), [{ productId: last.productId, quantity: 1 }]);
    const [ra, rb] = await Promise.all([checkoutAs(api(), a.token), checkoutAs(api(), b.token)]);
    expect([ra.status, rb.status]).toEqual([202, 202]);
    const ended = await Promise.all(
      [ra.body.orderId, rb.body.orderId].map((id: string) =>
        waitForOrder(id, hasStatus('awaiting_payment', 'rejected')),
      ),
    );
    expect(ended.map((o) => o.status).sort()).toEqual(['awaiting_payment', 'rejected']);
    expect(await stockOf(api(), last.productId)).toMatchObject({ available: 0, reserved: 1 });
    // The winner lets the window lapse by cancelling: the unit goes back.
    const winner = ended.find((o) => o.status === 'awaiting_payment')!;
    await cancelOrder(winner.orderId, winner.userId);
    await waitForOrder(winner.orderId, hasStatus('cancelled'));
    expect(await stockOf(api(), last.productId)).toMatchObject({ available: 1, reserved: 0 });
  });

  it('payment window closes without a payment: payment_failed, stock back', async () => {
    const item = await product(4);
    process.env.PAYMENT_WINDOW_SECONDS = '1';
    try {
      const { orderId, userId } = await placeOrder([{ productId: item.productId, quantity: 3 }]);
      const failed = await waitForOrder(orderId, hasStatus('payment_failed'));
      expect(failed.stock).toBe('released');
      expect(failed.reason?.code).toBe('PAYMENT_WINDOW_EXPIRED');
      expect(failed.payment?.status).toBe('failed');
      expect(await stockOf(api(), item.productId)).toMatchObject({ available: 4, reserved: 0 });
      const notes = await listNotifications(userId, { limit: 10 });
      expect(notes.items[0]?.type).toBe('order.payment_failed');
      // A capture that arrives now is refused: the order is closed.
      const late = shop
        .razorpay()
        .pay(failed.payment!.razorpayOrderId, 'success', { webhooks: { drop: true } });
      const signal = await recordPaymentSignal({
        orderId,
        razorpayOrderId: late.razorpay_order_id,
        razorpayPaymentId: late.razorpay_payment_id,
      });
      expect(signal.outcome).toBe('closed');
    } finally {
      delete process.env.PAYMENT_WINDOW_SECONDS;
    }
  });

  it('shopper cancels while awaiting payment: cancelled, stock released', async () => {
    const item = await product(5);
    const { orderId, userId } = await placeOrder([{ productId: item.productId, quantity: 2 }]);
    await waitForPaymentTask(orderId);
    await cancelOrder(orderId, userId);
    const cancelled = await waitForOrder(orderId, hasStatus('cancelled'));
    expect(cancelled.reason?.code).toBe('CANCELLED_BY_SHOPPER');
    expect(cancelled.stock).toBe('released');
    expect(await stockOf(api(), item.productId)).toMatchObject({ available: 5, reserved: 0 });
  });

  it('cancel of an order whose saga never started: the saga is started and ends it cancelled', async () => {
    const milk = await product(5);
    // As if POST /checkout wrote the order but its StartExecution never went through.
    const { orderId, userId } = await seedPendingOrder([{ productId: milk.productId, quantity: 2 }]);
    await cancelOrder(orderId, userId);
    const cancelled = await waitForOrder(orderId, hasStatus('cancelled'));
    expect(cancelled.stock).not.toBe('reserved');
    expect(await stockOf(api(), milk.productId)).toMatchObject({ available: 5, reserved: 0, sold: 0 });
    const execution = await shop.sfn().waitForExecution(shop.executionArn(orderId));
    expect(execution.status).toBe('SUCCEEDED');
  });

  it('paid a different amount: refunded, stock released, cancelled', async () => {
    const item = await product(5);
    const { orderId } = await placeOrder([{ productId: item.productId, quantity: 1 }]);
    const { result } = await pay(orderId, { amount: 100 });
    const cancelled = await waitForOrder(orderId, hasStatus('cancelled'));
    expect(cancelled.reason?.code).toBe('PAYMENT_MISMATCH');
    expect(cancelled.payment?.refunds).toEqual([
      expect.objectContaining({ paymentId: result.razorpay_payment_id, amount: 100 }),
    ]);
    expect(shop.razorpay().store.payments.get(result.razorpay_payment_id)?.amount_refunded).toBe(100);
    expect(await stockOf(api(), item.productId)).toMatchObject({ available: 5, reserved: 0, sold: 0 });
  });

  it('Razorpay down while creating the payment order: retried, the breaker opens, ends PAYMENT_PROVIDER_UNAVAILABLE with stock released', async () => {
    const item = await product(5);
    process.env.RAZORPAY_BREAKER_FAILURES = '2';
    shop.razorpay().resetFaults();
    shop.razorpay().failNextApiCalls(50, 503);
    try {
      const { orderId } = await placeOrder([{ productId: item.productId, quantity: 2 }]);
      const failed = await waitForOrder(orderId, hasStatus('payment_failed', 'cancelled'));
      expect(failed.status).toBe('payment_failed');
      expect(failed.reason?.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
      expect(failed.stock).toBe('released');
      expect(await stockOf(api(), item.productId)).toMatchObject({ available: 5, reserved: 0 });
      // Three attempts (1 + 2 retries); after two 503s the shared breaker opened, so the third failed
      // fast with CIRCUIT_OPEN, which ends the checkout as an outcome rather than an error.
      const calls = shop.razorpay().apiRequests.filter((r) => r.method === 'POST' && r.path === '/v1/orders');
      expect(calls).toHaveLength(2);
      expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('OPEN');
    } finally {
      delete process.env.RAZORPAY_BREAKER_FAILURES;
      shop.razorpay().resetFaults();
      await dynamo().send(
        new DeleteCommand({ TableName: tableName('control'), Key: { pk: `breaker#${RAZORPAY_BREAKER}` } }),
      );
    }
  });
});

// The reconciler against the local system: each stuck state it meets, settled with the saga's own
// guarded steps, and its race with a saga that is still running. The stock invariant is checked
// after every test (useCheckoutSystem).
import { afterEach, describe, expect, it } from 'vitest';
import { readOrder } from '../../functions/core/orders';
import { reconcileOrders, settleOrder } from '../../functions/core/reconciler';
import { handler as createPaymentOrder } from '../../functions/saga/create-payment-order';
import { handler as reserveStock } from '../../functions/saga/reserve-stock';
import { hasStatus, seedPendingOrder, stockOf, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { placedOrder } from '../support/orders';

const shop = useCheckoutSystem();
const razorpay = () => shop.razorpay();
const PRODUCT = { stock: 10, price: 6000 };

afterEach(() => {
  delete process.env.PAYMENT_WINDOW_SECONDS;
});

const executionStatus = async (orderId: string) =>
  (await shop.sfn().waitForExecution(shop.executionArn(orderId), 15_000)).status;

describe('an order paid whose saga never heard of it', () => {
  it('is confirmed: the authorized payment captured, the stock sold, the waiting saga ended', async () => {
    const placed = await placedOrder(shop, { product: PRODUCT, quantity: 2 });
    // Paid at Razorpay, but no webhook and no /payments/verify ever reached us.
    const paid = razorpay().pay(placed.razorpayOrderId, 'success', {
      capture: false,
      webhooks: { drop: true },
    });

    const fixes = await settleOrder(placed.orderId);

    expect(fixes[0]).toBe('confirmed');
    const order = (await readOrder(placed.orderId))!;
    expect(order.status).toBe('confirmed');
    expect(order.payment).toMatchObject({ paymentId: paid.razorpay_payment_id, status: 'captured' });
    expect(razorpay().store.payment(paid.razorpay_payment_id).status).toBe('captured');
    expect(await stockOf(shop.api(), placed.productId)).toMatchObject({ reserved: 0, sold: 2 });
    // Recording the payment resumed the saga, which finds every step done (or was stopped).
    expect(['SUCCEEDED', 'ABORTED']).toContain(await executionStatus(placed.orderId));
    expect(order.timeline.filter((t) => t.status === 'confirmed')).toHaveLength(1);
    expect(order.openDeadline).toBeUndefined();
  });

  it('is confirmed once when the saga confirms it at the same moment', async () => {
    const placed = await placedOrder(shop, { product: PRODUCT, quantity: 3 });
    const paid = razorpay().pay(placed.razorpayOrderId, 'success', { capture: false });
    // The webhook resumes the saga (Verify → Confirm) while the reconciler does the same steps.
    const [fixes] = await Promise.all([settleOrder(placed.orderId), paid.webhooks]);
    expect(fixes).toContain('confirmed');
    await executionStatus(placed.orderId);

    const order = (await readOrder(placed.orderId))!;
    expect(order.status).toBe('confirmed');
    expect(order.timeline.filter((t) => t.status === 'confirmed')).toHaveLength(1);
    expect(await stockOf(shop.api(), placed.productId)).toMatchObject({ reserved: 0, sold: 3 });
    expect(razorpay().store.payment(paid.razorpay_payment_id)).toMatchObject({
      status: 'captured',
      amount_refunded: 0,
    });
  });
});

describe('a payment captured after the order ended', () => {
  it('is refunded, and the order leaves the index', async () => {
    const placed = await placedOrder(shop, { product: PRODUCT });
    const cancel = await shop.api().post(`/orders/${placed.orderId}/cancel`, { token: placed.token });
    expect(cancel.status).toBe(200);
    await waitForOrder(placed.orderId, hasStatus('cancelled'));
    // The shopper's Checkout still went through, and Razorpay captured it; the webhook was lost.
    const paid = razorpay().pay(placed.razorpayOrderId, 'success', { webhooks: { drop: true } });

    expect(await settleOrder(placed.orderId)).toEqual(['refunded']);

    const payment = razorpay().store.payment(paid.razorpay_payment_id);
    expect(payment.amount_refunded).toBe(payment.amount);
    const order = (await readOrder(placed.orderId))!;
    expect(order.status).toBe('cancelled');
    expect(order.payment?.refunds).toEqual([
      expect.objectContaining({ paymentId: paid.razorpay_payment_id, amount: payment.amount }),
    ]);
    expect(order.openDeadline).toBeUndefined();
    // Settled: a second run finds nothing to do.
    expect(await settleOrder(placed.orderId)).toEqual([]);
  });
});

describe('nothing paid past the window', () => {
  it('with the saga still waiting: stock released, payment_failed, the execution stopped', async () => {
    const placed = await placedOrder(shop, { product: PRODUCT, quantity: 2 });

    expect(await settleOrder(placed.orderId)).toEqual(['closed', 'execution_stopped']);

    const order = (await readOrder(placed.orderId))!;
    expect(order.status).toBe('payment_failed');
    expect(order.reason?.code).toBe('PAYMENT_WINDOW_EXPIRED');
    expect(order.stock).toBe('released');
    expect(await stockOf(shop.api(), placed.productId)).toMatchObject({ reserved: 0, sold: 0 });
    expect(await executionStatus(placed.orderId)).toBe('ABORTED');
    // A payment made after that is not kept: the webhook's late-capture path refunds it.
    const late = razorpay().pay(placed.razorpayOrderId, 'success');
    await late.webhooks;
    const payment = razorpay().store.payment(late.razorpay_payment_id);
    expect(payment.amount_refunded).toBe(payment.amount);
  });
});

describe('an order whose execution is gone', () => {
  const orderWithoutSaga = async (quantity: number) => {
    const product = await shop.product(PRODUCT);
    const { orderId } = await seedPendingOrder([{ productId: product.productId, quantity }]);
    await reserveStock({ orderId });
    await createPaymentOrder({ orderId });
    return { orderId, productId: product.productId, order: (await readOrder(orderId))! };
  };

  it('paid: confirmed', async () => {
    const { orderId, productId, order } = await orderWithoutSaga(1);
    razorpay().pay(order.payment!.razorpayOrderId, 'success', { webhooks: { drop: true } });

    expect(await settleOrder(orderId)).toEqual(['confirmed']);
    expect((await readOrder(orderId))?.status).toBe('confirmed');
    expect(await stockOf(shop.api(), productId)).toMatchObject({ reserved: 0, sold: 1 });
  });

  it('unpaid (one failed attempt): payment_failed with its stock released', async () => {
    const { orderId, productId, order } = await orderWithoutSaga(4);
    razorpay().pay(order.payment!.razorpayOrderId, 'failure', { webhooks: { drop: true } });

    expect(await settleOrder(orderId)).toEqual(['closed']);
    expect((await readOrder(orderId))?.status).toBe('payment_failed');
    expect(await stockOf(shop.api(), productId)).toMatchObject({ reserved: 0, sold: 0 });
  });
});

describe('reconcileOrders', () => {
  it('settles only the orders past deadline + grace, found through the index', async () => {
    // The deadline is fixed at checkout: 30 s for one order, 600 s for the other.
    process.env.PAYMENT_WINDOW_SECONDS = '30';
    const due = await placedOrder(shop, { product: PRODUCT });
    process.env.PAYMENT_WINDOW_SECONDS = '600';
    const open = await placedOrder(shop, { product: PRODUCT });
    const now = new Date(Date.now() + 40_000);

    const result = await reconcileOrders({ now, graceSeconds: 2 });

    expect(result.failed).toEqual([]);
    expect(result.fixed[due.orderId]).toEqual(['closed', 'execution_stopped']);
    expect(result.fixed[open.orderId]).toBeUndefined();
    expect((await readOrder(open.orderId))?.status).toBe('awaiting_payment');
    expect((await readOrder(due.orderId))?.status).toBe('payment_failed');
    await settleOrder(open.orderId); // leave nothing waiting behind this file
  });
});

// Races around money: a payment the order recorded but did not keep, captured late; two
// refunders of the same payment at once. Through the local system.
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listNotifications } from '../../functions/core/notifications';
import { readOrder, refundReceipt, refundUnkeptPayment } from '../../functions/core/orders';
import { refundPayment as refundPaymentAtRazorpay } from '../../functions/core/payments';
import { handler as closeOrder } from '../../functions/saga/close-order';
import { handler as refundPayment } from '../../functions/saga/refund-payment';
import { handler as releaseStock } from '../../functions/saga/release-stock';
import { hasStatus, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { checkoutTriple, paidOrder, placedOrder, signalledAuthorizedPayment } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();
const razorpay = () => shop.razorpay();

afterEach(async () => {
  vi.restoreAllMocks();
});

// The local system sends the double's webhooks to its own /webhooks/razorpay.
const PRODUCT = { stock: 10, price: 6000 };

describe('a payment the order recorded but did not keep', () => {
  it('is refunded when Razorpay captures it after the saga cancelled the order', async () => {
    const { orderId, token, razorpayOrderId } = await placedOrder(shop, { product: PRODUCT });
    // The shopper pays the wrong amount; only authorized for now (no webhooks yet).
    const paid = razorpay().pay(razorpayOrderId, 'success', {
      amount: 100,
      capture: false,
      webhooks: { drop: true },
    });
    const verified = await api().post('/payments/verify', {
      token,
      body: { orderId, ...checkoutTriple(paid) },
    });
    expect(verified.status).toBe(200);
    // VerifyPayment finds the mismatch; nothing was captured, so nothing is refunded yet.
    const cancelled = await waitForOrder(orderId, hasStatus('cancelled'));
    expect(cancelled.reason?.code).toBe('PAYMENT_MISMATCH');
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(0);

    // Razorpay auto-captures it later: the order does not keep it, so it must be refunded.
    const late = razorpay().capture(paid.razorpay_payment_id);
    const deliveries = await late.webhooks;
    expect(deliveries.every((d) => d.delivered && d.attempts.every((a) => a === 200))).toBe(true);
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(100);
    const refunded = await waitForOrder(orderId, (o) => (o.payment?.refunds?.length ?? 0) === 1);
    // Every rupee captured for the order went back: refunded, while the order stays where it ended.
    expect(refunded.payment?.status).toBe('refunded');
    expect(refunded.status).toBe('cancelled');
    expect(refunded.payment?.refunds?.[0]).toMatchObject({
      paymentId: paid.razorpay_payment_id,
      amount: 100,
    });
  });

  it('is refunded once when the saga and a webhook refund it at the same time', async () => {
    const { orderId, paid } = await signalledAuthorizedPayment(shop, { product: PRODUCT });
    // The window closed: RefundPayment closes the order; the payment is only authorized.
    await refundPayment({ orderId });
    expect((await readOrder(orderId))?.closing).toBe(true);
    razorpay().capture(paid.razorpay_payment_id, { drop: true });

    // A retried RefundPayment and late-capture webhooks race to refund the same payment.
    const results = await Promise.allSettled([
      refundPayment({ orderId }),
      refundUnkeptPayment(orderId, paid.razorpay_payment_id),
      refundUnkeptPayment(orderId, paid.razorpay_payment_id),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const payment = razorpay().store.payment(paid.razorpay_payment_id)!;
    expect(payment.amount_refunded).toBe(payment.amount);
    const after = (await readOrder(orderId))!;
    expect(after.payment?.status).toBe('refunded');
    expect(after.payment?.refunds).toHaveLength(1);
  });
});

/** Polls `read` until it returns something non-empty (or gives up after 15 s). */
async function eventually<T>(read: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + 15_000;
  let last: T[] = [];
  while (Date.now() < deadline) {
    last = await read();
    if (last.length) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

/** A shopper's order for `quantity` units, paid through /payments/verify and confirmed. */
const confirmedOrder = (quantity: number) => paidOrder(shop, { via: 'verify', quantity, product: PRODUCT });

describe('cancel after confirmation while Razorpay is briefly down', () => {
  it('answers 200 cancelled; the settlement refunds once, a retried cancel changes nothing', async () => {
    const { token, orderId, paid, userId } = await confirmedOrder(2);

    razorpay().failNextApiCalls(1, 503);
    const first = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');
    await waitForOrder(orderId, (order) => order.payment?.status === 'refunded');

    const retried = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(retried.status).toBe(200);
    expect(retried.body.payment.status).toBe('refunded');
    expect(retried.body.payment.refunds).toHaveLength(1);
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(paid.payment.amount);
    // Watchers, the shopper and the rider consumer hear of it (at least once).
    await shop.settled();
    const cancelledEvents = shop.published.filter(
      (e) => e.detail.orderId === orderId && e.detail.status === 'cancelled',
    );
    expect(cancelledEvents.length).toBeGreaterThanOrEqual(1);
    expect(cancelledEvents[0]?.detail.previousStatus).toBe('confirmed');
    // The shopper is told once the deferred refund went through.
    const told = await eventually(async () => {
      const { items } = await listNotifications(userId, { limit: 20 });
      return items.filter((n) => n.type === 'refund.processed');
    });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: 'Refund processed', orderId });
  });
});

describe('CloseOrder racing a late-capture refund', () => {
  it('does not overwrite the refunded payment with failed', async () => {
    const { orderId, paid } = await signalledAuthorizedPayment(shop, { product: PRODUCT });
    await refundPayment({ orderId });
    await releaseStock({ orderId });
    razorpay().capture(paid.razorpay_payment_id, { drop: true });

    // The late capture's webhook refunds it between CloseOrder's read and its write.
    const send = DynamoDBDocumentClient.prototype.send;
    let injected = false;
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(async function (
      this: DynamoDBDocumentClient,
      command: unknown,
      ...rest: unknown[]
    ) {
      if (
        !injected &&
        command instanceof UpdateCommand &&
        Object.values(command.input.ExpressionAttributeValues ?? {}).includes('payment_failed')
      ) {
        injected = true;
        expect(await refundUnkeptPayment(orderId, paid.razorpay_payment_id)).toBe(true);
      }
      return (send as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as typeof send);
    await closeOrder({ orderId, failure: { Error: 'States.Timeout' } });
    expect(injected).toBe(true);
    const closed = (await readOrder(orderId))!;
    expect(closed.status).toBe('payment_failed');
    expect(closed.payment?.status).toBe('refunded');
    expect(closed.payment?.refunds).toHaveLength(1);
  });
});

describe('a refund made but not recorded (the refunder failed in between)', () => {
  it('is recorded by the next refunder instead of being lost', async () => {
    const { token, orderId, paid } = await confirmedOrder(1);
    // As if an earlier cancel refunded at Razorpay and died before writing it on the order.
    const lost = await refundPaymentAtRazorpay(paid.razorpay_payment_id, {
      amount: paid.payment.amount,
      receipt: refundReceipt(orderId, paid.razorpay_payment_id),
    });

    const cancelled = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.payment.status).toBe('refunded');
    expect(cancelled.body.payment.refunds).toEqual([
      expect.objectContaining({
        refundId: lost.id,
        paymentId: paid.razorpay_payment_id,
        amount: paid.payment.amount,
      }),
    ]);
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(paid.payment.amount);
  });
});

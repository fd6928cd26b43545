// Every saga task is at-least-once in Step Functions: each handler, run again after it succeeded,
// must change nothing. Driven directly (no execution), on DynamoDB Local and the Razorpay double.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { listNotifications } from '../../functions/core/notifications';
import { readOrder, recordPaymentSignal } from '../../functions/core/orders';
import { handler as closeOrder } from '../../functions/saga/close-order';
import { handler as confirmOrder } from '../../functions/saga/confirm-order';
import { handler as createPaymentOrder } from '../../functions/saga/create-payment-order';
import { handler as refundPayment } from '../../functions/saga/refund-payment';
import { handler as releaseStock } from '../../functions/saga/release-stock';
import { handler as reserveStock } from '../../functions/saga/reserve-stock';
import { handler as verifyPayment } from '../../functions/saga/verify-payment';
import { seedPendingOrder, stockOf, useCheckoutSystem } from '../support/checkout';
import { signalledAuthorizedPayment } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();

async function pendingOrder(quantity: number, stock = 10) {
  const p = await shop.product({ stock, price: 5000 });
  const seeded = await seedPendingOrder([{ productId: p.productId, quantity }]);
  return { ...seeded, productId: p.productId };
}

const twice = async (run: () => Promise<unknown>) => {
  await run();
  await run();
};

const eventsOf = (orderId: string) => shop.published.filter((e) => e.detail.orderId === orderId);

/** Reserved, with a Razorpay order and an authorized payment signalled: what VerifyPayment starts from. */
const signalledOrder = (quantity: number) => signalledAuthorizedPayment(shop, { quantity });

describe('saga tasks run twice', () => {
  it('ReserveStock reserves once', async () => {
    const { orderId, productId } = await pendingOrder(3);
    await twice(() => reserveStock({ orderId }));
    expect(await stockOf(api(), productId)).toMatchObject({ available: 7, reserved: 3 });
    expect((await readOrder(orderId))?.stock).toBe('reserved');
  });

  it('CreatePaymentOrder keeps the first Razorpay order and announces awaiting_payment', async () => {
    const { orderId } = await pendingOrder(1);
    await reserveStock({ orderId });
    const before = shop.razorpay().apiRequests.filter((r) => r.path === '/v1/orders').length;
    await createPaymentOrder({ orderId });
    const first = (await readOrder(orderId))!;
    await createPaymentOrder({ orderId });
    const second = (await readOrder(orderId))!;
    expect(second.payment).toEqual(first.payment);
    expect(second.timeline).toEqual(first.timeline);
    expect(shop.razorpay().apiRequests.filter((r) => r.path === '/v1/orders').length - before).toBe(1);
    expect(eventsOf(orderId).every((e) => e.detail.status === 'awaiting_payment')).toBe(true);
  });

  it('a payment signal counts once; VerifyPayment captures once; ConfirmOrder commits once', async () => {
    const { orderId, productId, userId, paymentId } = await signalledOrder(2);
    const again = await recordPaymentSignal({
      orderId,
      razorpayOrderId: (await readOrder(orderId))!.payment!.razorpayOrderId,
      razorpayPaymentId: paymentId,
    });
    expect(again.outcome).toBe('duplicate');

    await twice(() => verifyPayment({ orderId }));
    const captures = shop
      .razorpay()
      .apiRequests.filter((r) => r.path === `/v1/payments/${paymentId}/capture`);
    expect(captures).toHaveLength(1);
    expect((await readOrder(orderId))?.payment?.status).toBe('captured');

    await twice(() => confirmOrder({ orderId }));
    const confirmed = (await readOrder(orderId))!;
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.timeline.filter((t) => t.status === 'confirmed')).toHaveLength(1);
    expect(await stockOf(api(), productId)).toMatchObject({ available: 8, reserved: 0, sold: 2 });
    expect((await listNotifications(userId, { limit: 10 })).items).toHaveLength(1);

    // Compensation reaching a confirmed order leaves it (and the money) alone.
    await refundPayment({ orderId });
    await releaseStock({ orderId });
    await closeOrder({ orderId, failure: { Error: 'States.Timeout' } });
    expect((await readOrder(orderId))?.status).toBe('confirmed');
    expect(shop.razorpay().store.payments.get(paymentId)?.amount_refunded).toBe(0);
    expect(await stockOf(api(), productId)).toMatchObject({ sold: 2 });
  });

  it('compensation twice: released once, refunded once, closed once', async () => {
    const { orderId, productId, userId, paymentId } = await signalledOrder(4);
    await verifyPayment({ orderId });
    await twice(() => refundPayment({ orderId }));
    await twice(() => releaseStock({ orderId }));
    await twice(() => closeOrder({ orderId, failure: { Error: 'PaymentMismatchError' } }));
    const closed = (await readOrder(orderId))!;
    expect(closed).toMatchObject({ status: 'cancelled', stock: 'released' });
    expect(closed.payment?.refunds).toHaveLength(1);
    const payment = shop.razorpay().store.payments.get(paymentId)!;
    expect(payment.amount_refunded).toBe(payment.amount);
    expect(await stockOf(api(), productId)).toMatchObject({ available: 10, reserved: 0, sold: 0 });
    expect((await listNotifications(userId, { limit: 10 })).items.map((n) => n.type)).toEqual([
      'order.cancelled',
    ]);
  });

  it('EventBridge refusing the confirmation event does not touch the step; the stream retries it, once published', async () => {
    const { orderId, productId } = await signalledOrder(1);
    await verifyPayment({ orderId });
    const bus = mockClient(EventBridgeClient);
    bus
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    try {
      await confirmOrder({ orderId }); // nothing is published beside the write any more
      await shop.localSystem().streams.caughtUp(); // the stream consumer tried and was refused
      expect(bus.commandCalls(PutEventsCommand).length).toBeGreaterThan(0);
    } finally {
      bus.restore();
    }
    expect((await readOrder(orderId))?.status).toBe('confirmed');
    expect(eventsOf(orderId).some((e) => e.detail.status === 'confirmed')).toBe(false);
    await shop
      .localSystem()
      .eventBridge.waitFor((e) => e.detail.orderId === orderId && e.detail.status === 'confirmed');
    await shop.settled();
    expect(eventsOf(orderId).filter((e) => e.detail.status === 'confirmed')).toHaveLength(1);
    expect(await stockOf(api(), productId)).toMatchObject({ available: 9, reserved: 0, sold: 1 });
  });
});

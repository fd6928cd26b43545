// A confirmed order cancelled while Razorpay is down: the cancel answers at once, the refund is
// made once Razorpay is back (the `cancelled` event's retries, then the reconciler), and the
// shopper is told. Faults through the public dev route, against the local system.
import { afterEach, describe, expect, it } from 'vitest';
import { listNotifications } from '../../functions/core/notifications';
import { readOrder } from '../../functions/core/orders';
import { reconcileOrders } from '../../functions/core/reconciler';
import { ordersPastDeadline } from '../../functions/core/reconciler/open-orders';
import { useCheckoutSystem } from '../support/checkout';
import { paidOrder } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();

afterEach(async () => {
  expect((await api().delete('/dev/razorpay/faults')).status).toBe(200);
});

const refundNotices = async (userId: string) =>
  (await listNotifications(userId, { limit: 20 })).items.filter((n) => n.type === 'refund.processed');

describe('cancel of a confirmed order during a Razorpay outage', () => {
  it('answers 200 cancelled; after the outage the refund is made and the shopper told', async () => {
    const { token, orderId, userId, paid } = await paidOrder(shop, { via: 'verify' });
    const outage = await api().post('/dev/razorpay/faults', {
      body: { kind: 'status', status: 503, seconds: 5 },
    });
    expect(outage.status, JSON.stringify(outage.body)).toBe(200);
    const outageEnds = Date.now() + 5000;

    const cancelled = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.payment.status).toBe('captured');
    // A refund is owed: the order is listed for the reconciler, whatever its checkout deadline.
    expect(await ordersPastDeadline(new Date())).toContain(orderId);

    // The event's retries (a minute, then two, run a hundred times faster here) all fall inside
    // the outage; the reconciler's next run after it makes the refund.
    await shop.settled();
    expect((await readOrder(orderId))!.payment?.status).toBe('captured');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now()) + 200));
    const run = await reconcileOrders({ graceSeconds: 0 });
    expect(run.fixed[orderId]).toContain('refunded');

    const order = (await readOrder(orderId))!;
    expect(order.payment?.status).toBe('refunded');
    expect(order.payment?.refunds).toHaveLength(1);
    expect(shop.razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(
      paid.payment.amount,
    );
    expect(await refundNotices(userId)).toEqual([
      expect.objectContaining({ title: 'Refund processed', orderId }),
    ]);
    // Nothing owed any more: out of the index, and a second run changes nothing.
    expect(await ordersPastDeadline(new Date())).not.toContain(orderId);
    expect((await reconcileOrders({ graceSeconds: 0 })).fixed[orderId]).toBeUndefined();
  });

  it('is refunded by the event’s own retries when the outage is shorter than they are', async () => {
    const { token, orderId, userId } = await paidOrder(shop, { via: 'verify' });
    // Razorpay refuses the cancel's refund and the event's first try (each starts by listing the
    // payment's refunds), then is back: counted, not timed, so a slow machine cannot skip the retry.
    shop.razorpay().failNextApiCalls(2, 503, /\/payments\/[^/]+\/refunds?$/);

    const cancelled = await api().post(`/orders/${orderId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    await shop.settled();

    expect((await readOrder(orderId))!.payment?.status).toBe('refunded');
    expect(await refundNotices(userId)).toHaveLength(1);
    const deliveries = shop
      .localSystem()
      .eventBridge.deliveries.filter((d) => d.target.includes('ettle') && d.attempts > 1);
    expect(deliveries.some((d) => d.ok)).toBe(true);
  });
});

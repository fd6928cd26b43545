// A shopper who paid twice on one Razorpay order: the payment the order does not keep is given
// back, even when it is only authorized (Razorpay's API cannot void it: captured, then refunded).
// Against the local system and the Razorpay double.
import { describe, expect, it } from 'vitest';
import { readOrder } from '../../functions/core/orders';
import { settleOrder } from '../../functions/core/reconciler';
import { useCheckoutSystem, waitForOrder } from '../support/checkout';
import { checkoutTriple, placedOrder } from '../support/orders';

const shop = useCheckoutSystem();
const razorpay = () => shop.razorpay();

const refundedInFull = async (paymentId: string) => {
  for (let tries = 0; tries < 100; tries++) {
    const payment = razorpay().store.payment(paymentId);
    if (payment && payment.amount_refunded === payment.amount) return payment;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return razorpay().store.payment(paymentId);
};

/** Two payments authorized on one Razorpay order (the double refuses a payment once one is
 *  captured); the first is verified and kept, the second's webhooks as `webhooks` says. */
async function paidTwice(webhooks: { delayMs?: number; drop?: boolean }) {
  const placed = await placedOrder(shop);
  const paid = razorpay().pay(placed.razorpayOrderId, 'success', {
    capture: false,
    webhooks: { drop: true },
  });
  const extra = razorpay().pay(placed.razorpayOrderId, 'success', { capture: false, webhooks });
  if (paid.outcome !== 'success' || extra.outcome !== 'success') throw new Error('the double refused');
  const verified = await shop.api().post('/payments/verify', {
    token: placed.token,
    body: { orderId: placed.orderId, ...checkoutTriple(paid) },
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  await waitForOrder(placed.orderId, (o) => o.payment?.status === 'captured');
  return { ...placed, paid, extra };
}

describe('a second payment on the same Razorpay order', () => {
  it('authorized only: captured and refunded on its webhook; the kept payment stays', async () => {
    // Its webhooks arrive once the order has kept the first payment.
    const { orderId, paid, extra } = await paidTwice({ delayMs: 4000 });
    expect(razorpay().store.payment(extra.razorpay_payment_id)?.status).toBe('authorized');
    const deliveries = await extra.webhooks;
    expect(deliveries.every((d) => d.delivered)).toBe(true);

    const released = await refundedInFull(extra.razorpay_payment_id);
    expect(released).toMatchObject({ status: 'refunded', captured: true });
    const kept = razorpay().store.payment(paid.razorpay_payment_id);
    expect(kept).toMatchObject({ status: 'captured', amount_refunded: 0 });
    const order = await waitForOrder(orderId, (o) => (o.payment?.refunds ?? []).length === 1);
    expect(order.payment).toMatchObject({ paymentId: paid.razorpay_payment_id, status: 'captured' });
    expect(order.payment?.refunds?.[0]).toMatchObject({ paymentId: extra.razorpay_payment_id });
  });

  it('authorized with no webhook: the reconciler releases it, once', async () => {
    const { orderId, paid, extra } = await paidTwice({ drop: true });
    expect(razorpay().store.payment(extra.razorpay_payment_id)?.status).toBe('authorized');

    expect(await settleOrder(orderId)).toContain('refunded');
    expect(razorpay().store.payment(extra.razorpay_payment_id)).toMatchObject({ status: 'refunded' });
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(0);
    expect(await settleOrder(orderId)).not.toContain('refunded');
    expect((await readOrder(orderId))!.payment?.refunds).toHaveLength(1);
  });
});

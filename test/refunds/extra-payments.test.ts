// A shopper who paid twice on one Razorpay order: the payment the order does not keep is given
// back, even when it is only authorized (Razorpay's API cannot void it: captured, then refunded).
// Against the local system and the Razorpay double.
import { describe, expect, it } from 'vitest';
import { readOrder } from '../../functions/core/orders';
import { settleOrder } from '../../functions/core/reconciler';
import { useCheckoutSystem, waitForOrder } from '../support/checkout';
import { paidOrder } from '../support/orders';

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

describe('a second payment on the same Razorpay order', () => {
  it('authorized only: captured and refunded on its webhook; the kept payment stays', async () => {
    const { orderId, razorpayOrderId, paid } = await paidOrder(shop, { via: 'verify' });

    const extra = razorpay().pay(razorpayOrderId, 'success', { capture: false });
    if (extra.outcome !== 'success') throw new Error('the double refused the payment');
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
    const { orderId, razorpayOrderId, paid } = await paidOrder(shop, { via: 'verify' });
    const extra = razorpay().pay(razorpayOrderId, 'success', { capture: false, webhooks: { drop: true } });
    if (extra.outcome !== 'success') throw new Error('the double refused the payment');
    expect(razorpay().store.payment(extra.razorpay_payment_id)?.status).toBe('authorized');

    expect(await settleOrder(orderId)).toContain('refunded');
    expect(razorpay().store.payment(extra.razorpay_payment_id)).toMatchObject({ status: 'refunded' });
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(0);
    expect(await settleOrder(orderId)).not.toContain('refunded');
    expect((await readOrder(orderId))!.payment?.refunds).toHaveLength(1);
  });
});

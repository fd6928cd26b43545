// The local system runs the Razorpay double: handlers reach it through env, POST /dev/razorpay/pay
// stands in for Checkout, and the double delivers its webhooks to the gateway's /webhooks/razorpay.
import { describe, expect, it } from 'vitest';
import { createOrder, fetchPayment, verifyCheckoutSignature } from '../../functions/core/payments';
import { LOCAL_RAZORPAY_KEYS } from '../../local/razorpay-double';
import { useLocalSystem } from '../support/api';

const { api, localSystem } = useLocalSystem();

describe('POST /dev/razorpay/pay', () => {
  it('pays a Razorpay order and returns the signed triple Checkout would hand the client', async () => {
    const order = await createOrder({ amount: 9000, receipt: 'dev-pay-1' });
    const res = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: order.id, outcome: 'success' },
    });
    expect(res.status).toBe(200);
    // Exactly the triple, so a client can pass it straight to POST /payments/verify.
    expect(Object.keys(res.body).sort()).toEqual([
      'razorpay_order_id',
      'razorpay_payment_id',
      'razorpay_signature',
    ]);
    expect(res.body.razorpay_order_id).toBe(order.id);
    expect(
      verifyCheckoutSignature(
        {
          razorpayOrderId: order.id,
          razorpayPaymentId: res.body.razorpay_payment_id,
          signature: res.body.razorpay_signature,
        },
        LOCAL_RAZORPAY_KEYS.keySecret,
      ),
    ).toBe(true);
    expect(await fetchPayment(res.body.razorpay_payment_id)).toMatchObject({
      status: 'captured',
      amount: 9000,
    });

    // The webhooks went to this system's gateway (answered by whatever handles /webhooks/razorpay).
    await localSystem().razorpay.webhooksSettled();
    const sent = localSystem().razorpay.webhookDeliveries.filter((d) =>
      d.body.includes(res.body.razorpay_payment_id),
    );
    expect(sent.map((d) => d.event)).toEqual(['payment.authorized', 'payment.captured', 'order.paid']);
    expect(sent.every((d) => d.attempts.length > 0 && typeof d.attempts[0] === 'number')).toBe(true);
  });

  it('reports a failed payment without a signature', async () => {
    const order = await createOrder({ amount: 5000, receipt: 'dev-pay-2' });
    const res = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: order.id, outcome: 'failure' },
    });
    expect(res.status).toBe(200);
    expect(res.body.razorpay_signature).toBeUndefined();
    expect(res.body.error.code).toBe('BAD_REQUEST_ERROR');
    expect((await fetchPayment(res.body.razorpay_payment_id)).status).toBe('failed');
  });

  it('answers 4xx for bad input, an unknown order and an order already paid', async () => {
    const invalid = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: 'order_x', outcome: 'maybe' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: 'order_doesNotExist00', outcome: 'success' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const order = await createOrder({ amount: 1000, receipt: 'dev-pay-3' });
    await api().post('/dev/razorpay/pay', { body: { razorpay_order_id: order.id, outcome: 'success' } });
    const again = await api().post('/dev/razorpay/pay', {
      body: { razorpay_order_id: order.id, outcome: 'success' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });
});

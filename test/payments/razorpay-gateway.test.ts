// The payments gateway through the real razorpay SDK against the local double.
import Razorpay from 'razorpay';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  capturePayment,
  createOrder,
  fetchOrder,
  fetchOrderPayments,
  fetchPayment,
  fetchPaymentRefunds,
  PaymentProviderRejectedError,
  PaymentProviderUnavailableError,
  refundPayment,
  verifyCheckoutSignature,
} from '../../functions/core/payments';
import { freePort } from '../../local/free-port';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const double = useRazorpayDouble();

// Each test gets its own control table, so one test's failures never trip the next one's breaker.
beforeEach(async () => {
  await useFreshTables();
  process.env.RAZORPAY_TIMEOUT_MS = '5000';
  process.env.RAZORPAY_BASE_URL = double().url;
  double().resetFaults();
});

const rawSdk = () => {
  const rzp = new Razorpay({ key_id: TEST_KEYS.keyId, key_secret: TEST_KEYS.keySecret });
  Object.assign((rzp as any).api.rq.defaults, { baseURL: double().url, proxy: false, timeout: 5000 });
  return rzp;
};

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as any;
  }
  throw new Error('expected a rejection');
};

describe('orders and payments', () => {
  it('creates an order, is paid through Checkout, and shows the captured payment', async () => {
    const order = await createOrder({ amount: 9000, receipt: 'ord-1', notes: { orderId: 'ord-1' } });
    expect(order).toMatchObject({
      entity: 'order',
      amount: 9000,
      currency: 'INR',
      status: 'created',
      receipt: 'ord-1',
    });
    expect(order.id).toMatch(/^order_/);

    const paid = double().pay(order.id, 'success');
    if (paid.outcome !== 'success') throw new Error('expected success');
    expect(
      verifyCheckoutSignature(
        {
          razorpayOrderId: paid.razorpay_order_id,
          razorpayPaymentId: paid.razorpay_payment_id,
          signature: paid.razorpay_signature,
        },
        TEST_KEYS.keySecret,
      ),
    ).toBe(true);

    const payment = await fetchPayment(paid.razorpay_payment_id);
    expect(payment).toMatchObject({
      entity: 'payment',
      order_id: order.id,
      amount: 9000,
      status: 'captured',
    });
    expect((await fetchOrderPayments(order.id)).map((p) => p.id)).toEqual([payment.id]);
    expect(await fetchOrder(order.id)).toMatchObject({ status: 'paid', amount_paid: 9000, amount_due: 0 });
  });

  it('captures an authorized payment once; a repeated capture returns the same captured payment', async () => {
    const order = await createOrder({ amount: 4500, receipt: 'ord-2' });
    const paid = double().pay(order.id, 'success', { capture: false });
    expect((await fetchPayment(paid.razorpay_payment_id)).status).toBe('authorized');

    const captured = await capturePayment(paid.razorpay_payment_id, 4500, 'INR');
    expect(captured).toMatchObject({ status: 'captured', captured: true, amount: 4500 });
    // A retried saga step (first answer lost) must not fail on Razorpay's "already captured".
    expect(await capturePayment(paid.razorpay_payment_id, 4500)).toMatchObject({
      id: captured.id,
      status: 'captured',
    });
  });

  it('the double refuses a second capture and a capture of the wrong amount, like Razorpay', async () => {
    const rzp = rawSdk();
    const order = await rzp.orders.create({ amount: 10000, currency: 'INR', receipt: 'ord-3' });
    const paid = double().pay(order.id, 'success', { capture: false });
    const wrongAmount = await caught(rzp.payments.capture(paid.razorpay_payment_id, 9999, 'INR'));
    expect(wrongAmount).toMatchObject({
      statusCode: 400,
      error: { code: 'BAD_REQUEST_ERROR', field: 'amount' },
    });

    await rzp.payments.capture(paid.razorpay_payment_id, 10000, 'INR');
    const twice = await caught(rzp.payments.capture(paid.razorpay_payment_id, 10000, 'INR'));
    expect(twice.statusCode).toBe(400);
    expect(twice.error.code).toBe('BAD_REQUEST_ERROR');
    expect(twice.error.description).toMatch(/already been captured/);
  });

  it('refunds in part and in full, refuses an over-refund, and a retried refund is not paid twice', async () => {
    const order = await createOrder({ amount: 20000, receipt: 'ord-4' });
    const { razorpay_payment_id: paymentId } = double().pay(order.id, 'success');

    const partial = await refundPayment(paymentId, { amount: 5000, receipt: 'refund-ord-4-a' });
    expect(partial).toMatchObject({
      entity: 'refund',
      amount: 5000,
      payment_id: paymentId,
      receipt: 'refund-ord-4-a',
    });
    expect(partial.id).toMatch(/^rfnd_/);
    const retried = await refundPayment(paymentId, { amount: 5000, receipt: 'refund-ord-4-a' });
    expect(retried.id).toBe(partial.id);
    expect(await fetchPayment(paymentId)).toMatchObject({ amount_refunded: 5000, refund_status: 'partial' });

    const over = await caught(refundPayment(paymentId, { amount: 15001, receipt: 'refund-ord-4-b' }));
    expect(over).toBeInstanceOf(PaymentProviderRejectedError);
    expect(over.statusCode).toBe(400);

    const longReceipt = await caught(refundPayment(paymentId, { amount: 100, receipt: 'r'.repeat(41) }));
    expect(longReceipt).toMatchObject({ name: 'PaymentProviderRejectedError', field: 'receipt' });

    await refundPayment(paymentId, { amount: 15000, receipt: 'refund-ord-4-c' });
    expect(await fetchPayment(paymentId)).toMatchObject({ status: 'refunded', amount_refunded: 20000 });
    expect((await fetchPaymentRefunds(paymentId)).map((r) => r.amount).sort()).toEqual([15000, 5000]);
  });

  it('validates orders like Razorpay: amount an integer of at least 100 paise, INR only', async () => {
    for (const amount of [99, 100.5, 0]) {
      const error = await caught(createOrder({ amount, receipt: 'bad' }));
      expect(error).toBeInstanceOf(PaymentProviderRejectedError);
      expect(error.field).toBe('amount');
    }
    const currency = await caught(createOrder({ amount: 1000, currency: 'USD' as 'INR', receipt: 'bad' }));
    expect(currency.field).toBe('currency');
  });

  it('records a failed attempt and lets a later attempt on the same order succeed', async () => {
    const order = await createOrder({ amount: 3000, receipt: 'ord-5' });
    const failed = double().pay(order.id, 'failure');
    expect(failed.outcome).toBe('failure');
    expect(await fetchOrder(order.id)).toMatchObject({ status: 'attempted', attempts: 1 });
    const ok = double().pay(order.id, 'success');
    const payments = await fetchOrderPayments(order.id);
    expect(payments.map((p) => [p.id, p.status])).toEqual(
      expect.arrayContaining([
        [failed.razorpay_payment_id, 'failed'],
        [ok.razorpay_payment_id, 'captured'],
      ]),
    );
  });
});

describe('error classification', () => {
  it('a 4xx is a rejection carrying Razorpay’s code and description', async () => {
    const error = await caught(fetchPayment('pay_doesNotExist000'));
    expect(error).toBeInstanceOf(PaymentProviderRejectedError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PaymentProviderRejectedError');
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'BAD_REQUEST_ERROR',
      description: 'The id provided does not exist',
    });
  });

  it('wrong keys are a rejection (401), not an outage', async () => {
    process.env.RAZORPAY_KEY_SECRET = 'not-the-secret';
    try {
      const error = await caught(createOrder({ amount: 1000, receipt: 'x' }));
      expect(error).toBeInstanceOf(PaymentProviderRejectedError);
      expect(error.statusCode).toBe(401);
    } finally {
      process.env.RAZORPAY_KEY_SECRET = TEST_KEYS.keySecret;
    }
  });

  it.each([500, 502, 503, 429])('HTTP %i is transient (unavailable)', async (status) => {
    double().failNextApiCalls(1, status);
    const error = await caught(createOrder({ amount: 1000, receipt: 'x' }));
    expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
    expect(error.name).toBe('PaymentProviderUnavailableError');
    expect(error.statusCode).toBe(status);
    // The next call, without a fault, goes through.
    await expect(createOrder({ amount: 1000, receipt: 'x' })).resolves.toMatchObject({ status: 'created' });
  });

  it('a call that hangs past RAZORPAY_TIMEOUT_MS is transient', async () => {
    process.env.RAZORPAY_TIMEOUT_MS = '150';
    const hung = double().hangNextApiCalls(1);
    try {
      const error = await caught(createOrder({ amount: 1000, receipt: 'x' }));
      expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
      expect(error.code).toBe('NO_RESPONSE');
      expect(double().apiRequests).toHaveLength(1);
    } finally {
      hung.release();
    }
  });

  it('a refused connection is transient', async () => {
    process.env.RAZORPAY_BASE_URL = `http://127.0.0.1:${await freePort()}`;
    const error = await caught(fetchPayment('pay_any00000000000'));
    expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
    expect(error.code).toBe('NO_RESPONSE');
  });
});

// First-deploy safety end to end: while the Razorpay keys cannot take a payment (here: test keys on a
// stage in live mode), POST /checkout answers 503 with retry-after and makes no order; once the keys
// fit, the same request goes through.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADDRESS,
  checkoutAs,
  hasStatus,
  shopperWithCart,
  useCheckoutSystem,
  waitForOrder,
} from '../support/checkout';

const saga = useCheckoutSystem();
const api = () => saga.api();
const savedMode = process.env.RAZORPAY_MODE;
afterEach(() => {
  if (savedMode === undefined) delete process.env.RAZORPAY_MODE;
  else process.env.RAZORPAY_MODE = savedMode;
});

describe('POST /checkout with keys of the wrong mode', () => {
  it('answers 503 SERVICE_UNAVAILABLE with retry-after and makes no order, then works once they fit', async () => {
    const p = await saga.product({ stock: 5, price: 2500 });
    const { token } = await shopperWithCart(api(), [{ productId: p.productId, quantity: 1 }]);
    process.env.RAZORPAY_MODE = 'live'; // the local keys are rzp_test_…
    const refused = await checkoutAs(api(), token, 'key-mode-mismatch-1', { deliveryAddress: ADDRESS });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('300');
    expect(refused.body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/Payments are not configured/),
    });
    const orders = await api().get('/orders', { token });
    expect(orders.body.items).toEqual([]);

    process.env.RAZORPAY_MODE = 'test';
    const accepted = await checkoutAs(api(), token, 'key-mode-mismatch-1', { deliveryAddress: ADDRESS });
    expect(accepted.status).toBe(202);
    await waitForOrder(accepted.body.orderId, hasStatus('awaiting_payment'));
    await api().post(`/orders/${accepted.body.orderId}/cancel`, { token });
    await waitForOrder(accepted.body.orderId, hasStatus('cancelled'));
  });
});

// The shopper's email and SMS texts, rupee formatting, the refund line, and reading contact claims.
import { describe, expect, it } from 'vitest';
import { contactFromClaims } from '../../functions/core/notifications/contact';
import type { OrderRecord } from '../../functions/core/orders/model';
import { rupees } from '../../functions/core/shopper-messages/rupees';
import { shopperMessage } from '../../functions/core/shopper-messages/templates';

const order = (changes: Partial<OrderRecord> = {}): OrderRecord => ({
  orderId: '01JORDER',
  orderNumber: 'QC-20261201-000042',
  userId: 'u-1',
  status: 'confirmed',
  items: [
    { productId: 'p1', name: 'Milk 500ml', quantity: 2, unitPrice: 3000, lineTotal: 6000 },
    { productId: 'p2', name: 'Bread', quantity: 1, unitPrice: 2100, lineTotal: 2100 },
  ],
  subtotal: 8100,
  deliveryFee: 0,
  handlingFee: 500,
  total: 8600,
  currency: 'INR',
  deliveryAddress: { line1: '1 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.6 },
  stock: 'sold',
  timeline: [],
  createdAt: 'now',
  updatedAt: 'now',
  contact: { email: 'a@example.com', name: 'Asha' },
  ...changes,
});

const payment = (status: 'captured' | 'refunded', refunds: number[] = []) =>
  ({
    provider: 'razorpay',
    razorpayOrderId: 'order_1',
    keyId: 'rzp_test_1',
    amount: 8600,
    currency: 'INR',
    status,
    refunds: refunds.map((amount, i) => ({ refundId: `rfnd_${i}`, paymentId: 'pay_1', amount, at: 'now' })),
  }) as const;

describe('rupees', () => {
  it('formats paise as rupees with two decimals and Indian grouping', () => {
    expect(rupees(8600)).toBe('₹86.00');
    expect(rupees(5)).toBe('₹0.05');
    expect(rupees(12345678)).toBe('₹1,23,456.78');
  });
});

describe('shopperMessage', () => {
  it('confirmed: number, items, total and ETA; an SMS without the item list', () => {
    const m = shopperMessage('confirmed', order(), { etaMinutes: 14 });
    expect(m.subject).toBe('Order QC-20261201-000042 confirmed: arriving in about 14 min');
    expect(m.email).toContain('Hi Asha,');
    expect(m.email).toContain('Items: 2 × Milk 500ml, 1 × Bread');
    expect(m.email).toContain('Total: ₹86.00');
    expect(m.sms).toBe('Order QC-20261201-000042 confirmed, ₹86.00. Arriving in about 14 min.');
    expect(m.sms.length).toBeLessThanOrEqual(160);
  });

  it('cancelled: the amount refunded, the amount still to come back, or nothing charged', () => {
    const refunded = shopperMessage('cancelled', order({ payment: payment('refunded', [8000, 600]) }), {});
    expect(refunded.sms).toBe(
      'Order QC-20261201-000042 was cancelled. ₹86.00 has been refunded to your original payment method.',
    );
    const pending = shopperMessage('cancelled', order({ payment: payment('captured') }), {});
    expect(pending.email).toContain('₹86.00 will be refunded to your original payment method.');
    const unpaid = shopperMessage('cancelled', order({ contact: {} }), {});
    expect(unpaid.email.startsWith('Hi,\n')).toBe(true);
    expect(unpaid.sms).toContain('You were not charged.');
  });

  it('rider_assigned names the rider; delivered and payment_failed say what happened', () => {
    const rider = { riderId: 'r1', name: 'Ravi Kumar' };
    expect(shopperMessage('rider_assigned', order({ rider }), { etaMinutes: 9 }).sms).toBe(
      'Ravi Kumar is bringing order QC-20261201-000042, arriving in about 9 min.',
    );
    expect(shopperMessage('delivered', order(), {}).subject).toBe('Order QC-20261201-000042 delivered');
    expect(shopperMessage('payment_failed', order(), {}).sms).toBe(
      'Payment for order QC-20261201-000042 did not go through; the order was not placed. You were not charged.',
    );
  });
});

describe('contactFromClaims', () => {
  it('keeps a valid email, an E.164 phone and a name; drops the rest', () => {
    expect(
      contactFromClaims({ email: 'a@example.com', phone_number: '+919800000001', name: ' Asha ' }),
    ).toEqual({
      email: 'a@example.com',
      phone: '+919800000001',
      name: 'Asha',
    });
    expect(contactFromClaims({ email: 'nope', phone_number: '98000', name: '' })).toEqual({});
    expect(contactFromClaims({ email: 'a@example.com', email_verified: 'false' })).toEqual({});
    expect(contactFromClaims({ email: 'a@example.com', email_verified: true })).toEqual({
      email: 'a@example.com',
    });
  });

  it('cuts a long name to 100 UTF-16 units without splitting an emoji', () => {
    const name = `${'a'.repeat(99)}🙂 tail`;
    expect(contactFromClaims({ name }).name).toBe('a'.repeat(99));
    expect(contactFromClaims({ name: 'b'.repeat(150) }).name).toBe('b'.repeat(100));
  });
});

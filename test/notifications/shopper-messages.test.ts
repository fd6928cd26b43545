// Email and SMS to shoppers through the real local system: the checkout saga, the local EventBridge
// delivering to the notifier, and the local SES v2 / SNS outbox. Exactly once per event and channel,
// a failing channel retried alone, and the confirmation's ETA equal to tracking's.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storeLocation } from '../../functions/core/config';
import { etaMinutes } from '../../functions/core/delivery/eta';
import { handler as notifyShopper } from '../../functions/events/notify-shopper';
import { signDevToken } from '../../local/dev/auth';
import type { LocalEvent } from '../../local/emulators/eventbridge';
import { ADDRESS, checkoutAs, hasStatus, useCheckoutSystem, waitForOrder } from '../support/checkout';

const shop = useCheckoutSystem();
const api = () => shop.api();
const bus = () => shop.localSystem().eventBridge;
const outbox = () => shop.localSystem().outbox;

afterEach(async () => {
  await bus().idle();
});

let shoppers = 0;
/** A shopper whose token carries email, phone and name, with one product (2 × ₹43.00) in the cart. */
async function contactableShopper(
  claims: { email?: boolean; phone?: boolean } = { email: true, phone: true },
) {
  shoppers += 1;
  const userId = `shopper-${randomUUID().slice(0, 8)}`;
  const email = `${userId}@example.com`;
  const phone = `+9198${String(10_000_000 + shoppers * 7919).slice(0, 8)}`;
  const token = await signDevToken(userId, 'shopper', 3600, {
    name: 'Asha',
    ...(claims.email ? { email } : {}),
    ...(claims.phone ? { phone_number: phone } : {}),
  });
  const product = await shop.product({ stock: 20, price: 4300, name: `Paneer 200g ${shoppers}` });
  const added = await api().post('/cart/items', {
    token,
    body: { productId: product.productId, quantity: 2 },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  return { userId, email, phone, token, product };
}

type Shopper = Awaited<ReturnType<typeof contactableShopper>>;

/** About 10 km north of the default store: 30 minutes at the default 20 km/h. */
const FAR_ADDRESS = { ...ADDRESS, lat: 12.9784 + 10 / ((6371 * Math.PI) / 180), lng: 77.6408 };

async function placeOrder(shopper: Shopper, deliveryAddress = FAR_ADDRESS) {
  const placed = await checkoutAs(api(), shopper.token, randomUUID(), { deliveryAddress });
  expect(placed.status, JSON.stringify(placed.body)).toBe(202);
  const order = await waitForOrder(placed.body.orderId, hasStatus('awaiting_payment'));
  return order;
}

async function pay(shopper: Shopper, orderId: string, razorpayOrderId: string) {
  const paid = shop.razorpay().pay(razorpayOrderId, 'success', { webhooks: { drop: true } });
  if (!('razorpay_signature' in paid)) throw new Error('the double refused the payment');
  const verified = await api().post('/payments/verify', {
    token: shopper.token,
    body: {
      orderId,
      razorpay_order_id: paid.razorpay_order_id,
      razorpay_payment_id: paid.razorpay_payment_id,
      razorpay_signature: paid.razorpay_signature,
    },
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
}

/** The OrderStatusChanged event for this order and status, once the notifier has handled it. */
async function notified(orderId: string, status: string): Promise<LocalEvent> {
  const event = await bus().waitFor((e) => e.detail.orderId === orderId && e.detail.status === status);
  await bus().waitForDelivery((d) => d.eventId === event.id && d.target === 'notifyShopper' && d.ok);
  return event;
}

const outboxOf = async (to: string) => {
  const res = await api().get(`/dev/outbox?to=${encodeURIComponent(to)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as {
    channel: string;
    to: string;
    subject?: string;
    body: string;
    orderId?: string;
  }[];
};

describe('notifier: email and SMS per order event', () => {
  it('a paid order → one confirmation email and one SMS, with order number, items, total and ETA', async () => {
    const shopper = await contactableShopper();
    const order = await placeOrder(shopper);
    await pay(shopper, order.orderId, order.payment!.razorpayOrderId);
    await notified(order.orderId, 'confirmed');

    const tracking = await api().get(`/orders/${order.orderId}/tracking`, { token: shopper.token });
    expect(tracking.status).toBe(200);
    const eta = tracking.body.etaMinutes as number;
    // From the store to the address, by the same rule the delivery module uses.
    expect(eta).toBe(etaMinutes(storeLocation(), FAR_ADDRESS));
    expect(eta).toBe(30);

    const emails = await outboxOf(shopper.email);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email).toMatchObject({ channel: 'email', to: shopper.email, orderId: order.orderId });
    expect(email!.subject).toContain(order.orderNumber);
    expect(email!.subject).toContain(`${eta} min`);
    expect(email!.body).toContain('Hi Asha');
    expect(email!.body).toContain(`2 × ${order.items[0]!.name}`);
    // 2 × ₹43.00 + fees, as the order was priced.
    expect(email!.body).toContain(`Total: ₹${(order.total / 100).toFixed(2)}`);
    expect(email!.body).toContain(`arriving in about ${eta} min`);

    const texts = await outboxOf(shopper.phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ channel: 'sms', to: shopper.phone });
    expect(texts[0]!.subject).toBeUndefined();
    expect(texts[0]!.body).toContain(order.orderNumber);
    expect(texts[0]!.body).toContain(`in about ${eta} min`);
    const sms = outbox().sent.find((m) => m.to === shopper.phone)!;
    expect(sms.details).toMatchObject({
      'AWS.SNS.SMS.SMSType': 'Transactional',
      'AWS.SNS.SMS.SenderID': 'QCOMRC',
    });
    const sentEmail = outbox().sent.find((m) => m.to === shopper.email)!;
    expect(sentEmail.details.from).toBe('orders@quick-commerce.local');

    // In-app stays as it was: one notification for the confirmation.
    const inApp = await api().get('/notifications', { token: shopper.token });
    expect(inApp.body.items.filter((n: { type: string }) => n.type === 'order.confirmed')).toHaveLength(1);
  });

  it('a redelivered event, even concurrently, sends nothing new', async () => {
    const shopper = await contactableShopper();
    const order = await placeOrder(shopper);
    await pay(shopper, order.orderId, order.payment!.razorpayOrderId);
    const event = await notified(order.orderId, 'confirmed');
    const before = outbox().sent.length;

    const { busName: _bus, ...envelope } = event;
    const again = await Promise.all([
      notifyShopper(envelope),
      notifyShopper(envelope),
      notifyShopper(envelope),
    ]);
    for (const outcome of again) expect(outcome).toEqual({ email: 'already-sent', sms: 'already-sent' });
    expect(outbox().sent.length).toBe(before);
    expect(await outboxOf(shopper.email)).toHaveLength(1);
    expect(await outboxOf(shopper.phone)).toHaveLength(1);

    // Three deliveries of a new event at once: one sends each channel; the others find it taken
    // (already sent, or in flight → thrown for a later retry, which then finds it sent).
    const delivered = { ...envelope, id: randomUUID(), detail: { ...envelope.detail, status: 'delivered' } };
    const racing = await Promise.allSettled([1, 2, 3].map(() => notifyShopper(delivered)));
    // Racers may win different channels (one the email, another the SMS): a racer that finds the
    // other channel in flight throws for a retry, so "sent" is counted in the outbox, not in outcomes.
    const sentBy = (channel: 'email' | 'sms') =>
      racing.filter(
        (r) => r.status === 'fulfilled' && (r.value as Record<string, string>)[channel] === 'sent',
      );
    expect(sentBy('email').length).toBeLessThanOrEqual(1);
    expect(sentBy('sms').length).toBeLessThanOrEqual(1);
    for (const r of racing) if (r.status === 'rejected') expect(r.reason.name).toBe('SendInProgressError');
    expect(await notifyShopper(delivered)).toEqual({ email: 'already-sent', sms: 'already-sent' });
    expect((await outboxOf(shopper.email)).map((m) => m.subject)).toEqual([
      `Order ${order.orderNumber} delivered`,
      expect.stringContaining('confirmed'),
    ]);
    expect(await outboxOf(shopper.phone)).toHaveLength(2);
  });

  it('an SES failure is retried and the SMS is not sent again', async () => {
    const shopper = await contactableShopper();
    const order = await placeOrder(shopper);
    // More failures than the SDK's own three attempts: the invocation fails and EventBridge retries it.
    outbox().failNext('email', 3);
    await pay(shopper, order.orderId, order.payment!.razorpayOrderId);
    const event = await notified(order.orderId, 'confirmed');
    const delivery = bus().deliveries.find((d) => d.eventId === event.id && d.target === 'notifyShopper')!;
    expect(delivery.attempts).toBe(2);
    expect(await outboxOf(shopper.email)).toHaveLength(1);
    expect(await outboxOf(shopper.phone)).toHaveLength(1);
  });

  it('only the channels the token carried: no phone → email only', async () => {
    const shopper = await contactableShopper({ email: true, phone: false });
    const order = await placeOrder(shopper);
    await pay(shopper, order.orderId, order.payment!.razorpayOrderId);
    await notified(order.orderId, 'confirmed');
    expect(await outboxOf(shopper.email)).toHaveLength(1);
    expect(await outboxOf(shopper.phone)).toHaveLength(0);
  });

  it('a cancelled unpaid order: "cancelled", nothing charged', async () => {
    const shopper = await contactableShopper();
    const order = await placeOrder(shopper);
    const cancelled = await api().post(`/orders/${order.orderId}/cancel`, { token: shopper.token });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBeLessThan(300);
    await notified(order.orderId, 'cancelled');
    const [email] = await outboxOf(shopper.email);
    expect(email!.subject).toBe(`Order ${order.orderNumber} cancelled`);
    expect(email!.body).toContain('You were not charged.');
    const [sms] = await outboxOf(shopper.phone);
    expect(sms!.body).toBe(`Order ${order.orderNumber} was cancelled. You were not charged.`);
  });

  it('the payment window closes unpaid: payment_failed by email and SMS', async () => {
    process.env.PAYMENT_WINDOW_SECONDS = '1';
    try {
      const shopper = await contactableShopper();
      const placed = await checkoutAs(api(), shopper.token, randomUUID(), { deliveryAddress: FAR_ADDRESS });
      const orderId = placed.body.orderId as string;
      await waitForOrder(orderId, hasStatus('payment_failed'));
      await notified(orderId, 'payment_failed');
      const [email] = await outboxOf(shopper.email);
      expect(email!.subject).toBe(`Payment for order ${placed.body.orderNumber} did not go through`);
      const [sms] = await outboxOf(shopper.phone);
      expect(sms!.body).toContain(`${placed.body.orderNumber} did not go through`);
    } finally {
      delete process.env.PAYMENT_WINDOW_SECONDS;
    }
  });

  it('rider_assigned names the rider; delivered says so; each once', async () => {
    const shopper = await contactableShopper();
    // Its own area, far from the other tests' orders, with a rider 2 km from the address.
    const address = { ...ADDRESS, lat: 20.5, lng: 78.9 };
    const rider = await signDevToken(`rider-${randomUUID().slice(0, 8)}`, 'rider', 3600, {
      name: 'Ravi Kumar',
    });
    const available = await api().put('/rider/availability', {
      token: rider,
      body: { available: true, location: { lat: address.lat + 0.018, lng: address.lng } },
    });
    expect(available.status, JSON.stringify(available.body)).toBe(200);
    const order = await placeOrder(shopper, address);
    await pay(shopper, order.orderId, order.payment!.razorpayOrderId);
    await notified(order.orderId, 'rider_assigned');
    for (const status of ['picked_up', 'out_for_delivery', 'delivered']) {
      const res = await api().post(`/rider/orders/${order.orderId}/status`, {
        token: rider,
        body: { status },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await notified(order.orderId, 'delivered');

    const emails = await outboxOf(shopper.email);
    expect(emails.map((m) => m.subject)).toEqual([
      `Order ${order.orderNumber} delivered`,
      `Ravi Kumar is bringing order ${order.orderNumber}`,
      expect.stringContaining(`Order ${order.orderNumber} confirmed`),
    ]);
    const texts = await outboxOf(shopper.phone);
    expect(texts.map((m) => m.body)).toEqual([
      `Order ${order.orderNumber} was delivered. Enjoy!`,
      expect.stringMatching(
        new RegExp(`^Ravi Kumar is bringing order ${order.orderNumber}, arriving in about \\d+ min\\.$`),
      ),
      expect.stringContaining(`Order ${order.orderNumber} confirmed`),
    ]);
  });
});

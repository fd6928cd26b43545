// Payment confirmation as clients see it: POST /payments/verify with the Checkout triple, signed
// Razorpay webhooks (duplicated, reordered, racing the verify call, arriving late) and shopper
// cancel — through the local HTTP API, the saga on the local Step Functions endpoint and the
// Razorpay double. Each path ends with one effect and the stock invariant intact.
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { readOrder } from '../../functions/core/orders';
import { MAX_RECORDED_FAILED_ATTEMPTS } from '../../functions/core/orders/payment-signals';
import { signWebhook } from '../../functions/core/payments';
import { tokenFor } from '../support/api';
import { hasStatus, stockOf, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { checkoutTriple, paidOrder, placedOrder } from '../support/orders';

const shop = useCheckoutSystem();
const api = () => shop.api();
const razorpay = () => shop.razorpay();

// Ten on the shelf at ₹60 each; the local system sends the double's webhooks to its own gateway.
const PRODUCT = { stock: 10, price: 6000 };
const awaitingPayment = (quantity = 1) => placedOrder(shop, { quantity, product: PRODUCT });
const confirmedOrder = (quantity: number) => paidOrder(shop, { via: 'verify', quantity, product: PRODUCT });

const confirmations = async (orderId: string) => {
  await shop.settled();
  return shop.published.filter((e) => e.detail.orderId === orderId && e.detail.status === 'confirmed').length;
};

const verify = (token: string, body: Record<string, unknown>) =>
  api().post('/payments/verify', { token, body });

describe('POST /payments/verify', () => {
  it('confirms the order with the triple Checkout hands the client', async () => {
    const o = await awaitingPayment(2);
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { drop: true } });
    const res = await verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.orderId).toBe(o.orderId);
    const confirmed = await waitForOrder(o.orderId, hasStatus('confirmed'));
    expect(confirmed.payment).toMatchObject({ status: 'captured', paymentId: paid.razorpay_payment_id });
    // docs/api.md: once captured, the order shows how it was paid and when.
    const shown = await api().get(`/orders/${o.orderId}`, { token: o.token });
    expect(shown.body.payment).toMatchObject({
      status: 'captured',
      method: 'upi',
      capturedAt: expect.any(String),
    });
    expect(await stockOf(api(), o.productId)).toMatchObject({ available: 8, reserved: 0, sold: 2 });
    // The same triple again changes nothing.
    const again = await verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('confirmed');
    expect(await confirmations(o.orderId)).toBe(1);
  });

  it('keeps what the shopper put in the cart after checking out', async () => {
    const o = await awaitingPayment(2);
    const later = await shop.product({ stock: 5 });
    const added = await api().post('/cart/items', {
      token: o.token,
      body: { productId: later.productId, quantity: 1 },
    });
    expect(added.status).toBe(200);
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { drop: true } });
    expect((await verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) })).status).toBe(200);
    await waitForOrder(o.orderId, hasStatus('confirmed'));
    const cart = await api().get('/cart', { token: o.token });
    expect(cart.body.items.map((line: { productId: string }) => line.productId)).toEqual([later.productId]);
  });

  it('refuses a bad signature, someone else’s order and a malformed body', async () => {
    const o = await awaitingPayment();
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { drop: true } });
    const forged = await verify(o.token, {
      orderId: o.orderId,
      ...checkoutTriple(paid),
      razorpay_signature: 'f'.repeat(64),
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('INVALID_SIGNATURE');
    const shortSignature = await verify(o.token, {
      orderId: o.orderId,
      ...checkoutTriple(paid),
      razorpay_signature: 'ab',
    });
    expect(shortSignature.body.error.code).toBe('INVALID_SIGNATURE');

    const stranger = await verify(await tokenFor('shopper'), { orderId: o.orderId, ...checkoutTriple(paid) });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('NOT_FOUND');

    const malformed = await verify(o.token, { orderId: o.orderId, razorpay_order_id: 5 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');

    // Nothing was lost: the real triple still confirms it.
    expect((await verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) })).status).toBe(200);
    await waitForOrder(o.orderId, hasStatus('confirmed'));
  });
});

describe('POST /webhooks/razorpay', () => {
  it('refuses an unsigned or tampered body with 400 INVALID_SIGNATURE', async () => {
    const body = JSON.stringify({ event: 'payment.captured', payload: {}, created_at: 1 });
    const unsigned = await api().post('/webhooks/razorpay', {
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.code).toBe('INVALID_SIGNATURE');
    const tampered = await api().post('/webhooks/razorpay', {
      rawBody: `${body} `,
      headers: {
        'content-type': 'application/json',
        'x-razorpay-signature': signWebhook(body, razorpay().webhookSecret),
      },
    });
    expect(tampered.status).toBe(400);
  });

  it('acknowledges (200) a signed event it does not act on, and a signed body that is no event', async () => {
    const ignored = JSON.stringify({ event: 'refund.processed', payload: {}, created_at: 1 });
    const res = await postSigned(ignored, randomUUID());
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ignored');
    const notAnEvent = await postSigned('{"hello":"world"}', randomUUID());
    expect(notAnEvent.status).toBe(200);
    expect(notAnEvent.body).toEqual({ status: 'ignored', event: 'unreadable' });
  });

  it('ignores (200, not 500) a signed payment for a Razorpay order that is not ours or unknown to Razorpay', async () => {
    const payment = { id: 'pay_fuzz', amount: 100, currency: 'INR', status: 'captured' };
    const order = (notes: unknown) => ({
      id: 'order_fuzz',
      amount: 100,
      currency: 'INR',
      status: 'paid',
      notes,
    });
    const event = (paymentEntity: object, orderEntity?: object) =>
      JSON.stringify({
        event: 'payment.captured',
        payload: {
          payment: { entity: paymentEntity },
          ...(orderEntity ? { order: { entity: orderEntity } } : {}),
        },
        created_at: 1,
      });
    for (const body of [
      event({ ...payment, order_id: 'order_NoSuchOrder1' }), // Razorpay answers 400 to the fetch
      event({ ...payment, order_id: '../x' }), // … and 404
      event({ ...payment, order_id: 'order_fuzz' }, order({ orderId: 'x'.repeat(3000) })),
      event({ ...payment, order_id: 'order_fuzz' }, order({ orderId: '' })),
    ]) {
      const res = await postSigned(body, randomUUID());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ status: 'ignored', event: 'payment.captured' });
    }
  });

  it('deduplicates an event id too long for a DynamoDB key instead of failing with 500', async () => {
    const body = JSON.stringify({ event: 'refund.processed', payload: {}, created_at: 1 });
    const eventId = `evt_${'x'.repeat(3000)}`;
    const first = await postSigned(body, eventId);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.status).toBe('ignored');
    const again = await postSigned(body, eventId);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
  });

  it('confirms the order from the signed webhooks alone, without a verify call', async () => {
    const o = await paidOrder(shop, { via: 'webhook', quantity: 2, product: PRODUCT });
    expect(o.order.payment).toMatchObject({ status: 'captured', paymentId: o.paid.razorpay_payment_id });
    expect(await stockOf(api(), o.productId)).toMatchObject({ available: 8, reserved: 0, sold: 2 });
    // The execution has ended, so nothing more can be published for it.
    expect((await shop.sfn().waitForExecution(shop.executionArn(o.orderId))).status).toBe('SUCCEEDED');
    expect(await confirmations(o.orderId)).toBe(1);
  });

  it('confirms once when the webhooks arrive three times each and in reverse order', async () => {
    const o = await awaitingPayment();
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { duplicates: 3, reverse: true } });
    const deliveries = await paid.webhooks;
    expect(deliveries.length).toBeGreaterThanOrEqual(6);
    expect(deliveries.every((d) => d.delivered && d.attempts.at(-1) === 200)).toBe(true);
    await waitForOrder(o.orderId, hasStatus('confirmed'));
    await settle();
    expect(await confirmations(o.orderId)).toBe(1);
    expect(await stockOf(api(), o.productId)).toMatchObject({ reserved: 0, sold: 1 });
  });

  it('confirms once when verify and the webhooks race', async () => {
    const o = await awaitingPayment();
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { concurrent: true } });
    const [res] = await Promise.all([
      verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) }),
      paid.webhooks,
    ]);
    expect(res.status).toBe(200);
    await waitForOrder(o.orderId, hasStatus('confirmed'));
    await settle();
    expect(await confirmations(o.orderId)).toBe(1);
  });

  it('records a failed attempt and keeps waiting; a retry then succeeds', async () => {
    const o = await awaitingPayment();
    await razorpay().pay(o.razorpayOrderId, 'failure').webhooks;
    const waiting = await waitForOrder(
      o.orderId,
      (order) => (order.payment?.failedAttempts?.length ?? 0) === 1,
    );
    expect(waiting.status).toBe('awaiting_payment');
    const notes = await api().get('/notifications', { token: o.token });
    expect(notes.body.items.some((n: { type: string }) => n.type === 'payment.failed')).toBe(true);

    await razorpay().pay(o.razorpayOrderId, 'success').webhooks;
    await waitForOrder(o.orderId, hasStatus('confirmed'));
  });

  it('acknowledges a signed capture of a payment Razorpay does not know, on an ended order: nothing to refund', async () => {
    const o = await awaitingPayment();
    await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    await waitForOrder(o.orderId, hasStatus('cancelled'));
    // Signed, for our order, but naming a payment Razorpay does not know: it holds no money, so
    // there is nothing to refund (and no refund to be refused).
    const body = JSON.stringify({
      entity: 'event',
      event: 'payment.captured',
      payload: {
        payment: {
          entity: {
            id: 'pay_unknown000001',
            order_id: o.razorpayOrderId,
            amount: 6000,
            currency: 'INR',
            status: 'captured',
          },
        },
        order: {
          entity: {
            id: o.razorpayOrderId,
            amount: 6000,
            currency: 'INR',
            status: 'paid',
            notes: { orderId: o.orderId },
          },
        },
      },
      created_at: Math.floor(Date.now() / 1000),
    });
    const res = await postSigned(body, randomUUID());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'processed', outcome: 'closed' });
    expect((await api().get(`/orders/${o.orderId}`, { token: o.token })).body.status).toBe('cancelled');
  });

  it('keeps at most MAX_RECORDED_FAILED_ATTEMPTS failed attempts, so retries cannot grow the order without end', async () => {
    // Each failed attempt is appended to the order; past DynamoDB's 400 KB item every write to it
    // (the capture, the close) would fail. The list is seeded full rather than failed 100 times.
    const o = await awaitingPayment();
    await seedFailedAttempts(o.orderId, MAX_RECORDED_FAILED_ATTEMPTS);
    const failed = razorpay().pay(o.razorpayOrderId, 'failure', { webhooks: { drop: true } });
    const res = await postSigned(failedEvent(o.razorpayOrderId, failed), randomUUID());
    expect(res.status).toBe(200);
    const order = await readOrder(o.orderId);
    expect(order!.payment!.failedPaymentIds).toHaveLength(MAX_RECORDED_FAILED_ATTEMPTS);
    expect(order!.payment!.failedPaymentIds).not.toContain(failed.razorpay_payment_id);
    const notes = await api().get('/notifications', { token: o.token });
    expect(notes.body.items.filter((n: { type: string }) => n.type === 'payment.failed')).toEqual([]);
    // The order still takes a payment.
    const paid = razorpay().pay(o.razorpayOrderId, 'success', { webhooks: { drop: true } });
    expect((await verify(o.token, { orderId: o.orderId, ...checkoutTriple(paid) })).status).toBe(200);
    await waitForOrder(o.orderId, hasStatus('confirmed'));
  });

  it('records one of two concurrent failures at 99 and cuts a long reason without splitting a character', async () => {
    // The cap's condition is on the write itself, so two failures racing for the 100th place record
    // one. The reason is cut at 200 UTF-16 units; cut inside an emoji, half of it (a lone surrogate)
    // was stored and sent to the shopper: not valid Unicode, refused by strict JSON decoders.
    const o = await awaitingPayment();
    await seedFailedAttempts(o.orderId, MAX_RECORDED_FAILED_ATTEMPTS - 1);
    const reason = `${'x'.repeat(199)}😀 and more`;
    const failures = [1, 2].map(() =>
      razorpay().pay(o.razorpayOrderId, 'failure', { webhooks: { drop: true } }),
    );
    const answers = await Promise.all(
      failures.map((f) => postSigned(failedEvent(o.razorpayOrderId, f, reason), randomUUID())),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const order = await readOrder(o.orderId);
    expect(order!.payment!.failedPaymentIds).toHaveLength(MAX_RECORDED_FAILED_ATTEMPTS);
    const recorded = order!.payment!.failedAttempts!.at(-1)!;
    expect(failures.map((f) => f.razorpay_payment_id)).toContain(recorded.paymentId);
    expect(recorded.reason).toBe('x'.repeat(199));
    const notes = (await api().get('/notifications', { token: o.token })).body.items;
    const failedNotes = notes.filter((n: { type: string }) => n.type === 'payment.failed');
    expect(failedNotes).toHaveLength(1);
    expect(failedNotes[0].message).not.toMatch(/\p{Cs}/u); // no lone surrogate
    await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    await waitForOrder(o.orderId, hasStatus('cancelled'));
  });

  it('records a failed attempt once when its webhooks arrive concurrently under different event ids', async () => {
    const o = await awaitingPayment();
    const failed = razorpay().pay(o.razorpayOrderId, 'failure', { webhooks: { drop: true } });
    const body = failedEvent(o.razorpayOrderId, failed);
    const answers = await Promise.all(Array.from({ length: 8 }, () => postSigned(body, randomUUID())));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const order = await waitForOrder(o.orderId, (x) => (x.payment?.failedAttempts?.length ?? 0) > 0);
    expect(order.payment!.failedAttempts).toHaveLength(1);
    const notes = await api().get('/notifications', { token: o.token });
    expect(notes.body.items.filter((n: { type: string }) => n.type === 'payment.failed')).toHaveLength(1);
    await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    await waitForOrder(o.orderId, hasStatus('cancelled'));
  });

  it('refunds a capture that arrives after the order was cancelled', async () => {
    const o = await awaitingPayment();
    const cancelled = await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    expect(cancelled.status).toBe(200);
    await waitForOrder(o.orderId, hasStatus('cancelled'));
    expect(await stockOf(api(), o.productId)).toMatchObject({ reserved: 0, sold: 0 });

    const late = razorpay().pay(o.razorpayOrderId, 'success');
    const deliveries = await late.webhooks;
    expect(deliveries.every((d) => d.delivered && d.attempts.at(-1) === 200)).toBe(true);
    const refunded = await waitForOrder(o.orderId, (order) => (order.payment?.refunds?.length ?? 0) === 1);
    expect(refunded.status).toBe('cancelled');
    expect(refunded.payment!.refunds![0]).toMatchObject({
      paymentId: late.razorpay_payment_id,
      amount: late.payment.amount,
    });
    expect(razorpay().store.payment(late.razorpay_payment_id)?.amount_refunded).toBe(late.payment.amount);
  });
});

describe('POST /orders/{orderId}/cancel', () => {
  it('after confirmation and before pickup: cancelled, stock returned, money refunded', async () => {
    const o = await confirmedOrder(3);
    const { paid } = o;

    const res = await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.payment.status).toBe('refunded');
    expect(await stockOf(api(), o.productId)).toMatchObject({ available: 10, reserved: 0, sold: 0 });
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(paid.payment.amount);
    // docs/api.md: the `cancelled` notification carries the amount refunded, in-app as by email.
    const notes = (await api().get('/notifications', { token: o.token })).body.items;
    const cancelledNote = notes.find((n: { type: string }) => n.type === 'order.cancelled');
    expect(cancelledNote.message).toContain(`₹${(paid.payment.amount / 100).toFixed(2)} is being refunded`);

    const again = await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    expect(again.status).toBe(200);
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(paid.payment.amount);
  });

  it('with Razorpay briefly down: cancelled at once, the refund finished by the cancelled-order settlement', async () => {
    const o = await confirmedOrder(1);
    const { paid } = o;
    // Nothing else may be talking to Razorpay when the one failure is injected.
    await shop.localSystem().eventBridge.idle();
    await razorpay().webhooksSettled();

    // Two failures: the cancel's own refund and the settlement's first try (they race: the
    // `cancelled` event is published before the cancel refunds); the settlement's retry succeeds.
    razorpay().failNextApiCalls(2, 503);
    const res = await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.payment.status).toBe('captured');

    const settled = await waitForOrder(o.orderId, (order) => order.payment?.status === 'refunded');
    expect(settled.payment!.refunds).toHaveLength(1);
    expect(razorpay().store.payment(paid.razorpay_payment_id)?.amount_refunded).toBe(paid.payment.amount);
    expect(await stockOf(api(), o.productId)).toMatchObject({ available: 10, sold: 0 });
  });

  it('is a 404 for someone else’s order', async () => {
    const o = await awaitingPayment();
    const res = await api().post(`/orders/${o.orderId}/cancel`, { token: await tokenFor('shopper') });
    expect(res.status).toBe(404);
    await api().post(`/orders/${o.orderId}/cancel`, { token: o.token });
    await waitForOrder(o.orderId, hasStatus('cancelled'));
  });
});

/** Writes `count` earlier declined attempts onto the order, as if its shopper had failed that often. */
async function seedFailedAttempts(orderId: string, count: number) {
  const seeded = Array.from({ length: count }, (_, i) => `pay_seeded${i}`);
  const at = new Date().toISOString();
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('orders'),
      Key: { orderId },
      UpdateExpression: 'SET payment.failedPaymentIds = :ids, payment.failedAttempts = :attempts',
      ExpressionAttributeValues: {
        ':ids': seeded,
        ':attempts': seeded.map((paymentId) => ({ paymentId, reason: 'declined', at })),
      },
    }),
  );
}

/** The signed-webhook body Razorpay sends for a failed payment. */
function failedEvent(
  razorpayOrderId: string,
  failed: ReturnType<ReturnType<typeof razorpay>['pay']>,
  reason = 'declined',
) {
  return JSON.stringify({
    entity: 'event',
    event: 'payment.failed',
    payload: {
      payment: {
        entity: {
          id: failed.razorpay_payment_id,
          order_id: razorpayOrderId,
          amount: failed.payment.amount,
          currency: 'INR',
          status: 'failed',
          error_description: reason,
        },
      },
    },
    created_at: Math.floor(Date.now() / 1000),
  });
}

function postSigned(rawBody: string, eventId: string) {
  return api().post('/webhooks/razorpay', {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-razorpay-signature': signWebhook(rawBody, razorpay().webhookSecret),
      'x-razorpay-event-id': eventId,
    },
  });
}

/** Lets any straggling signal finish before counting effects. */
const settle = () => new Promise((r) => setTimeout(r, 300));

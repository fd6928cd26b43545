// The double's webhooks, received by a tiny local server: signed raw bodies, stable event ids,
// the events Razorpay sends per outcome, and the duplicate / reorder / delay / drop / retry switches.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOrder,
  parseWebhookEvent,
  refundPayment,
  verifyWebhookSignature,
} from '../../functions/core/payments';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

interface Received {
  eventId: string;
  signature: string;
  contentType: string;
  body: string;
  event: string;
}

let receiver: Server;
let received: Received[] = [];
/** Status the receiver answers with for the next deliveries (then 200). */
let failNext: number[] = [];

const double = useRazorpayDouble({ webhookRetry: { attempts: 3, delayMs: 10 } });

beforeAll(async () => {
  await useFreshTables(); // the gateway's breaker lives in the control table
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    received.push({
      eventId: String(req.headers['x-razorpay-event-id']),
      signature: String(req.headers['x-razorpay-signature']),
      contentType: String(req.headers['content-type']),
      body,
      event: JSON.parse(body).event,
    });
    res.writeHead(failNext.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  double().setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/razorpay`);
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  received = [];
  failNext = [];
});

const newOrder = (amount = 9000) => createOrder({ amount, receipt: 'wh' });

describe('webhooks from the double', () => {
  it('on success sends payment.authorized, payment.captured, order.paid: signed, JSON, one id each', async () => {
    const order = await newOrder();
    const paid = double().pay(order.id, 'success');
    await paid.webhooks;
    expect(received.map((r) => r.event)).toEqual(['payment.authorized', 'payment.captured', 'order.paid']);
    for (const r of received) {
      expect(r.contentType).toBe('application/json');
      expect(verifyWebhookSignature(r.body, r.signature, TEST_KEYS.webhookSecret)).toBe(true);
      expect(parseWebhookEvent(r.body).payload.payment?.entity.id).toBe(paid.razorpay_payment_id);
    }
    expect(new Set(received.map((r) => r.eventId)).size).toBe(3);
    const [authorized, captured, orderPaid] = received.map((r) => parseWebhookEvent(r.body));
    expect(authorized!.payload.payment!.entity.status).toBe('authorized');
    expect(captured!.payload.payment!.entity.status).toBe('captured');
    expect(orderPaid!.payload.order!.entity).toMatchObject({
      id: order.id,
      status: 'paid',
      amount_paid: 9000,
    });
  });

  it('on failure sends payment.failed only', async () => {
    const order = await newOrder();
    const failed = double().pay(order.id, 'failure');
    await failed.webhooks;
    expect(received.map((r) => r.event)).toEqual(['payment.failed']);
    expect(parseWebhookEvent(received[0]!.body).payload.payment!.entity).toMatchObject({
      id: failed.razorpay_payment_id,
      status: 'failed',
      error_code: 'BAD_REQUEST_ERROR',
    });
  });

  it('leaves the payment authorized when asked, and sends captured + order.paid on capture', async () => {
    const order = await newOrder();
    const paid = double().pay(order.id, 'success', { capture: false });
    await paid.webhooks;
    expect(received.map((r) => r.event)).toEqual(['payment.authorized']);
    await double().capture(paid.razorpay_payment_id).webhooks;
    expect(received.map((r) => r.event)).toEqual(['payment.authorized', 'payment.captured', 'order.paid']);
  });

  it('pays a tampered amount when asked (for the amount-mismatch path)', async () => {
    const order = await newOrder(9000);
    await double().pay(order.id, 'success', { amount: 100 }).webhooks;
    const orderPaid = parseWebhookEvent(received.find((r) => r.event === 'order.paid')!.body);
    expect(orderPaid.payload.payment!.entity.amount).toBe(100);
    expect(orderPaid.payload.order!.entity.amount).toBe(9000);
  });

  it('duplicates each event with the same id and the same signed body', async () => {
    const order = await newOrder();
    await double().pay(order.id, 'failure', { webhooks: { duplicates: 2 } }).webhooks;
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.eventId)).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
  });

  it('reverses the order, delays, or drops the batch', async () => {
    const order = await newOrder();
    await double().pay(order.id, 'success', { webhooks: { reverse: true } }).webhooks;
    expect(received.map((r) => r.event)).toEqual(['order.paid', 'payment.captured', 'payment.authorized']);

    received = [];
    const [first, second] = [await newOrder(), await newOrder()];
    const delayed = double().pay(first.id, 'failure', { webhooks: { delayMs: 300 } });
    const prompt = double().pay(second.id, 'failure');
    await Promise.all([delayed.webhooks, prompt.webhooks]);
    expect(received.map((r) => parseWebhookEvent(r.body).payload.payment!.entity.id)).toEqual([
      prompt.razorpay_payment_id,
      delayed.razorpay_payment_id,
    ]);

    received = [];
    const dropped = await double().pay((await newOrder()).id, 'success', { webhooks: { drop: true } })
      .webhooks;
    await double().webhooksSettled();
    expect(received).toHaveLength(0);
    expect(dropped.every((d) => !d.delivered && d.attempts.length === 0)).toBe(true);
  });

  it('retries a delivery answered non-2xx, with the same event id, up to its bound', async () => {
    failNext = [500, 503];
    const [delivery] = await double().pay((await newOrder()).id, 'failure').webhooks;
    expect(delivery).toMatchObject({ delivered: true, attempts: [500, 503, 200] });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.eventId)).size).toBe(1);

    received = [];
    failNext = [500, 500, 500, 500];
    const [givenUp] = await double().pay((await newOrder()).id, 'failure').webhooks;
    expect(givenUp).toMatchObject({ delivered: false, attempts: [500, 500, 500] });
    expect(received).toHaveLength(3);
  });

  it('sends refund.processed when a refund is made through the API', async () => {
    const order = await newOrder();
    const paid = double().pay(order.id, 'success');
    await paid.webhooks;
    received = [];
    await refundPayment(paid.razorpay_payment_id, { amount: 9000, receipt: 'refund-wh' });
    await double().webhooksSettled();
    expect(received.map((r) => r.event)).toEqual(['refund.processed']);
    expect(parseWebhookEvent(received[0]!.body).payload.refund!.entity).toMatchObject({
      payment_id: paid.razorpay_payment_id,
      amount: 9000,
      receipt: 'refund-wh',
    });
  });
});

describe('control API over HTTP', () => {
  it('pays, and injects faults the SDK then sees', async () => {
    const order = await newOrder(5000);
    const res = await fetch(`${double().url}/_control/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ razorpay_order_id: order.id, outcome: 'success' }),
    });
    const triple: any = await res.json();
    expect(res.status).toBe(200);
    expect(Object.keys(triple).sort()).toEqual([
      'outcome',
      'razorpay_order_id',
      'razorpay_payment_id',
      'razorpay_signature',
    ]);
    await double().webhooksSettled();

    const unknown = await fetch(`${double().url}/_control/pay`, {
      method: 'POST',
      body: JSON.stringify({ razorpay_order_id: 'order_nope', outcome: 'success' }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error.code).toBe('BAD_REQUEST_ERROR');

    await fetch(`${double().url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'status', status: 502, count: 1 }),
    });
    await expect(newOrder()).rejects.toMatchObject({
      name: 'PaymentProviderUnavailableError',
      statusCode: 502,
    });
    const requests: any = await (await fetch(`${double().url}/_control/requests`)).json();
    expect(requests.requests.at(-1)).toEqual({ method: 'POST', path: '/v1/orders' });
  });
});

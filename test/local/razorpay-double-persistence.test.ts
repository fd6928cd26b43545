// The Razorpay double across restarts: its account (orders, payments, refunds) is kept in its data
// dir, and webhooks it had not delivered are sent again, with the same event ids, by the next run.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RazorpayDouble, startRazorpayDouble } from '../../local/razorpay-double';
import { TEST_KEYS } from '../support/razorpay';

const dataDir = mkdtempSync(join(tmpdir(), 'qc-rzp-'));
let receiver: Server;
let receiverUrl: string;
/** The app behind the webhook URL: down (503) or up (200). */
let appUp = false;
const received: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    if (appUp) received.push(String(req.headers['x-razorpay-event-id']));
    res.writeHead(appUp ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/razorpay`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

const startDouble = () =>
  startRazorpayDouble({
    ...TEST_KEYS,
    webhookUrl: receiverUrl,
    webhookRetry: { attempts: 2, delayMs: 5 },
    dataDir,
  });

describe('the Razorpay double on a data dir', () => {
  let first: RazorpayDouble;
  let orderId: string;
  let paymentId: string;
  let undelivered: string[];

  it('writes its account and the webhooks it could not deliver', async () => {
    appUp = false;
    first = await startDouble();
    orderId = first.store.createOrder({ amount: 9000, receipt: 'persist' }).id;
    const paid = first.pay(orderId, 'success');
    paymentId = paid.razorpay_payment_id;
    const deliveries = await paid.webhooks;
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => !d.delivered)).toBe(true);
    undelivered = deliveries.map((d) => d.eventId);
    await first.stop(); // as good as a crash: nothing is written on stop

    expect(readdirSync(dataDir).sort()).toEqual(['account.json', 'webhook-outbox.json']);
    const outbox = JSON.parse(readFileSync(join(dataDir, 'webhook-outbox.json'), 'utf8'));
    expect(outbox.map((e: { eventId: string }) => e.eventId).sort()).toEqual([...undelivered].sort());
  });

  it('starts again with the same orders and payments, and redelivers what was not delivered', async () => {
    appUp = true;
    const second = await startDouble();
    try {
      expect(second.store.order(orderId)).toMatchObject({ status: 'paid', amount_paid: 9000 });
      expect(second.store.payment(paymentId)).toMatchObject({ status: 'captured', order_id: orderId });
      await second.webhooksSettled();
      expect([...received].sort()).toEqual([...undelivered].sort());
      expect(JSON.parse(readFileSync(join(dataDir, 'webhook-outbox.json'), 'utf8'))).toEqual([]);
      // A refund made now is kept too.
      const refund = second.store.refund(paymentId, { amount: 9000 });
      await second.webhooksSettled();
      await second.stop();

      const third = await startDouble();
      await third.webhooksSettled();
      expect(third.store.payment(paymentId)).toMatchObject({ status: 'refunded', amount_refunded: 9000 });
      expect(third.store.paymentRefunds(paymentId).map((r) => r.id)).toEqual([refund.id]);
      expect(received).toHaveLength(undelivered.length); // nothing sent twice
      await third.stop();
    } finally {
      await second.stop().catch(() => {});
    }
    expect(existsSync(join(dataDir, 'account.json'))).toBe(true);
  });
});

// The whole checkout flow under a rush on one hot product, end to end through the local system
// (HTTP gateway, the saga on the local Step Functions endpoint, the Razorpay double, DynamoDB Local
// in memory): each shopper adds 1 hot unit and an ordinary item, checks out with an
// Idempotency-Key, pays through the double, POSTs /payments/verify and waits for `confirmed` (or
// ends `rejected` / refused when the hot product runs out). Saga retries run at real timing, and
// Razorpay's webhooks race the verify call as they do in production.
// Prints figures, including whether the hot product was oversold; not a pass/fail test.
// Run: npx tsx bench/checkout-flow.ts [shoppers=200] [stock=120] [concurrency=32]
import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { apiCaller } from './support/api-caller';
import { startBenchSystem } from './support/local-system';

const shoppers = Number(process.argv[2] ?? 200);
const stock = Number(process.argv[3] ?? 120);
const concurrency = Number(process.argv[4] ?? 32);
/** Per wait (a status, a webhook settle); the whole run is also bounded by WATCHDOG_MS. */
const WAIT_MS = 60_000;
const WATCHDOG_MS = 15 * 60_000;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
// Metrics would print EMF lines to stdout on every transition.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// Imported after the environment is set: the logger reads it once.
const { signDevToken } = await import('../local/dev/auth');
const { countStateTransitions } = await import('../local/emulators/step-functions');

/** `promise`, or nothing after `ms` (the timer is cleared either way, so it never holds the process). */
async function within(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};
const ms = (v: number) => (Number.isNaN(v) ? '   n/a' : `${v.toFixed(0).padStart(6)} ms`);
const latencyLine = (label: string, values: number[]) =>
  `${label.padEnd(34)} n=${String(values.length).padStart(4)}   p50 ${ms(percentile(values, 0.5))}   ` +
  `p95 ${ms(percentile(values, 0.95))}   max ${ms(values.length ? Math.max(...values) : Number.NaN)}`;

const startedAt = performance.now();
const system = await startBenchSystem(WATCHDOG_MS);

const { call, orderWithStatus, retried } = apiCaller({
  baseUrl: () => system.httpUrl,
  timeoutMs: WAIT_MS,
  attemptsWhenBusy: 5,
});
const orderStatusIs =
  (orderId: string, statuses: string[]) => (event: { 'detail-type': string; detail: any }) =>
    event['detail-type'] === 'OrderStatusChanged' &&
    event.detail.orderId === orderId &&
    statuses.includes(event.detail.status);

/**
 * Waits until the order shows one of `statuses`: the moment is when its OrderStatusChanged event
 * reaches the bus (no polling load on the system under test); the status is then read back through
 * GET /orders/{id}, the client's view, polling that if the event never came.
 */
async function waitForStatus(orderId: string, token: string, statuses: string[]) {
  const deadline = Date.now() + WAIT_MS;
  const seen = await system.eventBridge
    .waitFor(orderStatusIs(orderId, statuses), WAIT_MS)
    .then(() => performance.now())
    .catch(() => undefined);
  const order = await orderWithStatus(orderId, token, statuses, { everyMs: 100, deadline });
  return { order, at: seen ?? performance.now() };
}

// The catalog: one hot product with `stock` units, and a few ordinary ones with plenty.
const adminToken = await signDevToken('bench-admin', 'admin');
async function product(productId: string, units: number, price: number) {
  const put = await call('PUT', `/admin/products/${productId}`, adminToken, {
    name: `Bench ${productId}`,
    category: 'bench',
    price,
    mrp: price,
    unit: '1 pc',
    active: true,
    maxPerOrder: 10,
  });
  if (put.status !== 200) throw new Error(`PUT ${productId}: ${put.status} ${JSON.stringify(put.body)}`);
  const received = await call('POST', `/admin/inventory/${productId}/receive`, adminToken, {
    quantity: units,
  });
  if (received.status !== 200) throw new Error(`receive ${productId}: ${received.status}`);
}
const stockOf = async (productId: string) =>
  (await call('GET', `/admin/inventory/${productId}`, adminToken)).body as {
    available: number;
    reserved: number;
    sold: number;
    received: number;
  };

const HOT = 'hot-mango-box';
const ORDINARY = ['bench-milk', 'bench-bread', 'bench-eggs', 'bench-curd'];
await product(HOT, stock, 19_900);
for (const id of ORDINARY) await product(id, shoppers * 2, 4_500);
const ADDRESS = { line1: '12 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.59 };
const readyAt = performance.now();

type Outcome = 'confirmed' | 'rejected' | 'refused at cart' | 'refused at checkout' | 'other' | 'error';
const outcomes = new Map<Outcome, number>();
const count = (o: Outcome) => outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
const toAwaiting: number[] = [];
const toConfirmed: number[] = [];
const confirmedOrders: string[] = [];
const rejectedOrders: string[] = [];
const errors: string[] = [];
const otherStatuses: string[] = [];

async function shop(i: number): Promise<Outcome> {
  const token = await signDevToken(`bench-shopper-${i}`, 'shopper');
  const hot = await call('POST', '/cart/items', token, { productId: HOT, quantity: 1 });
  if (hot.status === 409) return 'refused at cart';
  if (hot.status !== 200) throw new Error(`add hot: ${hot.status} ${JSON.stringify(hot.body)}`);
  const ordinary = ORDINARY[i % ORDINARY.length]!;
  const other = await call('POST', '/cart/items', token, { productId: ordinary, quantity: 1 });
  if (other.status !== 200) throw new Error(`add ${ordinary}: ${other.status} ${JSON.stringify(other.body)}`);

  const t0 = performance.now();
  const idempotency = { 'idempotency-key': randomUUID() };
  const placed = await call('POST', '/checkout', token, { deliveryAddress: ADDRESS }, idempotency);
  if (placed.status === 409) return 'refused at checkout';
  if (placed.status !== 202) throw new Error(`checkout: ${placed.status} ${JSON.stringify(placed.body)}`);
  const orderId: string = placed.body.orderId;
  const waiting = await waitForStatus(orderId, token, ['awaiting_payment', 'rejected']);
  if (waiting.order.status === 'rejected') {
    rejectedOrders.push(orderId);
    return 'rejected';
  }
  toAwaiting.push(waiting.at - t0);

  const t1 = performance.now();
  const paid = system.razorpay.pay(waiting.order.payment.razorpayOrderId, 'success');
  if (paid.outcome !== 'success') throw new Error(`pay: ${paid.outcome}`);
  const verified = await call('POST', '/payments/verify', token, {
    orderId,
    razorpay_order_id: paid.razorpay_order_id,
    razorpay_payment_id: paid.razorpay_payment_id,
    razorpay_signature: paid.razorpay_signature,
  });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  const done = await waitForStatus(orderId, token, ['confirmed', 'payment_failed', 'cancelled']);
  if (done.order.status !== 'confirmed') {
    otherStatuses.push(`${orderId}: ${done.order.status}`);
    return 'other';
  }
  toConfirmed.push(done.at - t1);
  confirmedOrders.push(orderId);
  return 'confirmed';
}

try {
  console.log(
    `${shoppers} shoppers (${concurrency} at a time) for ${stock} units of one hot product, ` +
      `each also buying 1 ordinary item; local system ready in ${((readyAt - startedAt) / 1000).toFixed(1)} s\n`,
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, shoppers) }, async () => {
      while (next < shoppers) {
        const i = next++;
        try {
          count(await shop(i));
        } catch (error) {
          count('error');
          errors.push(`shopper ${i}: ${(error as Error).message}`);
        }
      }
    }),
  );
  const rushSeconds = (performance.now() - readyAt) / 1000;
  // Let the webhooks the double sent (racing /payments/verify) land before the counters are read.
  await within(system.razorpay.webhooksSettled(), WAIT_MS);
  await within(system.eventBridge.idle(), WAIT_MS);

  const confirmed = outcomes.get('confirmed') ?? 0;
  const expected = Math.min(shoppers, stock);
  const line = (o: Outcome) => `${o} ${outcomes.get(o) ?? 0}`;
  console.log(
    `orders: ${line('confirmed')} (expected ${expected}), ${line('rejected')} (saga), ` +
      `${line('refused at cart')}, ${line('refused at checkout')}, ${line('other')}, ${line('error')}` +
      (retried() ? `   (${retried()} calls retried after 429/503)` : ''),
  );

  const hot = await stockOf(HOT);
  const balanced = hot.available + hot.reserved + hot.sold === hot.received;
  const soldMatches = hot.sold === confirmed;
  const oversold = hot.sold > stock || confirmed > stock || hot.available < 0;
  const ordinaryBalanced = (await Promise.all(ORDINARY.map(stockOf))).every(
    (s) => s.available + s.reserved + s.sold === s.received && s.available >= 0 && s.reserved >= 0,
  );
  console.log(
    `hot product: available ${hot.available} + reserved ${hot.reserved} + sold ${hot.sold} = ` +
      `${hot.available + hot.reserved + hot.sold} (received ${hot.received}); sold ${hot.sold}, confirmed units ${confirmed}`,
  );
  const verdict = oversold
    ? 'OVERSOLD'
    : balanced && soldMatches && ordinaryBalanced && confirmed === expected
      ? 'OK'
      : 'MISMATCH';
  console.log(
    `${verdict}: ${oversold ? 'more sold than received' : 'not oversold'}; counters ${balanced ? 'balance' : 'DO NOT balance'}; ` +
      `sold ${soldMatches ? '==' : '!='} confirmed; confirmed ${confirmed === expected ? '==' : '!='} min(shoppers, stock); ` +
      `ordinary products ${ordinaryBalanced ? 'balance' : 'DO NOT balance'}`,
  );

  console.log(
    `\nthroughput: ${(confirmed / rushSeconds).toFixed(1)} confirmed orders/s ` +
      `(${confirmed} in ${rushSeconds.toFixed(1)} s, from the first add-to-cart to the last shopper done)`,
  );
  console.log(latencyLine('POST /checkout → awaiting_payment', toAwaiting));
  console.log(latencyLine('pay + verify → confirmed', toConfirmed));

  const executionArn = (orderId: string) =>
    `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${orderId}`;
  const transitionsOf = async (orderId: string) => {
    const { events = [] } = await new SFNClient({}).send(
      new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000 }),
    );
    return countStateTransitions(events as { type?: string }[]);
  };
  if (confirmedOrders[0])
    console.log(`state transitions, one confirmed execution: ${await transitionsOf(confirmedOrders[0])}`);
  if (rejectedOrders[0])
    console.log(`state transitions, one rejected execution:  ${await transitionsOf(rejectedOrders[0])}`);

  for (const e of errors.slice(0, 5)) console.log(`error: ${e}`);
  for (const o of otherStatuses.slice(0, 5)) console.log(`ended otherwise: ${o}`);
} finally {
  await system.stop();
  console.log(`\nwall time: ${((performance.now() - startedAt) / 1000).toFixed(1)} s (startup included)`);
}

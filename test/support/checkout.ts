// The checkout saga for one test file: the local system (DynamoDB Local, HTTP gateway, the local
// Step Functions endpoint running statemachines/checkout.asl.json, the local EventBridge bus, the
// Razorpay double), with saga retries run a hundred times faster.
import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterEach, expect } from 'vitest';
import type { OrderStatus } from '../../contract/order-status';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { readOrder } from '../../functions/core/orders';
import type { OrderRecord } from '../../functions/core/orders/model';
import { nextOrderNumber } from '../../functions/core/orders/order-number';
import { taskTokenOf } from '../../functions/core/orders/payment-task-token';
import { countStateTransitions } from '../../local/emulators/step-functions';
import { type ApiClient, tokenFor, useLocalSystem } from './api';
import { adminTokenOnce, createProduct, type ProductSpec } from './products';

export interface PublishedEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export function useCheckoutSystem() {
  // Metrics would print EMF lines to stdout on every transition.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { api, localSystem } = useLocalSystem({ retryDelayScale: 0.01 });

  // Every product a test makes is checked afterwards: available + reserved + sold == received.
  const touched = new Set<string>();
  afterEach(async () => {
    await expectStockInvariant(api(), touched);
  });

  const executionArn = (orderId: string) =>
    `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${orderId}`;

  return {
    api,
    localSystem,
    razorpay: () => localSystem().razorpay,
    sfn: () => localSystem().stepFunctions,
    /** Every change written so far has gone through the orders stream onto the bus, and every
     *  target has handled it: what `published` shows is then complete up to now. */
    async settled(): Promise<void> {
      await localSystem().streams.caughtUp();
      await localSystem().eventBridge.idle();
    },
    /** What reached the order bus, oldest first (the events come from the orders stream: see `settled`). */
    get published(): PublishedEvent[] {
      return localSystem().eventBridge.events.map((e) => ({
        source: e.source,
        detailType: e['detail-type'],
        detail: e.detail,
      }));
    },
    /** Creates a product through the admin API; the stock invariant is checked after each test. */
    async product(spec: ProductSpec = {}) {
      const created = await createProduct(api(), spec);
      touched.add(created.productId);
      return created;
    },
    executionArn,
    async transitionsOf(orderId: string) {
      const { events = [] } = await new SFNClient({}).send(
        new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000 }),
      );
      return { count: countStateTransitions(events as { type?: string }[]), events };
    },
  };
}

export const ADDRESS = {
  line1: '12, 4th Cross, Indiranagar',
  city: 'Bengaluru',
  pincode: '560038',
  lat: 12.9719,
  lng: 77.6412,
};

/** A shopper with the given products in their cart. */
export async function shopperWithCart(api: ApiClient, lines: { productId: string; quantity: number }[]) {
  const userId = `shopper-${randomUUID().slice(0, 8)}`;
  const token = await tokenFor('shopper', userId);
  for (const line of lines) {
    const res = await api.post('/cart/items', { token, body: line });
    if (res.status !== 200) throw new Error(`add to cart: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { userId, token };
}

export const checkoutAs = (
  api: ApiClient,
  token: string,
  key: string = randomUUID(),
  body: unknown = { deliveryAddress: ADDRESS },
) => api.post('/checkout', { token, body, headers: { 'idempotency-key': key } });

/** Polls the order (straight from the table) until `done` holds. */
export async function waitForOrder(
  orderId: string,
  done: (order: OrderRecord) => boolean,
  timeoutMs = 15_000,
): Promise<OrderRecord> {
  const deadline = Date.now() + timeoutMs;
  let order: OrderRecord | undefined;
  while (Date.now() < deadline) {
    order = await readOrder(orderId);
    if (order && done(order)) return order;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`order ${orderId} did not get there in time; last seen ${JSON.stringify(order?.status)}`);
}

/** Waits until the saga sits in AwaitPayment with its token stored (the order awaiting payment);
 *  the order as it is then. */
export async function waitForPaymentTask(orderId: string, timeoutMs = 15_000): Promise<OrderRecord> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await taskTokenOf({ orderId })) return waitForOrder(orderId, hasStatus('awaiting_payment'));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`order ${orderId}: no payment task token stored in time`);
}

export const hasStatus =
  (...statuses: OrderStatus[]) =>
  (order: OrderRecord) =>
    statuses.includes(order.status);

export async function stockOf(api: ApiClient, productId: string) {
  const res = await api.get(`/admin/inventory/${productId}`, { token: await adminTokenOnce() });
  return res.body as { available: number; reserved: number; sold: number; received: number };
}

/** available + reserved + sold == received, nothing negative, for every product given. */
export async function expectStockInvariant(api: ApiClient, productIds: Iterable<string>) {
  for (const productId of productIds) {
    const s = await stockOf(api, productId);
    expect(s.available + s.reserved + s.sold, productId).toBe(s.received);
    for (const counter of [s.available, s.reserved, s.sold]) expect(counter).toBeGreaterThanOrEqual(0);
  }
}

export { createProduct, type ProductSpec };

/** A `pending` order written straight to the table (no cart check), for driving the saga directly. */
export async function seedPendingOrder(lines: { productId: string; quantity: number }[], unitPrice = 5000) {
  const userId = `shopper-${randomUUID().slice(0, 8)}`;
  const at = new Date().toISOString();
  const items = lines.map((l) => ({
    ...l,
    name: `Item ${l.productId}`,
    unitPrice,
    lineTotal: unitPrice * l.quantity,
  }));
  const subtotal = items.reduce((sum, i) => sum + i.lineTotal, 0);
  const order: OrderRecord = {
    orderId: ulid(),
    orderNumber: await nextOrderNumber(),
    userId,
    status: 'pending',
    items,
    subtotal,
    deliveryFee: 0,
    handlingFee: 500,
    total: subtotal + 500,
    currency: 'INR',
    deliveryAddress: ADDRESS,
    stock: 'none',
    timeline: [{ status: 'pending', at }],
    createdAt: at,
    updatedAt: at,
  };
  await dynamo().send(new PutCommand({ TableName: tableName('orders'), Item: order }));
  return { orderId: order.orderId, userId, order };
}

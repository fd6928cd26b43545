// What one order costs in AWS: the whole local system in this process (gateway, handlers, the
// saga on the local Step Functions endpoint, EventBridge, streams, the Razorpay double, DynamoDB
// Local), every DynamoDB call asked for its ConsumedCapacity, every Lambda invocation counted.
// Scenarios, through the public API: one order from browse to delivered (a rider, 10 locations),
// one checkout refused out of stock, one order cancelled while awaiting payment. Prints the units
// and counts per scenario, a per-call breakdown of the delivered order's writes, and $ per 1,000
// orders at ap-south-1 prices (bench/cost/prices.ts); the reconciler's per-minute run apart.
// Run: npm run bench:cost
import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { freePort } from '../local/free-port';
import { printFloor } from './cost/floor';
import { add, Meter, merged, sizeOf, Usage } from './cost/meter';
import { printBreakdown, printTable, type Scenario } from './cost/report';
import { apiCaller } from './support/api-caller';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// Imported after the environment is set: the logger reads it once.
const { startLocalSystem } = await import('../local/system');
const { signDevToken } = await import('../local/dev/auth');
const { countStateTransitions } = await import('../local/emulators/step-functions');
const { observeInvocations } = await import('../local/lambda-runtime');
const { dynamo } = await import('../functions/core/clients');
const { tableName } = await import('../functions/core/config');
const { functions } = await import('../contract/functions');
const { DEFAULT_MEMORY_MB } = await import('./cost/prices');

const WAIT_MS = 30_000;
const orderIds: Record<'delivered' | 'cancelled', string> = { delivered: '', cancelled: '' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const system = await startLocalSystem({ httpPort: 0, wsPort: 0, dynamoPort: await freePort() });
const meter = new Meter();
meter.instrument(dynamo());
const memoryOf = (name: string) =>
  (functions as Record<string, { memoryMb?: number }>)[name]?.memoryMb ?? DEFAULT_MEMORY_MB;
observeInvocations((name, ms) => meter.invocation(name, ms, memoryOf(name)));
// What the emulators hold is counted by difference around each measured step.
const counts = () => ({
  events: system.eventBridge.events.length,
  emails: system.outbox.sent.filter((m) => m.channel === 'email').length,
  sms: system.outbox.sent.filter((m) => m.channel === 'sms').length,
});

/** Everything to come from what was just done: webhooks, saga steps, streams, event targets. */
async function settle() {
  for (let round = 0; round < 3; round++) {
    await system.razorpay.webhooksSettled();
    await system.streams.caughtUp();
    await system.eventBridge.idle();
    await sleep(300);
  }
}

/** Runs `step` with everything it causes counted into `usage`. */
async function measured<T>(usage: Usage, step: () => Promise<T>): Promise<T> {
  const before = counts();
  meter.countInto(usage);
  try {
    const result = await step();
    await settle();
    return result;
  } finally {
    meter.countInto(undefined);
    const after = counts();
    usage.events += after.events - before.events;
    usage.emails += after.emails - before.emails;
    usage.sms += after.sms - before.sms;
  }
}

const { call } = apiCaller({ baseUrl: () => system.httpUrl, timeoutMs: WAIT_MS });
async function expectStatus(expected: number, res: Promise<{ status: number; body: any }>) {
  const { status, body } = await res;
  if (status !== expected) throw new Error(`expected ${expected}, got ${status} ${JSON.stringify(body)}`);
  return body;
}

const executionArn = (orderId: string) =>
  `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${orderId}`;
const statusReached = (orderId: string, status: string) =>
  system.eventBridge.waitFor(
    (e) =>
      e['detail-type'] === 'OrderStatusChanged' && e.detail.orderId === orderId && e.detail.status === status,
    WAIT_MS,
  );
async function transitionsOf(orderId: string) {
  await system.stepFunctions.waitForExecution(executionArn(orderId), WAIT_MS);
  const { events = [] } = await new SFNClient({}).send(
    new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000 }),
  );
  return countStateTransitions(events as { type?: string }[]);
}

// Setup, not counted: the catalog, a rider on duty near the shoppers.
const admin = await signDevToken('cost-admin', 'admin');
async function product(productId: string, units: number, price: number) {
  const spec = { name: `Cost ${productId}`, category: 'cost', price, mrp: price, unit: '1 pc', active: true };
  await expectStatus(200, call('PUT', `/admin/products/${productId}`, admin, { ...spec, maxPerOrder: 10 }));
  await expectStatus(200, call('POST', `/admin/inventory/${productId}/receive`, admin, { quantity: units }));
}
await product('cost-milk', 100, 3000);
await product('cost-bread', 100, 4500);
await product('cost-last-mango', 1, 19_900);
const ADDRESS = { line1: '12 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.59 };
const rider = await signDevToken('cost-rider', 'rider', 3600, {
  name: 'Ravi',
  phone_number: '+919800000001',
});
await expectStatus(
  200,
  call('PUT', '/rider/availability', rider, { available: true, location: { lat: 12.979, lng: 77.59 } }),
);
const shopper = (name: string) =>
  signDevToken(`cost-${name}`, 'shopper', 3600, {
    email: `${name}@example.com`,
    phone_number: '+919800000002',
  });
await settle();

/** A shopper's app: a WebSocket watching one order; counts the frames both ways. */
async function watch(token: string, orderId: string, usage: Usage) {
  const socket = new WebSocket(`${system.wsUrl}/?token=${encodeURIComponent(token)}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.on('message', () => usage.webSocketMessages++);
  socket.send(JSON.stringify({ action: 'subscribe', orderId }));
  usage.webSocketMessages++;
  return socket;
}

async function checkout(token: string) {
  return call('POST', '/checkout', token, { deliveryAddress: ADDRESS }, { 'idempotency-key': randomUUID() });
}
async function awaitingPayment(orderId: string, token: string) {
  await statusReached(orderId, 'awaiting_payment');
  await system.stepFunctions.waitForTaskToken(executionArn(orderId), { stateName: 'AwaitPayment' });
  return (await expectStatus(200, call('GET', `/orders/${orderId}`, token))) as any;
}

// The delivered order in two phases: to confirmed (the rider assigned on the way), then delivery.
const toConfirmed = new Usage();
const delivery = new Usage();
const deliveredToken = await shopper('delivered');
const { orderId: deliveredId, socket } = await measured(toConfirmed, async () => {
  const token = deliveredToken;
  await expectStatus(200, call('GET', '/products?category=cost', token));
  await expectStatus(200, call('POST', '/cart/items', token, { productId: 'cost-milk', quantity: 2 }));
  await expectStatus(200, call('POST', '/cart/items', token, { productId: 'cost-bread', quantity: 1 }));
  await expectStatus(200, call('GET', '/cart', token));
  const { orderId } = await expectStatus(202, checkout(token));
  const socket = await watch(token, orderId, toConfirmed);
  const order = await awaitingPayment(orderId, token);
  const paid = system.razorpay.pay(order.payment.razorpayOrderId, 'success');
  if (paid.outcome !== 'success') throw new Error(`the double refused the payment: ${paid.outcome}`);
  const assigned = statusReached(orderId, 'rider_assigned');
  await expectStatus(
    200,
    call('POST', '/payments/verify', token, {
      orderId,
      razorpay_order_id: paid.razorpay_order_id,
      razorpay_payment_id: paid.razorpay_payment_id,
      razorpay_signature: paid.razorpay_signature,
    }),
  );
  await assigned;
  toConfirmed.stateTransitions += await transitionsOf(orderId);
  return { orderId: orderId as string, socket };
});
orderIds.delivered = deliveredId;
const confirmedItem = await orderItemSize(deliveredId);
await measured(delivery, async () => {
  const move = (status: string) =>
    expectStatus(200, call('POST', `/rider/orders/${deliveredId}/status`, rider, { status }));
  // The shopper's app is still watching: what it receives now belongs to this phase.
  socket.removeAllListeners('message');
  socket.on('message', () => delivery.webSocketMessages++);
  await move('picked_up');
  await move('out_for_delivery');
  for (let i = 0; i < 10; i++) {
    const at = { orderId: deliveredId, lat: 12.979 - i * 0.0009, lng: 77.59 };
    await expectStatus(200, call('POST', '/rider/location', rider, at));
  }
  await move('delivered');
  await settle();
  socket.close();
});
const deliveredItem = await orderItemSize(deliveredId);

// Refused and cancelled interleave: the cancelled order takes the last mango the other cart holds.
const refused = new Usage();
const cancelled = new Usage();
const refusedToken = await shopper('refused');
const cancelToken = await shopper('cancelled');
await measured(refused, async () => {
  await expectStatus(200, call('GET', '/products?category=cost', refusedToken));
  await expectStatus(
    200,
    call('POST', '/cart/items', refusedToken, { productId: 'cost-last-mango', quantity: 1 }),
  );
});
const cancelledId: string = await measured(cancelled, async () => {
  await expectStatus(200, call('GET', '/products?category=cost', cancelToken));
  await expectStatus(
    200,
    call('POST', '/cart/items', cancelToken, { productId: 'cost-last-mango', quantity: 1 }),
  );
  const { orderId } = await expectStatus(202, checkout(cancelToken));
  await awaitingPayment(orderId, cancelToken);
  return orderId as string;
});
await measured(refused, async () => {
  const res = await checkout(refusedToken);
  if (res.status !== 409)
    throw new Error(`the refused checkout got ${res.status} ${JSON.stringify(res.body)}`);
});
await measured(cancelled, async () => {
  await expectStatus(200, call('POST', `/orders/${cancelledId}/cancel`, cancelToken));
  await statusReached(cancelledId, 'cancelled');
  cancelled.stateTransitions += await transitionsOf(cancelledId);
});
orderIds.cancelled = cancelledId;

// The reconciler: one run with nothing due (its per-minute floor), then once per order with that
// order's deadline moved into the past (the one settling look each order gets), less the floor.
const idleRun = new Usage();
await measured(idleRun, () => system.schedules.runNow());
for (const [usage, orderId] of [
  [delivery, orderIds.delivered],
  [cancelled, orderIds.cancelled],
] as const) {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: tableName('orders'),
        Key: { orderId },
        UpdateExpression: 'SET openDeadline = :past',
        ConditionExpression: 'attribute_exists(openDeadline)',
        ExpressionAttributeValues: { ':past': '2000-01-01T00:00:00.000Z' },
      }),
    )
    .catch(() => {}); // already unmarked: nothing for the reconciler to do
  const run = new Usage();
  await measured(run, () => system.schedules.runNow());
  addBeyond(usage, run, idleRun);
}

const scenarios: Scenario[] = [
  { name: 'to confirmed', usage: toConfirmed, webSocketMinutes: 10 },
  { name: 'delivery', usage: delivery, webSocketMinutes: 20 },
  { name: 'delivered', usage: merged(toConfirmed, delivery), webSocketMinutes: 30 },
  { name: 'cancelled', usage: cancelled, webSocketMinutes: 0 },
  { name: 'refused (409)', usage: refused, webSocketMinutes: 0 },
];
printTable(scenarios, idleRun);
console.log(
  `\nThe order item in bytes, about as DynamoDB counts them (attributes largest first)\n` +
    `  confirmed: ${confirmedItem}\n  delivered: ${deliveredItem}`,
);
printBreakdown('delivered', merged(toConfirmed, delivery));
printFloor(toConfirmed, 2);
await system.stop();
process.exit(0);

/** The order item's size as DynamoDB bills it, near enough: names plus values, as stored. */
async function orderItemSize(orderId: string) {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('orders'), Key: { orderId }, ConsistentRead: true }),
  );
  const attributes = Object.entries(Item ?? {})
    .map(([name, value]) => [name, sizeOf({ [name]: value }) - 3] as const)
    .sort((a, b) => b[1] - a[1]);
  return `${sizeOf(Item ?? {})} (${attributes.map(([n, b]) => `${n} ${b}`).join(', ')})`;
}

/** Adds what `run` used beyond `floor` (the same work with nothing to do) to `usage`. */
function addBeyond(usage: Usage, run: Usage, floor: Usage) {
  const maps = ['writeUnits', 'readUnits', 'invocations', 'refusedWrites'] as const;
  for (const m of maps)
    for (const [k, v] of run[m])
      if (v - (floor[m].get(k) ?? 0) > 0) add(usage[m], k, v - (floor[m].get(k) ?? 0));
  for (const [k, v] of run.calls) {
    const f = floor.calls.get(k) ?? { count: 0, units: 0 };
    if (v.units > f.units) {
      const now = usage.calls.get(k) ?? { count: 0, units: 0 };
      usage.calls.set(k, { count: now.count + v.count - f.count, units: now.units + v.units - f.units });
    }
  }
  usage.lambdaMs += Math.max(0, run.lambdaMs - floor.lambdaMs);
  usage.lambdaGbSeconds += Math.max(0, run.lambdaGbSeconds - floor.lambdaGbSeconds);
}

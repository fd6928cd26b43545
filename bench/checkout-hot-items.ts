// Which DynamoDB items a whole checkout writes, and which of them every checkout shares: SHOPPERS
// shoppers each check out 1 unit of one hot product whose stock is spread over SHARDS shards, pay and
// wait until confirmed, through the public API of the whole local system (gateway, handlers, the
// saga, the Razorpay double, the stream consumers), with the bench-only per-item write limit model
// (bench/per-item-write-limit.ts) on this process's DynamoDB client. Prints the items with the most
// writes per confirmed checkout: an item only one order or one shopper writes shows a small
// fraction; an item every checkout writes shows 1 or more, and under the limit it caps them all.
// Reads by key (GetItem, BatchGetItem, TransactGetItems; not Query) are listed the same way: one
// partition serves ~3,000 strongly consistent reads/s, so an item every checkout reads is hot too.
// The Razorpay breaker's reads are printed apart: each Lambda instance reads it at most once per
// cache age while healthy, and this whole process is one instance, so they count per second too.
// A bench, not a test: no pass/fail. Stops itself (watchdog), loopback only, nothing on disk.
//
// Run: npm run bench:hot-items -- [shoppers=48] [shards=8] [perItemWritesPerSecond=200]
import { randomUUID } from 'node:crypto';
import { dynamo } from '../functions/core/clients';
import { PerItemWriteLimit } from './per-item-write-limit';
import { apiCaller } from './support/api-caller';
import { startBenchSystem } from './support/local-system';
import { saleItem } from './support/sale-item';

const [shoppers = 48, shards = 8, perSecond = 200] = process.argv.slice(2).map(Number);
const TOP = 12;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// The stage throttle is API Gateway's, not DynamoDB's: off here.
process.env.LOCAL_THROTTLE_SCALE = '0';
const { signDevToken } = await import('../local/dev/auth');

type Keyed = { TableName?: string; Key?: Record<string, unknown> };
const itemName = ({ TableName = '', Key = {} }: Keyed) =>
  `${TableName}|${Object.keys(Key)
    .sort()
    .map((name) => String(Key[name]))
    .join('|')}`;

/** Counts, per item, the reads by key `client` sends and how many were strongly consistent. */
function countReads(client: ReturnType<typeof dynamo>) {
  const readsPerItem = new Map<string, number>();
  const consistent = new Map<string, number>();
  const read = (item: Keyed, consistentRead: unknown) => {
    const name = itemName(item);
    readsPerItem.set(name, (readsPerItem.get(name) ?? 0) + 1);
    if (consistentRead) consistent.set(name, (consistent.get(name) ?? 0) + 1);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        TableName?: string;
        Key?: Record<string, unknown>;
        ConsistentRead?: boolean;
        RequestItems?: Record<string, { Keys?: Record<string, unknown>[]; ConsistentRead?: boolean }>;
        TransactItems?: { Get?: Keyed }[];
      };
      const command = context.commandName ?? '';
      if (command.startsWith('GetItem')) read(input, input.ConsistentRead);
      if (command.startsWith('BatchGetItem')) {
        for (const [TableName, request] of Object.entries(input.RequestItems ?? {})) {
          for (const Key of request.Keys ?? []) read({ TableName, Key }, request.ConsistentRead);
        }
      }
      // A transaction's reads are strongly consistent.
      if (command.startsWith('TransactGetItems')) {
        for (const entry of input.TransactItems ?? []) if (entry.Get) read(entry.Get, true);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countReads', priority: 'high' },
  );
  return { readsPerItem, consistent };
}

const system = await startBenchSystem(5 * 60_000);
const { call, orderWithStatus } = apiCaller({
  baseUrl: () => system.httpUrl,
  timeoutMs: 60_000,
  attemptsWhenBusy: 5,
});
const ADDRESS = { line1: '12 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.59 };

async function expectOk(method: string, path: string, token: string, body?: unknown, headers = {}) {
  const res = await call(method, path, token, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const statusOf = (orderId: string, token: string, wanted: string[]) =>
  orderWithStatus(orderId, token, wanted, { everyMs: 100, deadline: Date.now() + 60_000 });

/** One shopper (the cart already holds the unit): checkout, pay, verify; true when the order is confirmed. */
async function checkOut(token: string): Promise<boolean> {
  const placed = await expectOk(
    'POST',
    '/checkout',
    token,
    { deliveryAddress: ADDRESS },
    { 'idempotency-key': randomUUID() },
  );
  const waiting = await statusOf(placed.orderId, token, ['awaiting_payment', 'rejected', 'cancelled']);
  if (waiting.status !== 'awaiting_payment') return false;
  const paid = await expectOk('POST', '/dev/razorpay/pay', token, {
    razorpay_order_id: waiting.payment.razorpayOrderId,
    outcome: 'success',
  });
  await expectOk('POST', '/payments/verify', token, { orderId: placed.orderId, ...paid });
  return (
    (await statusOf(placed.orderId, token, ['confirmed', 'payment_failed', 'cancelled'])).status ===
    'confirmed'
  );
}

try {
  const admin = await signDevToken('hot-items-admin', 'admin');
  const HOT = 'hot-items-product';
  await expectOk('PUT', `/admin/products/${HOT}`, admin, saleItem('Hot item'));
  await expectOk('POST', `/admin/inventory/${HOT}/receive`, admin, { quantity: shoppers * 2 });
  await expectOk('PUT', `/admin/inventory/${HOT}/shards`, admin, { shards });
  const tokens = await Promise.all(
    Array.from({ length: shoppers }, (_, i) => signDevToken(`hot-items-shopper-${i}`, 'shopper')),
  );
  await Promise.all(tokens.map((t) => expectOk('POST', '/cart/items', t, { productId: HOT, quantity: 1 })));

  // Counted from here: the checkouts and everything they set off (saga, streams, consumers).
  const limit = new PerItemWriteLimit(perSecond);
  limit.install(dynamo());
  const reads = countReads(dynamo());
  const started = performance.now();
  const confirmed = (await Promise.all(tokens.map(checkOut))).filter(Boolean).length;
  await system.streams.caughtUp();
  await system.eventBridge.idle();
  const seconds = (performance.now() - started) / 1000;

  const items = [...limit.writesPerItem].sort((a, b) => b[1] - a[1]);
  const total = items.reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `${shoppers} shoppers, 1 unit each of one product on ${shards} shards, paid until confirmed; ` +
      `per-item write limit ${perSecond}/s (delayed, not throttled)\n` +
      `${confirmed} confirmed; ${total} item writes, ${(total / confirmed).toFixed(1)} per confirmed checkout, ` +
      `over ${items.length} items\n\nwrites per confirmed checkout, top ${TOP} items (table | key):`,
  );
  for (const [item, writes] of items.slice(0, TOP)) {
    console.log(`${(writes / confirmed).toFixed(2).padStart(8)}  ${item.replace(/^qc-local-/, '')}`);
  }
  const shared = items.filter(([, writes]) => writes >= confirmed);
  console.log(
    `\nitems written at least once per confirmed checkout (shared by all checkouts): ${shared.length}`,
  );
  const readItems = [...reads.readsPerItem].sort((a, b) => b[1] - a[1]);
  console.log(`\nreads by key per confirmed checkout, top ${TOP / 2} items (* strongly consistent):`);
  for (const [item, n] of readItems.slice(0, TOP / 2)) {
    const mark = reads.consistent.has(item) ? '*' : ' ';
    console.log(`${(n / confirmed).toFixed(2).padStart(8)}${mark} ${item.replace(/^qc-local-/, '')}`);
  }
  const sharedReads = readItems.filter(([, n]) => n >= confirmed);
  console.log(`items read at least once per confirmed checkout: ${sharedReads.length}`);
  const breaker = [...reads.readsPerItem.keys()].find((item) => item.endsWith('control|breaker#razorpay'));
  const breakerReads = breaker ? (reads.readsPerItem.get(breaker) ?? 0) : 0;
  console.log(
    `\nRazorpay breaker (control|breaker#razorpay): ${breakerReads} reads ` +
      `(${breaker ? (reads.consistent.get(breaker) ?? 0) : 0} strongly consistent) in ${seconds.toFixed(1)} s, ` +
      `${(breakerReads / confirmed).toFixed(2)} per confirmed checkout, ${(breakerReads / seconds).toFixed(1)}/s ` +
      `from this process (one Lambda instance's cache)`,
  );
} finally {
  await system.stop();
}

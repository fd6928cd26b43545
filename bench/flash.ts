// A flash sale at the database's pace: SHOPPERS shoppers (distinct users, each with a cart holding
// 1 unit of one hot product) race for UNITS units through the public HTTP API of the whole local
// system (gateway, handlers, the saga on the local Step Functions endpoint, the Razorpay double,
// DynamoDB Local in memory), all in this process so `node --cpu-prof` sees every part of it. Each
// shopper POSTs /checkout with an Idempotency-Key and watches the order over its WebSocket; each
// winner pays (POST /dev/razorpay/pay, then POST /payments/verify with the triple) until confirmed.
// Moments are the order's own (the push's or the timeline's `at`): watching adds no latency.
// Against it, on the same DynamoDB Local: the bare hot-item reservation transaction (a conditional
// decrement of one item + a put, ReserveStock's shape) at the rush's concurrency, before and after.
// Prints figures; not a pass/fail test. Stops itself (watchdog), loopback only, nothing on disk.
// Run: npm run bench:flash [-- shoppers=200 units=50 concurrency=200]   (positional numbers)
import { randomUUID } from 'node:crypto';
import { countAwsCalls } from './flash/aws-call-counter';
import { bareReservationRate } from './flash/bare-reservation';
import { type Latencies, percentile, processCpuSeconds, sellOutFigures } from './flash/figures';
import { OrderWatcher } from './flash/order-watcher';
import { describePhases, sagaPhases } from './flash/saga-phases';
import { apiCaller } from './support/api-caller';
import { startBenchSystem } from './support/local-system';
import { saleItem } from './support/sale-item';

const shoppers = Number(process.argv[2] ?? 200);
const units = Number(process.argv[3] ?? 50);
const concurrency = Number(process.argv[4] ?? shoppers);
const PUSH_WAIT_MS = 20_000;
const WAIT_MS = 90_000;
const WATCHDOG_MS = 6 * 60_000;
const BARE_SECONDS = 4;
const WARM_UP_SHOPPERS = 40;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// The stage throttle (50 checkouts/s, burst 100) is API Gateway's, not the system's pace: off here.
process.env.LOCAL_THROTTLE_SCALE = '0';
const calls = countAwsCalls();
// Imported after the environment is set: the logger and the throttle read it once.
const { signDevToken } = await import('../local/dev/auth');

const startedAt = performance.now();
/** performance.now() of a wall-clock ISO time (the order timeline's `at`). */
const fromWallClock = (iso: string) => Date.parse(iso) - performance.timeOrigin;

const system = await startBenchSystem(WATCHDOG_MS);

const { call, orderWithStatus, retried } = apiCaller({
  baseUrl: () => system.httpUrl,
  timeoutMs: WAIT_MS,
  attemptsWhenBusy: 5,
});

/** The moment an order's timeline last entered its current status. */
const enteredAt = (order: { status: string; timeline: { status: string; at: string }[] }) =>
  fromWallClock(order.timeline.findLast((t) => t.status === order.status)!.at);

/**
 * Waits until the order shows one of `statuses`, as the shopper page does: its WebSocket push (the
 * order already subscribed), after one GET /orders/{id} if `readFirst` (a change made before the
 * subscription took effect is not pushed); GET every second if no push came within PUSH_WAIT_MS.
 */
async function reachStatus(
  watcher: OrderWatcher,
  orderId: string,
  token: string,
  statuses: string[],
  readFirst: boolean,
) {
  if (readFirst) {
    const res = await call('GET', `/orders/${orderId}`, token);
    if (res.status === 200 && statuses.includes(res.body.status))
      return { status: res.body.status as string, at: enteredAt(res.body) };
  }
  const push = await watcher.status(orderId, statuses, PUSH_WAIT_MS).catch(() => undefined);
  if (push) return { status: push.status, at: fromWallClock(push.at) };
  const order = await orderWithStatus(orderId, token, statuses, {
    everyMs: 1000,
    deadline: Date.now() + WAIT_MS,
  });
  return { status: order.status as string, at: enteredAt(order) };
}

const adminToken = await signDevToken('flash-admin', 'admin');
const HOT = 'flash-hot-item';
const admin = async (method: string, path: string, body: unknown) => {
  const res = await call(method, path, adminToken, body);
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const PRODUCT = saleItem('Flash sale item');
await admin('PUT', `/admin/products/${HOT}`, PRODUCT);
await admin('POST', `/admin/inventory/${HOT}/receive`, { quantity: units });

// Every shopper's cart holds 1 unit before the sale opens.
const tokens = await Promise.all(
  Array.from({ length: shoppers }, (_, i) => signDevToken(`flash-shopper-${i}`, 'shopper')),
);
for (let i = 0; i < shoppers; i += 16) {
  await Promise.all(
    tokens.slice(i, i + 16).map(async (token) => {
      const added = await call('POST', '/cart/items', token, { productId: HOT, quantity: 1 });
      if (added.status !== 200) throw new Error(`add to cart: ${added.status} ${JSON.stringify(added.body)}`);
    }),
  );
}
// Each shopper's page holds a WebSocket open, as the shop's page does before the sale.
const watchers: OrderWatcher[] = [];
for (let i = 0; i < shoppers; i += 16)
  watchers.push(
    ...(await Promise.all(tokens.slice(i, i + 16).map((t) => OrderWatcher.open(system.wsUrl, t)))),
  );
const readyAt = performance.now();

type Outcome = 'confirmed' | 'rejected' | 'refused at checkout' | 'other' | 'error';
const outcomes = new Map<Outcome, number>();
const latency: Latencies = { toAwaiting: [], toConfirmed: [], accepted: [] };
const sagaOrders: string[] = [];
const resolvedAt: number[] = [];
/** When each checkout answered 409 (refused on the cart's live stock), and each saga order resolved. */
const resolvedBy = { checkout: [] as number[], saga: [] as number[] };
const errors: string[] = [];
/** The shoppers whose cart still holds the hot unit after the sale (rejected or refused). */
const stillHolding: string[] = [];
const endedOtherwise: string[] = [];
let firstSent = Number.POSITIVE_INFINITY;
let rushCalls: ReturnType<typeof calls.snapshot> | undefined;
/** This process's CPU time (user + system, µs) from the first checkout to the last resolution. */
let rushCpu: NodeJS.CpuUsage | undefined;
let cpuAtStart: NodeJS.CpuUsage | undefined;
/** DynamoDB Local's JVM: CPU seconds at the first checkout, then used until the last resolution. */
const jvmCpu = () => processCpuSeconds(system.dynamoDbLocal?.javaPid ?? 0);
let jvmAtStart = 0;
let rushJvmCpu = Number.NaN;

/** A checkout reached awaiting_payment or rejected (or was refused) at `at`. */
const resolved = (at: number) => {
  resolvedAt.push(at);
  if (resolvedAt.length !== shoppers) return;
  rushCalls = calls.snapshot();
  rushCpu = process.cpuUsage(cpuAtStart);
  rushJvmCpu = jvmCpu() - jvmAtStart;
};

/** One shopper's sale; `counted` false for the warm-up order, which no figure includes. */
async function shop(token: string, watcher: OrderWatcher, counted = true): Promise<Outcome> {
  const t0 = performance.now();
  if (counted) firstSent = Math.min(firstSent, t0);
  const headers = { 'idempotency-key': randomUUID() };
  const placed = await call('POST', '/checkout', token, { deliveryAddress: ADDRESS }, headers);
  if (placed.status === 409) {
    if (counted) {
      resolved(performance.now());
      resolvedBy.checkout.push(performance.now());
    }
    return 'refused at checkout';
  }
  if (placed.status !== 202) throw new Error(`checkout: ${placed.status} ${JSON.stringify(placed.body)}`);
  const orderId: string = placed.body.orderId;
  if (counted) {
    latency.accepted.push(performance.now() - t0);
    sagaOrders.push(orderId);
  }
  await watcher.subscribe(orderId, WAIT_MS);
  // payment_failed / cancelled before payment: the checkout ended another way (e.g. the Razorpay
  // breaker opened when the double answered past RAZORPAY_TIMEOUT_MS on a starved machine).
  const ended = ['awaiting_payment', 'rejected', 'payment_failed', 'cancelled'];
  const waiting = await reachStatus(watcher, orderId, token, ended, true);
  if (counted) {
    resolved(waiting.at);
    resolvedBy.saga.push(waiting.at);
  }
  if (waiting.status === 'rejected') return 'rejected';
  if (waiting.status !== 'awaiting_payment') {
    if (counted) endedOtherwise.push(`${orderId} ${waiting.status} before payment`);
    return 'other';
  }
  if (counted) latency.toAwaiting.push(waiting.at - t0);

  const t1 = performance.now();
  const order = await call('GET', `/orders/${orderId}`, token);
  const paid = await call('POST', '/dev/razorpay/pay', token, {
    razorpay_order_id: order.body.payment.razorpayOrderId,
    outcome: 'success',
  });
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  const verified = await call('POST', '/payments/verify', token, { orderId, ...paid.body });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  const done =
    verified.body.status === 'confirmed'
      ? { status: 'confirmed', at: enteredAt(verified.body) }
      : await reachStatus(watcher, orderId, token, ['confirmed', 'payment_failed', 'cancelled'], false);
  if (done.status !== 'confirmed') {
    if (counted) endedOtherwise.push(`${orderId} ${done.status} after payment`);
    return 'other';
  }
  if (counted) latency.toConfirmed.push(done.at - t1);
  return 'confirmed';
}
/**
 * After the sell-out, the crowd tries again: every shopper whose cart still holds the sold-out unit
 * checks out with a new key, at once. Each must be refused (409): nothing is left to reserve. Times
 * the refusal path alone (the key and guard, the cart, the products: three reads), with both
 * processes' CPU, so the sale's ratio can be read apart from what its winners cost.
 */
async function checkoutAfterSellOut(holders: string[]) {
  const cpu = process.cpuUsage();
  const jvm = jvmCpu();
  const started = performance.now();
  const answers = await Promise.all(
    holders.map(async (token) => {
      const headers = { 'idempotency-key': randomUUID() };
      return (await call('POST', '/checkout', token, { deliveryAddress: ADDRESS }, headers)).status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    checkouts: holders.length,
    refused: answers.filter((status) => status === 409).length,
    otherAnswers: answers.filter((status) => status !== 409),
    rate: holders.length / seconds,
    seconds,
    nodeCpuMs: (used.user + used.system) / 1000,
    jvmCpuMs: (jvmCpu() - jvm) * 1000,
  };
}
const ADDRESS = { line1: '12 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.59 };

/**
 * Before the sale, as a running shop is warm: a small sale of another product (WARM_UP_SHOPPERS
 * race for a quarter as many units, each winner pays) loads every handler the sale runs, validates
 * the saga's ASL (the local Step Functions does it at first use) and has DynamoDB Local's JIT
 * compile every path the sale takes (refused, rejected and paid checkouts, the streams, the
 * pushes); then a few seconds of the bare transaction. With one warm-up order instead, the JVM
 * spent ~15% more CPU per resolved checkout in the sale (37.7 against 31.7 ms in one pair of runs),
 * compiling as it went; without any, the rush paid ~2-3 s of module loading.
 */
async function warmUp() {
  const WARM_UP = 'flash-warm-up-item';
  await admin('PUT', `/admin/products/${WARM_UP}`, { ...PRODUCT, name: 'Warm-up item' });
  await admin('POST', `/admin/inventory/${WARM_UP}/receive`, { quantity: WARM_UP_SHOPPERS / 4 });
  // Warming, not measuring: an order that ends otherwise on a starved machine (the rush tolerates
  // it too) is said, not fatal.
  const outcomes = await Promise.all(
    Array.from({ length: WARM_UP_SHOPPERS }, async (_, i) => {
      const token = await signDevToken(`flash-warm-up-shopper-${i}`, 'shopper');
      await call('POST', '/cart/items', token, { productId: WARM_UP, quantity: 1 });
      const watcher = await OrderWatcher.open(system.wsUrl, token);
      return shop(token, watcher, false)
        .catch((error: Error) => `error: ${error.message}`)
        .finally(() => watcher.close());
    }),
  );
  const paid = outcomes.filter((o) => o === 'confirmed').length;
  if (paid !== WARM_UP_SHOPPERS / 4) {
    const other = outcomes.filter((o) => !['confirmed', 'rejected', 'refused at checkout'].includes(o));
    console.log(
      `warm-up sale: ${paid} of ${WARM_UP_SHOPPERS / 4} confirmed; ${other.slice(0, 3).join('; ')}`,
    );
  }
  await system.razorpay.webhooksSettled();
  await system.eventBridge.idle();
  await bareReservationRate(concurrency, 2);
}

try {
  await warmUp();
  const jvmBeforeBare = jvmCpu();
  const nodeBeforeBare = process.cpuUsage();
  const bareBefore = await bareReservationRate(concurrency, BARE_SECONDS);
  const jvmPerBareTx = ((jvmCpu() - jvmBeforeBare) * 1000) / bareBefore.transactions;
  const nodeBare = process.cpuUsage(nodeBeforeBare);
  const nodePerBareTx = (nodeBare.user + nodeBare.system) / 1000 / bareBefore.transactions;
  console.log(
    `${shoppers} shoppers (${concurrency} at once) for ${units} units of one product; ` +
      `local system and carts ready in ${((readyAt - startedAt) / 1000).toFixed(1)} s\n`,
  );
  calls.reset();
  cpuAtStart = process.cpuUsage();
  jvmAtStart = jvmCpu();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, shoppers) }, async () => {
      while (next < shoppers) {
        const i = next++;
        const outcome = await shop(tokens[i]!, watchers[i]!).catch((error: Error) => {
          errors.push(error.message);
          return 'error' as const;
        });
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome === 'rejected' || outcome === 'refused at checkout') stillHolding.push(tokens[i]!);
      }
    }),
  );
  await system.razorpay.webhooksSettled();
  // The sale's last stream records published before the refusals are timed, not charged to them.
  await system.streams.caughtUp();
  await system.eventBridge.idle();
  const soldOut = await checkoutAfterSellOut(stillHolding);
  const bareAfter = await bareReservationRate(concurrency, BARE_SECONDS);

  const hot = (await call('GET', `/admin/inventory/${HOT}`, adminToken)).body;
  const confirmed = outcomes.get('confirmed') ?? 0;
  const count = (o: Outcome) => outcomes.get(o) ?? 0;
  const oversold = hot.sold > units || hot.available < 0 || confirmed > units;
  const balanced = hot.available + hot.reserved + hot.sold === hot.received;
  console.log(
    `confirmed ${confirmed} (expected ${Math.min(units, shoppers)}), rejected ${count('rejected')} ` +
      `(+ ${count('refused at checkout')} refused at checkout), other ${count('other')}, error ${count('error')}` +
      (retried() ? `   (${retried()} calls retried after 429/503)` : ''),
  );
  console.log(
    `oversold: ${oversold ? 'YES' : 0}; available ${hot.available} + reserved ${hot.reserved} + sold ` +
      `${hot.sold} ${balanced ? '==' : '!='} received ${hot.received}`,
  );

  const resolvedSeconds = (Math.max(...resolvedAt) - firstSent) / 1000;
  const resolvedRate = resolvedAt.length / resolvedSeconds;
  const bare = (bareBefore.rate + bareAfter.rate) / 2;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const line = (label: string, values: number[]) =>
    `${label.padEnd(34)} n=${String(values.length).padStart(3)}  p50 ${ms(percentile(values, 0.5)).padStart(8)}` +
    `  p95 ${ms(percentile(values, 0.95)).padStart(8)}`;
  console.log(
    `\nresolved: ${resolvedAt.length} checkouts in ${resolvedSeconds.toFixed(2)} s = ${resolvedRate.toFixed(1)}/s ` +
      '(first checkout sent → last order awaiting_payment, rejected or otherwise ended)',
  );
  const since = (moments: number[]) => {
    const s = moments.map((m) => (m - firstSent) / 1000);
    return s.length === 0
      ? 'none'
      : `n=${s.length}, p50 ${percentile(s, 0.5).toFixed(1)} s, max ${Math.max(...s).toFixed(1)} s`;
  };
  console.log(
    `resolved after the first checkout: refused at checkout ${since(resolvedBy.checkout)}; ` +
      `through the saga ${since(resolvedBy.saga)}`,
  );
  console.log(line('POST /checkout → awaiting_payment', latency.toAwaiting));
  console.log(line('POST /checkout → 202', latency.accepted));
  console.log(line('pay → confirmed', latency.toConfirmed));
  console.log(
    `bare hot-item reservation tx at concurrency ${concurrency}: ${bareBefore.rate.toFixed(0)}/s before, ` +
      `${bareAfter.rate.toFixed(0)}/s after (mean ${bare.toFixed(0)}/s)`,
  );
  const nodeCpuSeconds = rushCpu ? (rushCpu.user + rushCpu.system) / 1e6 : Number.NaN;
  console.log(
    `CPU from the first checkout to the last resolution: node ${nodeCpuSeconds.toFixed(1)} s ` +
      `(${((100 * nodeCpuSeconds) / resolvedSeconds).toFixed(0)}% of one core), DynamoDB Local's JVM ` +
      `${rushJvmCpu.toFixed(1)} s (${((100 * rushJvmCpu) / resolvedSeconds).toFixed(0)}%)`,
  );
  // DynamoDB Local's CPU per unit of work bounds the ratio whatever node does: the JVM spends this
  // much on each resolved checkout (its ~12 calls) against one bare transaction.
  const jvmPerCheckout = (rushJvmCpu * 1000) / shoppers;
  console.log(
    `DynamoDB Local's JVM CPU: ${jvmPerBareTx.toFixed(1)} ms per bare transaction, ` +
      `${jvmPerCheckout.toFixed(1)} ms per resolved checkout: with the JVM alone as the limit the ratio ` +
      `could reach ${(jvmPerBareTx / jvmPerCheckout).toFixed(2)}`,
  );
  // Both processes share the machine's cores, in the rush as in the bare run: the whole CPU (node,
  // bench client included, + JVM) per unit of work bounds the ratio when both runs keep the cores busy.
  const cpuPerCheckout = jvmPerCheckout + (nodeCpuSeconds * 1000) / shoppers;
  const cpuPerBareTx = jvmPerBareTx + nodePerBareTx;
  console.log(
    `CPU of both processes: ${cpuPerBareTx.toFixed(1)} ms per bare transaction, ` +
      `${cpuPerCheckout.toFixed(1)} ms per resolved checkout: with the cores as the limit the ratio ` +
      `could reach ${(cpuPerBareTx / cpuPerCheckout).toFixed(2)}`,
  );
  console.log(`ratio resolved/s ÷ bare/s: ${(resolvedRate / bare).toFixed(2)} (goal ≥ 0.25)`);
  // The refusal path alone, against the same bare rate: what the sale's ratio would be if no
  // checkout won, and what a winner's path costs once the refusals are taken out of the rush.
  const { perRefusal, perOtherCheckout } = sellOutFigures(soldOut, {
    checkouts: shoppers,
    refusedAtCheckout: count('refused at checkout'),
    cpuMs: (rushJvmCpu + nodeCpuSeconds) * 1000,
  });
  const bareTx = (cpuMs: number) => (cpuMs / cpuPerBareTx).toFixed(1);
  const sellOut: string[] = [];
  if (soldOut.checkouts === 0) {
    sellOut.push('no shopper left holding the unit (shoppers <= units): no refusal to time');
  } else {
    sellOut.push(
      `${soldOut.checkouts} shoppers checked out again at once, ${soldOut.refused} refused (409) in ` +
        `${soldOut.seconds.toFixed(2)} s = ${soldOut.rate.toFixed(1)}/s, ratio ${(soldOut.rate / bare).toFixed(2)}`,
    );
    sellOut.push(
      perRefusal
        ? `CPU per refusal ${perRefusal.ms.toFixed(1)} ms (node ${perRefusal.nodeMs.toFixed(1)}, JVM ` +
            `${perRefusal.jvmMs.toFixed(1)}) = ${bareTx(perRefusal.ms)} bare transactions`
        : `not all refused: no CPU figure for the refusal path (other answers: ${soldOut.otherAnswers.slice(0, 5).join(', ')})`,
    );
  }
  if (perOtherCheckout !== undefined)
    sellOut.push(
      `in the sale, each other checkout (a saga, and the winners' payments that fell in the window) ` +
        `${perOtherCheckout.toFixed(0)} ms = ${bareTx(perOtherCheckout)} bare transactions`,
    );
  console.log(`after the sell-out: ${sellOut.join('; ')}`);
  if (rushCalls) {
    const total = Object.values(rushCalls).reduce((a, b) => a + b, 0);
    console.log(
      `AWS SDK calls until the last checkout resolved: ${(total / shoppers).toFixed(1)} per checkout; ` +
        `the most frequent (caller: command table, per checkout): ` +
        Object.entries(rushCalls)
          .sort(([, a], [, b]) => b - a)
          .slice(0, 16)
          .map(([name, n]) => `${name} ${(n / shoppers).toFixed(2)}`)
          .join(', '),
    );
  }
  const arnOf = (orderId: string) =>
    `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${orderId}`;
  const phases = await sagaPhases(sagaOrders.map(arnOf), 'AwaitPayment');
  console.log(`saga until AwaitPayment: ${describePhases(phases)}`);
  for (const o of endedOtherwise.slice(0, 5)) console.log(`ended otherwise: ${o}`);
  for (const e of errors.slice(0, 5)) console.log(`error: ${e}`);
} finally {
  for (const watcher of watchers) watcher.close();
  await system.stop();
  console.log(`\nwall time: ${((performance.now() - startedAt) / 1000).toFixed(1)} s (startup included)`);
}

// Bad luck on purpose: `npm start` as a child process (free loopback ports, a temporary data dir, a
// short payment window), driven only through its public and /dev HTTP API, under three scenarios:
//   a) a rush: SHOPPERS shoppers race for UNITS units of one product, every winner pays;
//   b) the same while Razorpay answers 503 for ~8 s and 5 calls hang;
//   c) a rush with half the orders paid, `kill -9` of the whole process group, and a restart on the
//      same data dir (DynamoDB Local and the Razorpay double persist there).
// Each prints one line of figures and OK / NOT OK per expectation; it is a benchmark, not a test.
// The machine may be shared, so each fault scenario is also printed as ratios to the calm rush (a)
// measured in the same run: seconds to settle ÷ the baseline's, and shares of orders and payments.
// Run: npm run bench:chaos   (about 3-8 minutes; stops itself, everything it started and its temp dir)
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, startChild, stopGroup } from '../local/child-start';
import { signDevToken } from '../local/dev/auth';

const SHOPPERS = 40;
const UNITS = 20;
const WINDOW_SECONDS = 20;
const GRACE_SECONDS = 5;
/** Past window + grace, how long the reconciler's next passes get before an open order counts as
 *  stuck: the issue's "its window plus a minute or two", at its lower end. */
const SETTLE_MARGIN_SECONDS = 60;
const WATCHDOG_MS = 12 * 60_000;
/** How long the provider outage of scenario b lasts, 503s (8 s) and hung calls (30 s each) included. */
const OUTAGE_SECONDS = 30;

const dataDir = mkdtempSync(join(tmpdir(), 'qc-chaos-'));
const running = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const benchStarted = performance.now();

interface System {
  child: ChildProcess;
  url: string;
  ports: number[];
}

/** `npm start` in its own process group (on `ports`, or free ones); resolves once it printed Ready. */
async function startSystem(args: string[], ports?: number[]): Promise<System> {
  const started = await startChild({
    args,
    ports,
    detached: true,
    env: {
      PAYMENT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      RECONCILE_INTERVAL_SECONDS: '2',
      RECONCILE_GRACE_SECONDS: String(GRACE_SECONDS),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    onSpawn: (child) => {
      running.add(child);
      child.once('exit', () => running.delete(child));
    },
  });
  return { child: started.child, url: started.httpUrl, ports: started.ports };
}

interface Reply {
  status: number;
  body: any;
}
/** One API call; 429 / 503 are retried after their retry-after, up to `attempts` times. */
async function call(sys: System, method: string, path: string, token?: string, body?: unknown, attempts = 8) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${sys.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' && path === '/checkout' ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const reply: Reply = { status: res.status, body: text ? JSON.parse(text) : undefined };
    if ((res.status !== 429 && res.status !== 503) || attempt >= attempts) return reply;
    await sleep(Math.min(2000, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  }
}
/** The child signs with the same dev key (LOCAL_JWT_SECRET or its default), so tokens are made here. */
const tokenFor = (_sys: System, sub: string, role: string) => signDevToken(sub, role);

const ADDRESS = { line1: '12 MG Road', city: 'Bengaluru', pincode: '560001', lat: 12.97, lng: 77.59 };
const OPEN = ['pending', 'awaiting_payment'];
const CONFIRMED_OR_LATER = ['confirmed', 'rider_assigned', 'picked_up', 'out_for_delivery', 'delivered'];

interface Order {
  orderId: string;
  token: string;
  paid: boolean;
}

/** One product with `units`, and `shoppers` shoppers who each put 1 in a cart and check out at once. */
async function rush(sys: System, scenario: string, shoppers: number, units: number) {
  const slug = scenario.replace(/[^A-Za-z0-9]+/g, '-');
  const admin = await tokenFor(sys, `chaos-admin-${slug}`, 'admin');
  const productId = `chaos-${slug}-${randomUUID().slice(0, 6)}`;
  const put = await call(sys, 'PUT', `/admin/products/${productId}`, admin, {
    name: `Chaos ${scenario}`,
    category: 'bench',
    price: 19_900,
    mrp: 19_900,
    unit: '1 pc',
    active: true,
    maxPerOrder: 10,
  });
  if (put.status !== 200) throw new Error(`PUT product: ${put.status} ${JSON.stringify(put.body)}`);
  await call(sys, 'POST', `/admin/inventory/${productId}/receive`, admin, { quantity: units });
  // What POST /checkout answered: a 500 is a route that outlived its Lambda timeout (a slow machine).
  const answers = new Map<number, number>();
  const placed = await Promise.all(
    Array.from({ length: shoppers }, async (_, i): Promise<Order | undefined> => {
      const token = await tokenFor(sys, `chaos-${slug}-${i}`, 'shopper');
      const added = await call(sys, 'POST', '/cart/items', token, { productId, quantity: 1 });
      if (added.status !== 200) return undefined; // out of stock at the cart
      const res = await call(sys, 'POST', '/checkout', token, { deliveryAddress: ADDRESS });
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
      return res.status === 202 ? { orderId: res.body.orderId, token, paid: false } : undefined;
    }),
  );
  console.log(
    `  POST /checkout answered: ${[...answers].map(([status, n]) => `${status} ×${n}`).join(', ') || 'nothing'}`,
  );
  return { admin, productId, orders: placed.filter((o): o is Order => o !== undefined) };
}

const orderOf = async (sys: System, o: Order) =>
  (await call(sys, 'GET', `/orders/${o.orderId}`, o.token)).body;

/** The orders that reached awaiting_payment (their Razorpay order ids), waiting up to `ms`. */
async function awaitingPayment(sys: System, orders: Order[], ms = 30_000) {
  const until = Date.now() + ms;
  const found = new Map<Order, string>();
  while (Date.now() < until) {
    for (const o of orders) {
      if (found.has(o)) continue;
      const order = await orderOf(sys, o);
      if (order?.status === 'awaiting_payment' && order.payment) found.set(o, order.payment.razorpayOrderId);
      if (order && !OPEN.includes(order.status)) found.set(o, ''); // rejected: no stock left
    }
    if (found.size === orders.length) break;
    await sleep(300);
  }
  return [...found].filter(([, id]) => id).map(([o, razorpayOrderId]) => ({ o, razorpayOrderId }));
}

/** Pays through the double as Checkout would; `verify` also posts the triple to /payments/verify. */
async function pay(sys: System, o: Order, razorpayOrderId: string, verify: boolean) {
  const paid = await call(sys, 'POST', '/dev/razorpay/pay', undefined, {
    razorpay_order_id: razorpayOrderId,
    outcome: 'success',
  });
  if (paid.status !== 200) return;
  o.paid = true;
  if (!verify) return;
  const { razorpay_order_id, razorpay_payment_id, razorpay_signature } = paid.body;
  await call(sys, 'POST', '/payments/verify', o.token, {
    orderId: o.orderId,
    razorpay_order_id,
    razorpay_payment_id,
    razorpay_signature,
  });
}

/**
 * Polls until no order is open (or window + grace + margin past `windowFrom`: the rush, or the
 * restart after a crash, since a stopped system settles nothing), then counts.
 */
async function settle(
  sys: System,
  scenario: string,
  t0: number,
  orders: Order[],
  admin: string,
  productId: string,
  windowFrom = t0,
) {
  const until = windowFrom + (WINDOW_SECONDS + GRACE_SECONDS + SETTLE_MARGIN_SECONDS) * 1000;
  let last: any[] = [];
  for (;;) {
    last = await Promise.all(orders.map((o) => orderOf(sys, o)));
    if (last.every((order) => !OPEN.includes(order?.status)) || performance.now() > until) break;
    await sleep(500);
  }
  const seconds = (performance.now() - t0) / 1000;
  const stock = (await call(sys, 'GET', `/admin/inventory/${productId}`, admin)).body;
  const is = (statuses: string[]) => last.filter((order) => statuses.includes(order?.status)).length;
  const paidOrders = orders.filter((o) => o.paid).length;
  const figures = {
    orders: orders.length,
    paid: paidOrders,
    confirmed: is(CONFIRMED_OR_LATER),
    refunded: last.filter((order) => order?.payment?.status === 'refunded' || order?.refunds?.length).length,
    payment_failed: is(['payment_failed']),
    stuck: is(OPEN),
    oversold: stock.available + stock.reserved + stock.sold !== stock.received || stock.available < 0,
    reserved: stock.reserved,
    paidNotConfirmed: orders.filter((o, i) => o.paid && !CONFIRMED_OR_LATER.includes(last[i]?.status)).length,
    seconds,
  };
  console.log(
    `${scenario.padEnd(24)} orders ${figures.orders}  paid ${figures.paid}  confirmed ${figures.confirmed}  ` +
      `refunded ${figures.refunded}  payment_failed ${figures.payment_failed}  stuck ${figures.stuck}  ` +
      `oversold ${figures.oversold ? 'YES' : 'no'} (available ${stock.available} + reserved ${stock.reserved} + ` +
      `sold ${stock.sold} / received ${stock.received})  settled in ${seconds.toFixed(1)} s`,
  );
  return figures;
}

const expect = (label: string, ok: boolean) => console.log(`  ${ok ? 'OK    ' : 'NOT OK'} ${label}`);

type Figures = Awaited<ReturnType<typeof settle>>;
const share = (part: number, whole: number) => (whole === 0 ? 'n/a' : (part / whole).toFixed(2));

/**
 * The scenario against the calm rush of the same run: a busy machine slows both alike, so the ratio
 * says what the fault cost. `extra` names a second duration (e.g. from the restart) with its ratio.
 */
function versusBaseline(f: Figures, baseline: Figures, extra?: { label: string; seconds: number }) {
  const ratio = (seconds: number) => `×${(seconds / baseline.seconds).toFixed(2)}`;
  console.log(
    `  vs baseline: settle ${ratio(f.seconds)} (${f.seconds.toFixed(1)} s / ${baseline.seconds.toFixed(1)} s)` +
      (extra ? `  ${extra.label} ${ratio(extra.seconds)} (${extra.seconds.toFixed(1)} s)` : '') +
      `  confirmed/paid ${share(f.confirmed, f.paid)} (baseline ${share(baseline.confirmed, baseline.paid)})` +
      `  refunded/paid ${share(f.refunded, f.paid)}  stuck/orders ${share(f.stuck, f.orders)}` +
      `  paid/orders ${share(f.paid, f.orders)} (baseline ${share(baseline.paid, baseline.orders)})`,
  );
}

async function scenarioRush(sys: System, name: string, faults: boolean): Promise<Figures> {
  const t0 = performance.now();
  const { admin, productId, orders } = await rush(sys, name, SHOPPERS, UNITS);
  const winners = await awaitingPayment(sys, orders);
  if (faults) {
    // Once every winner holds a Razorpay order, and while they pay: every Razorpay API call answers
    // 503 for 8 s, and 5 calls hang for 30 s (past the Lambda timeout: the local runtime ends them as
    // Sandbox.Timedout, AWS's name). Faults before that are checkouts failing fast, another story.
    await call(sys, 'POST', '/dev/razorpay/faults', undefined, { kind: 'delay', ms: 30_000, count: 5 });
    await call(sys, 'POST', '/dev/razorpay/faults', undefined, { kind: 'status', status: 503, seconds: 8 });
  }
  const faultsFrom = performance.now();
  await Promise.all(winners.map(({ o, razorpayOrderId }) => pay(sys, o, razorpayOrderId, true)));
  let outageEnd = t0;
  if (faults) {
    // The outage ends OUTAGE_SECONDS after it began: hangs the double still holds in its queue (each
    // is consumed only by a call that reaches it, and the breaker lets one trial through per
    // cool-down) are dropped then, as a provider that recovered would no longer hang.
    await sleep(Math.max(0, faultsFrom + OUTAGE_SECONDS * 1000 - performance.now()));
    await call(sys, 'DELETE', '/dev/razorpay/faults');
    outageEnd = performance.now();
  }
  // A paid order waits out the outage (API.md): its window counts from the end of the outage.
  const f = await settle(sys, name, t0, orders, admin, productId, outageEnd);
  if (faults) console.log(`  (outage ended ${((outageEnd - t0) / 1000).toFixed(1)} s in)`);
  expect('every paid order confirmed', f.paidNotConfirmed === 0 && f.paid > 0);
  expect(
    `${Math.min(SHOPPERS, UNITS)} units sold, none oversold`,
    f.confirmed === Math.min(SHOPPERS, UNITS) && !f.oversold,
  );
  expect('nothing refunded, nothing stuck', f.refunded === 0 && f.stuck === 0);
  return f;
}

async function scenarioCrash(baseline: Figures) {
  const args = ['--data-dir', join(dataDir, 'crash')];
  let sys = await startSystem(args);
  const t0 = performance.now();
  const { admin, productId, orders } = await rush(sys, 'crash', 20, 40);
  const winners = await awaitingPayment(sys, orders);
  // Half pay: half of those through /payments/verify, the rest only through the double's webhooks.
  const payers = winners.slice(0, Math.floor(winners.length / 2));
  await Promise.all(payers.map(({ o, razorpayOrderId }, i) => pay(sys, o, razorpayOrderId, i % 2 === 0)));
  await killGroup(sys.child);
  const killedAt = performance.now();
  sys = await startSystem(args, sys.ports);
  const restartedAt = performance.now();
  console.log(
    `  (killed ${((killedAt - t0) / 1000).toFixed(1)} s in; back up ${((performance.now() - killedAt) / 1000).toFixed(1)} s later)`,
  );
  try {
    const f = await settle(sys, 'c) kill -9 mid-rush', t0, orders, admin, productId, restartedAt);
    versusBaseline(f, baseline, {
      label: 'restart→settled',
      seconds: f.seconds - (restartedAt - t0) / 1000,
    });
    expect('every paid order confirmed', f.paidNotConfirmed === 0 && f.paid > 0);
    expect('every unpaid order payment_failed', f.payment_failed === f.orders - f.paid);
    expect(
      'no stock left reserved, none oversold, nothing stuck',
      f.reserved === 0 && !f.oversold && f.stuck === 0,
    );
  } finally {
    await stopGroup(sys.child);
  }
}

const watchdog = setTimeout(() => {
  console.error(`Gave up after ${WATCHDOG_MS / 60_000} min; stopping.`);
  for (const child of running) process.kill(-child.pid!, 'SIGKILL');
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

console.log(
  `${SHOPPERS} shoppers for ${UNITS} units per rush; payment window ${WINDOW_SECONDS} s, reconciler grace ${GRACE_SECONDS} s\n`,
);
try {
  const sys = await startSystem(['--in-memory']);
  let baseline: Figures;
  try {
    baseline = await scenarioRush(sys, 'a) baseline rush', false);
    const faults = await scenarioRush(sys, 'b) 503s 8 s + 5 hangs', true);
    versusBaseline(faults, baseline);
  } finally {
    await stopGroup(sys.child);
  }
  await scenarioCrash(baseline);
} finally {
  for (const child of running) await killGroup(child).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  clearTimeout(watchdog);
  console.log(`\nwall time: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
}

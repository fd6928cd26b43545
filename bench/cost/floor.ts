// The fewest write units a confirmed order can cost in this design, item by item, against what the
// bench measured for the same work (the order path's own functions, to confirmed). Assumes every
// item written is at most 1 KB (1 WRU; 2 in a transaction) and a cart of `lines` products.
import type { Usage } from './meter';

/** The functions that move an order from cart to confirmed (not notifications, WebSocket, rider). */
export const ORDER_PATH = new Set([
  'addCartItem',
  'checkout',
  'reserveStock',
  'createPaymentOrder',
  'awaitPayment',
  'verifyCheckoutPayment',
  'razorpayWebhook',
  'verifyPayment',
  'confirmOrder',
]);

export function confirmedOrderFloor(lines: number, webhooks: number) {
  const tx = 2;
  return [
    ['cart lines added', lines],
    ['checkout transaction: order, idempotency key, open-orders guard', 3 * tx],
    ['index entries of the new order (byUser, openByDeadline; keys only)', 2],
    ['reserve transaction: each line, the order', (lines + 1) * tx],
    ['awaiting_payment (the Razorpay order on the order)', 1],
    ['the AwaitPayment task token item', 1],
    ['the payment signal on the order', 1],
    ['each Razorpay webhook event id (dedupe)', webhooks],
    ['payment captured on the order', 1],
    ['confirm transaction: each line reserved → sold, the order', (lines + 1) * tx],
    ['cart lines removed', lines],
  ] as const;
}

export function printFloor(toConfirmed: Usage, lines: number) {
  const webhooks = toConfirmed.invocations.get('razorpayWebhook') ?? 0;
  const floor = confirmedOrderFloor(lines, webhooks);
  const floorUnits = floor.reduce((n, [, units]) => n + units, 0);
  let measured = 0;
  for (const [key, { units }] of toConfirmed.calls) {
    const by = key.split(' by ')[1] ?? '';
    if (ORDER_PATH.has(by) && !/ (Get|BatchGet|Query|Scan|TransactGet)/.test(key)) measured += units;
  }
  console.log(`\nFloor of a confirmed order's writes (${lines} lines, ${webhooks} webhooks, items ≤ 1 KB)\n`);
  for (const [what, units] of floor) console.log(`${String(units).padStart(5)} WRU  ${what}`);
  console.log(
    `${String(floorUnits).padStart(5)} WRU  floor; measured on the order path: ${measured} WRU ` +
      `(${(measured / floorUnits).toFixed(2)}× the floor; functions: ${[...ORDER_PATH].join(', ')})`,
  );
}

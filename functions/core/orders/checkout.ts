// POST /checkout as a domain operation: the cart becomes a `pending` order, priced here, and the
// checkout saga starts for it. One transaction writes the order, its idempotency record and the
// shopper's open-orders guard, so a key maps to exactly one order however often it is replayed,
// and a cart maps to one unpaid order however many keys race for it (see ./open-orders.ts).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { CheckoutInput } from '../../../contract/schemas/orders';
import { getValidatedCart, MAX_CART_LINES, type ValidatedCart } from '../cart';
import { dynamo } from '../clients';
import { paymentWindowSeconds, tableName } from '../config';
import { batchGetAll, itemConditionFailed, retryOnTransactionConflict } from '../dynamo';
import { AppError, type ErrorCode, serviceUnavailable } from '../errors';
import { logger } from '../logger';
import { countOrder } from '../metrics';
import type { ShopperContact } from '../notifications/contact';
import {
  hashOf,
  type IdempotencyRecord,
  idempotencyKeyOf,
  putRecord,
  readIdempotencyRecord,
  recordKey,
} from './checkout-keys';
import { type OrderRecord, type PublicOrder, toPublicOrder } from './model';
import { openMarker } from './open-marker';
import {
  claimForOrder,
  type OpenOrders,
  openOrdersFrom,
  openOrdersGuardKey,
  readOpenOrders,
  refuseOverCap,
} from './open-orders';
import { nextOrderNumber } from './order-number';
import { readOrder } from './store';
import { startCheckoutSaga } from './workflow';

export interface CheckoutResult {
  order: PublicOrder;
  /** true when no order was made: the key's order, or the cart's unpaid order, answered again. */
  replayed: boolean;
}

export interface CheckoutOptions {
  /** Runs once, only when a new order is about to be made from a cart that can be checked out (the
   *  edge spends the rate limit here). */
  beforeNewOrder?: () => Promise<void>;
  /** Where the shopper's email and SMS go, from the verified token (stored on the order). */
  contact?: ShopperContact;
}

/** Looks at the guard again this many times when a racing checkout changed it under us. */
const GUARD_ATTEMPTS = 3;

export async function checkout(
  userId: string,
  idempotencyKey: string,
  input: CheckoutInput,
  { beforeNewOrder, contact = {} }: CheckoutOptions = {},
): Promise<CheckoutResult> {
  const pk = idempotencyKeyOf(userId, idempotencyKey);
  const bodyHash = hashOf(input);
  // A replay must not look at the cart again: it was cleared when the first order confirmed.
  const { earlier, guard } = await readKeyAndGuard(pk, userId);
  if (earlier) return replay(earlier, bodyHash);
  let prepared = false;
  const prepareOnce = async () => {
    if (!prepared) await beforeNewOrder?.();
    prepared = true;
  };
  for (let attempt = 1; ; attempt++) {
    const open = attempt === 1 ? await openOrdersFrom(userId, guard) : await readOpenOrders(userId);
    if (open.cartHeldBy) return answerWithHeldOrder({ pk, bodyHash, orderId: open.cartHeldBy });
    refuseOverCap(open);
    const placed = await placeOrder(userId, { pk, bodyHash }, input, open, contact, prepareOnce);
    if (placed !== 'guard-changed') return placed;
    // Another checkout of this shopper won the cart or the last slot: look again.
    if (attempt >= GUARD_ATTEMPTS) throw serviceUnavailable(1, 'Checkout is busy; retry with the same key');
  }
}

async function placeOrder(
  userId: string,
  key: Omit<IdempotencyRecord, 'orderId'>,
  input: CheckoutInput,
  open: OpenOrders,
  contact: ShopperContact,
  prepare: () => Promise<void>,
): Promise<CheckoutResult | 'guard-changed'> {
  const { cart } = await getValidatedCart(userId);
  refuseUnbuyable(cart);
  // Only a cart that can become an order spends the rate limit: in a sold-out rush most cannot.
  await prepare();
  const order = await newOrder(userId, cart, input, contact);
  const now = new Date(order.createdAt);
  try {
    // A same-key request whose transaction is in flight cancels ours with TransactionConflict;
    // trying again finds its key (ConditionalCheckFailed → replay) or, past the retries, a 503.
    await retryOnTransactionConflict('checkout', () =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            putRecord({ ...key, orderId: order.orderId }, now),
            {
              Put: {
                TableName: tableName('orders'),
                Item: order,
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
            claimForOrder(userId, order.orderId, open, now),
          ],
        }),
      ),
    );
  } catch (error) {
    // The same key raced us and won: answer as its replay.
    if (itemConditionFailed(error, 0)) return replay((await readIdempotencyRecord(key.pk))!, key.bodyHash);
    if (itemConditionFailed(error, 2)) return 'guard-changed';
    throw error;
  }
  countOrder('OrdersCreated');
  await startSaga(order.orderId);
  return { order: toPublicOrder(order), replayed: false };
}

/** The key's record and the shopper's checkout guard: one consistent read of the control table. */
async function readKeyAndGuard(pk: string, userId: string) {
  const guardKey = openOrdersGuardKey(userId);
  const items = await batchGetAll(tableName('control'), [{ pk }, guardKey], { consistentRead: true });
  return {
    earlier: items.find((item) => item.pk === pk) as IdempotencyRecord | undefined,
    guard: items.find((item) => item.pk === guardKey.pk),
  };
}

async function newOrder(
  userId: string,
  cart: ValidatedCart['cart'],
  input: CheckoutInput,
  contact: ShopperContact,
) {
  const now = new Date();
  const at = now.toISOString();
  const orderId = ulid(now.getTime());
  const order: OrderRecord = {
    orderId,
    orderNumber: await nextOrderNumber(now),
    userId,
    status: 'pending',
    items: cart.items.map(({ productId, name, quantity, unitPrice, lineTotal }) => ({
      productId,
      name,
      quantity,
      unitPrice,
      lineTotal,
    })),
    subtotal: cart.subtotal,
    deliveryFee: cart.deliveryFee,
    handlingFee: cart.handlingFee,
    total: cart.total,
    currency: 'INR',
    deliveryAddress: input.deliveryAddress,
    ...(input.notes ? { notes: input.notes } : {}),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    stock: 'none',
    timeline: [{ status: 'pending', at }],
    createdAt: at,
    updatedAt: at,
    // Listed for the reconciler until it has seen the order ended with nothing owed.
    ...openMarker(orderId, new Date(now.getTime() + paymentWindowSeconds() * 1000)),
  };
  return order;
}

function refuseUnbuyable(cart: ValidatedCart['cart']) {
  if (cart.items.length === 0) throw new AppError('CART_EMPTY', 'The cart is empty');
  // The cart's line cap is a soft limit (two concurrent adds may pass it); the reservation is one
  // transaction of at most MAX_CART_LINES lines, so a bigger cart is refused here, not in the saga.
  if (cart.items.length > MAX_CART_LINES) {
    throw new AppError(
      'INVALID_STATE',
      `The cart cannot be checked out: it holds ${cart.items.length} different products, at most ${MAX_CART_LINES}`,
      { maxLines: MAX_CART_LINES, lines: cart.items.length },
    );
  }
  const first = cart.errors[0];
  if (!first) return;
  const code: ErrorCode =
    first.code === 'OUT_OF_STOCK' || first.code === 'PRODUCT_UNAVAILABLE' ? first.code : 'INVALID_STATE';
  throw new AppError(code, `The cart cannot be checked out: ${first.message}`, cart.errors);
}

/** The cart is held by an unpaid order: this key is answered with it (and keeps answering so). */
async function answerWithHeldOrder(record: IdempotencyRecord): Promise<CheckoutResult> {
  if (!(await recordKey(record, new Date()))) {
    return replay((await readIdempotencyRecord(record.pk))!, record.bodyHash);
  }
  return replay(record, record.bodyHash);
}

async function replay(record: IdempotencyRecord, bodyHash: string): Promise<CheckoutResult> {
  if (record.bodyHash !== bodyHash) {
    throw new AppError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used with a different body');
  }
  const order = await readOrder(record.orderId);
  if (!order) throw new Error(`Idempotency record points at missing order ${record.orderId}`);
  // The first attempt may have crashed between its write and StartExecution; starting again is harmless.
  if (order.status === 'pending') await startSaga(order.orderId);
  return { order: toPublicOrder(order), replayed: true };
}

async function startSaga(orderId: string) {
  try {
    await startCheckoutSaga({ orderId, paymentWindowSeconds: paymentWindowSeconds() });
  } catch (error) {
    // The order exists but nothing drives it yet; the same key and body will start it.
    logger.error('StartExecution failed', { orderId, error: error as Error });
    throw serviceUnavailable(1, 'Checkout could not start; retry with the same Idempotency-Key', { orderId });
  }
}

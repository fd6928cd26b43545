// POST /checkout as a domain operation: the cart becomes a `pending` order, priced here, and the
// checkout saga starts for it. The order and its idempotency record are written in one
// transaction, so a key maps to exactly one order however often the request is replayed.
import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { CheckoutInput } from '../../../contract/schemas/orders';
import { getValidatedCart, type ValidatedCart } from '../cart';
import { dynamo } from '../clients';
import { paymentWindowSeconds, tableName } from '../config';
import { itemConditionFailed, retryOnTransactionConflict } from '../dynamo';
import { AppError, type ErrorCode } from '../errors';
import { logger } from '../logger';
import { countOrder } from '../metrics';
import type { ShopperContact } from '../notifications/contact';
import { type OrderRecord, type PublicOrder, toPublicOrder } from './model';
import { openMarker } from './open-marker';
import { nextOrderNumber } from './order-number';
import { readOrder } from './store';
import { startCheckoutSaga } from './workflow';

/** Replays of a key are honoured this long (clients retry within minutes, not days). */
const IDEMPOTENCY_HOURS = 24;

export interface CheckoutResult {
  order: PublicOrder;
  /** true when the key was seen before and its order returned again. */
  replayed: boolean;
}

interface IdempotencyRecord {
  pk: string;
  bodyHash: string;
  orderId: string;
}

/** Key order must not change the hash: {a,b} and {b,a} are the same body. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

const hashOf = (input: CheckoutInput) =>
  createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');

const idempotencyKeyOf = (userId: string, key: string) => `idem#checkout#${userId}#${key}`;

export async function checkout(
  userId: string,
  idempotencyKey: string,
  input: CheckoutInput,
  contact: ShopperContact = {},
): Promise<CheckoutResult> {
  const pk = idempotencyKeyOf(userId, idempotencyKey);
  const bodyHash = hashOf(input);
  // A replay must not look at the cart again: it was cleared when the first order confirmed.
  const earlier = await readIdempotencyRecord(pk);
  if (earlier) return replay(earlier, bodyHash);

  const { cart } = await getValidatedCart(userId);
  refuseUnbuyable(cart);
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
  try {
    // A same-key request whose transaction is in flight cancels ours with TransactionConflict;
    // trying again finds its key (ConditionalCheckFailed → replay) or, past the retries, a 503.
    await retryOnTransactionConflict('checkout', () =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('control'),
                Item: {
                  pk,
                  bodyHash,
                  orderId: order.orderId,
                  expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName('orders'),
                Item: order,
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
          ],
        }),
      ),
    );
  } catch (error) {
    // The same key raced us and won: answer as its replay.
    if (keyAlreadyUsed(error)) return replay((await readIdempotencyRecord(pk))!, bodyHash);
    throw error;
  }
  countOrder('OrdersCreated');
  await startSaga(order.orderId);
  return { order: toPublicOrder(order), replayed: false };
}

function refuseUnbuyable(cart: ValidatedCart['cart']) {
  if (cart.items.length === 0) throw new AppError('CART_EMPTY', 'The cart is empty');
  const first = cart.errors[0];
  if (!first) return;
  const code: ErrorCode =
    first.code === 'OUT_OF_STOCK' || first.code === 'PRODUCT_UNAVAILABLE' ? first.code : 'INVALID_STATE';
  throw new AppError(code, `The cart cannot be checked out: ${first.message}`, cart.errors);
}

/** The idempotency record (item 0) already existed. */
const keyAlreadyUsed = (error: unknown) => itemConditionFailed(error, 0);

async function readIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('control'), Key: { pk }, ConsistentRead: true }),
  );
  return Item as IdempotencyRecord | undefined;
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
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Checkout could not start; retry with the same Idempotency-Key',
      { orderId },
      { 'retry-after': '1' },
    );
  }
}

// One cart, one order; a few unpaid orders per shopper at most. Both are decided by one guard item
// per shopper in the control table, updated in the same transaction that creates the order:
//   cartOrderId   the order the cart was checked out into; while it is unpaid the cart is held by it
//   openOrderIds  the shopper's orders that were unpaid when last seen (a string set, capped)
// Nothing writes here when an order ends: an id whose order is no longer pending / awaiting_payment
// is stale, and the next checkout replaces or prunes it under a condition naming it, so neither
// guard can leak (an ended order never reopens, so pruning it is safe at any time, and repeatable).
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type OrderStatus, UNPAID_STATUSES } from '../../../contract/order-status';
import { dynamo } from '../clients';
import { maxOpenOrdersPerShopper, tableName } from '../config';
import { batchGetAll, isConditionalCheckFailed } from '../dynamo';
import { AppError } from '../errors';

/** The guard item outlives any unpaid order (payment window plus the reconciler's sweep). */
const GUARD_TTL_SECONDS = 2 * 24 * 3600;

const guardKey = (userId: string) => ({ pk: `checkout-guard#${userId}` });

export interface OpenOrders {
  /** The unpaid order holding the cart, if any: checkout answers with it. */
  cartHeldBy?: string;
  /** The cart's previous order, now paid or ended: the new order replaces it. */
  staleCartOrderId?: string;
  /** The shopper's unpaid orders now. */
  unpaid: string[];
}

/** The guard item's key in the control table (checkout reads it beside its idempotency record). */
export const openOrdersGuardKey = guardKey;

/** Reads the guard and the status of every order it names, pruning those no longer unpaid. */
export async function readOpenOrders(userId: string): Promise<OpenOrders> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('control'), Key: guardKey(userId), ConsistentRead: true }),
  );
  return openOrdersFrom(userId, Item);
}

/** What a guard item (read consistently, or absent) says: as readOpenOrders, without the read. */
export async function openOrdersFrom(
  userId: string,
  Item: Record<string, unknown> | undefined,
): Promise<OpenOrders> {
  const cartOrderId = Item?.cartOrderId as string | undefined;
  const listed = [...((Item?.openOrderIds as Set<string> | undefined) ?? [])];
  const unpaid = await unpaidAmong([...new Set([...listed, ...(cartOrderId ? [cartOrderId] : [])])]);
  const ended = listed.filter((id) => !unpaid.has(id));
  if (ended.length > 0) await forgetEnded(userId, ended);
  const cartHeld = cartOrderId !== undefined && unpaid.has(cartOrderId);
  return {
    ...(cartHeld ? { cartHeldBy: cartOrderId } : {}),
    ...(cartOrderId && !cartHeld ? { staleCartOrderId: cartOrderId } : {}),
    unpaid: listed.filter((id) => unpaid.has(id)),
  };
}

/** 409 when the shopper already holds as many unpaid orders as allowed. */
export function refuseOverCap(open: OpenOrders) {
  const max = maxOpenOrdersPerShopper();
  if (open.unpaid.length < max) return;
  throw new AppError(
    'INVALID_STATE',
    `You have ${open.unpaid.length} unpaid orders; pay or cancel one before checking out again`,
    { openOrders: open.unpaid, maxOpenOrders: max },
  );
}

/**
 * The transaction item that claims the cart and a slot for `orderId`. Its condition holds only if
 * the cart is still as `open` saw it (free, or held by the same ended order) and a slot is free,
 * so of racing checkouts exactly one succeeds.
 */
export function claimForOrder(userId: string, orderId: string, open: OpenOrders, now: Date) {
  const cartFree = open.staleCartOrderId
    ? '(attribute_not_exists(cartOrderId) OR cartOrderId = :stale)'
    : 'attribute_not_exists(cartOrderId)';
  return {
    Update: {
      TableName: tableName('control'),
      Key: guardKey(userId),
      UpdateExpression: 'SET cartOrderId = :orderId, expiresAt = :expiresAt ADD openOrderIds :ids',
      ConditionExpression: `${cartFree} AND (attribute_not_exists(openOrderIds) OR size(openOrderIds) < :max)`,
      ExpressionAttributeValues: {
        ':orderId': orderId,
        ':ids': new Set([orderId]),
        ':max': maxOpenOrdersPerShopper(),
        ':expiresAt': Math.floor(now.getTime() / 1000) + GUARD_TTL_SECONDS,
        ...(open.staleCartOrderId ? { ':stale': open.staleCartOrderId } : {}),
      },
    },
  };
}

/** DELETE /cart starts a new cart: an unpaid order of the old one stays open (and counted). */
export async function releaseCart(userId: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: guardKey(userId),
        UpdateExpression: 'REMOVE cartOrderId',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    // No guard yet: nothing to release.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

async function unpaidAmong(orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const orders = await batchGetAll(
    tableName('orders'),
    orderIds.map((orderId) => ({ orderId })),
    { projection: 'orderId, #status', names: { '#status': 'status' }, consistentRead: true },
  );
  return new Set(
    orders.filter((o) => UNPAID_STATUSES.includes(o.status as OrderStatus)).map((o) => o.orderId as string),
  );
}

/** Removes ended orders from the set; removing one that is already gone changes nothing. */
async function forgetEnded(userId: string, orderIds: string[]): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('control'),
      Key: guardKey(userId),
      UpdateExpression: 'DELETE openOrderIds :ended',
      ExpressionAttributeValues: { ':ended': new Set(orderIds) },
    }),
  );
}

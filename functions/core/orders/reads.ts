// A shopper's view of their orders. Someone else's order is "not found", never "forbidden".
import { tableName } from '../config';
import { batchGetAll } from '../dynamo';
import { notFound } from '../errors';
import { newestFirstForUser, type PageRequest } from '../page-cursor';
import { type OrderRecord, type PublicOrder, toPublicOrder } from './model';
import { readOrder } from './store';

/** The stored order, if it exists and belongs to `userId`; otherwise 404. */
export async function requireOwnOrder(orderId: string, userId: string): Promise<OrderRecord> {
  const order = await readOrder(orderId);
  if (!order || order.userId !== userId) throw notFound('Order');
  return order;
}

export async function getOrderForUser(orderId: string, userId: string): Promise<PublicOrder> {
  return toPublicOrder(await requireOwnOrder(orderId, userId));
}

export async function listOrdersForUser(
  userId: string,
  page: PageRequest,
): Promise<{ items: PublicOrder[]; nextCursor: string | null }> {
  const { items, nextCursor } = await newestFirstForUser(
    {
      tableName: tableName('orders'),
      indexName: 'byUser',
      userId,
      keyAttributes: ['userId', 'createdAt', 'orderId'],
    },
    page,
  );
  // The index holds keys only (contract/tables.ts): the page's orders are read by key, in its order.
  const found = await batchGetAll(
    tableName('orders'),
    items.map((item) => ({ orderId: item.orderId })),
  );
  const byId = new Map(found.map((order) => [order.orderId as string, order as unknown as OrderRecord]));
  const orders = items.flatMap((item) => byId.get(item.orderId as string) ?? []);
  return { items: orders.map(toPublicOrder), nextCursor };
}

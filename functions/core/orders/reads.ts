// A shopper's view of their orders. Someone else's order is "not found", never "forbidden".
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { notFound } from '../errors';
import { decodeCursor, encodeCursor } from '../page-cursor';
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
  page: { limit: number; cursor?: string },
): Promise<{ items: PublicOrder[]; nextCursor: string | null }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName('orders'),
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attribute: 'userId', value: userId }, [
        'userId',
        'createdAt',
        'orderId',
      ]),
    }),
  );
  return { items: (Items as OrderRecord[]).map(toPublicOrder), nextCursor: encodeCursor(LastEvaluatedKey) };
}

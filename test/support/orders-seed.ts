import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';

/** A bare order row (only what ownership checks read), for tests that need an order but not checkout. */
export async function seedOrder(userId: string): Promise<string> {
  const orderId = `o-${randomUUID().slice(0, 12)}`;
  await dynamo().send(
    new PutCommand({
      TableName: tableName('orders'),
      Item: { orderId, userId, status: 'awaiting_payment', createdAt: new Date().toISOString() },
    }),
  );
  return orderId;
}

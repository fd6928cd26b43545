// The orders whose checkout should be over by now: one Query per shard of the sparse
// `openByDeadline` index, oldest deadline first. Never a Scan.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import { OPEN_MARKER_ATTRIBUTES, openShards } from '../orders/open-marker';

/** Order ids with `openDeadline <= before` (at most `limit` per shard, so one run stays short). */
export async function ordersPastDeadline(before: Date, limit = 100): Promise<string[]> {
  const perShard = await Promise.all(
    openShards().map(async (shard) => {
      const ids: string[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(
          new QueryCommand({
            TableName: tableName('orders'),
            IndexName: 'openByDeadline',
            KeyConditionExpression: 'openShard = :shard AND openDeadline <= :before',
            ExpressionAttributeValues: { ':shard': shard, ':before': before.toISOString() },
            ProjectionExpression: 'orderId',
            Limit: limit - ids.length,
            ExclusiveStartKey: cursor,
          }),
        );
        ids.push(...(page.Items ?? []).map((item) => item.orderId as string));
        cursor = page.LastEvaluatedKey;
      } while (cursor && ids.length < limit);
      return ids;
    }),
  );
  return perShard.flat();
}

/** Takes the order out of the index, if it is still in the status the reconciler saw it in. */
export async function forgetOpenOrder(orderId: string, status: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('orders'),
        Key: { orderId },
        UpdateExpression: `REMOVE ${OPEN_MARKER_ATTRIBUTES.join(', ')}`,
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error; // moved on: the next run looks again
  }
}

/** Every order still in the index, whatever its deadline (the local runtime's restart). */
export const openOrders = () => ordersPastDeadline(new Date('9999-12-31T00:00:00Z'), 1000);

// Reads one shard item of a product's stock as stored (shard 0 is the product item), consistently:
// tests that check where a move landed look at the items themselves, not the totals.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { shardKey } from '../../functions/core/inventory';

export async function shardItem(productId: string, shard: number) {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName('products'),
      Key: { productId: shardKey(productId, shard) },
      ConsistentRead: true,
    }),
  );
  return Item;
}

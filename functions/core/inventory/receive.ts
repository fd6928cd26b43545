// Admin restock. Units arrive on shard 0 (the product item, exactly as before sharding); a sharded
// product then has them spread over its shards by a rebalance.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed, retryOnTransactionConflict } from '../dynamo';
import { notFound } from '../errors';
import { getStockLevels, type StockLevels } from './levels';
import { assertQuantity } from './moves';
import { rebalanceShards } from './rebalance';
import { shardCountsOf } from './shard-keys';

const toLevels = (item: Record<string, unknown>): StockLevels => ({
  productId: item.productId as string,
  available: Number(item.available ?? 0),
  reserved: Number(item.reserved ?? 0),
  sold: Number(item.sold ?? 0),
  received: Number(item.received ?? 0),
});

/** available += q, received += q (the product must exist); the totals over all shards after it. */
export async function receiveStock(productId: string, quantity: number): Promise<StockLevels> {
  assertQuantity(quantity);
  let item: Record<string, unknown>;
  try {
    const { Attributes } = await retryOnTransactionConflict('receiveStock', () =>
      dynamo().send(
        new UpdateCommand({
          TableName: tableName('products'),
          Key: { productId },
          UpdateExpression:
            'ADD available :q, received :q SET reserved = if_not_exists(reserved, :zero), sold = if_not_exists(sold, :zero)',
          ConditionExpression: 'attribute_exists(productId)',
          ExpressionAttributeValues: { ':q': quantity, ':zero': 0 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    item = Attributes!;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw notFound('Product');
    throw error;
  }
  if (shardCountsOf(item).high === 1) return toLevels(item);
  await rebalanceShards(productId);
  return getStockLevels(productId);
}

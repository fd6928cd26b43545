// PUT /admin/inventory/{productId}/shards: how many counters a product's stock is spread over.
// Growing creates (or un-retires) shard items; shrinking retires the top ones: they take no new
// reservations but keep their reserved and sold units, so open orders still release and commit to
// exactly the shards they took; their available units are drained into the active shards (now, and
// by the stream consumer whenever a release lands in one). Every unit stays: the shard count changes
// in one conditional transaction, and units only move in rebalance's conditional moves.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { cancellationCodes, retryOnTransactionConflict, StockContentionError } from '../dynamo';
import { AppError } from '../errors';
import { readStockSnapshot, type StockLevels, type StockSnapshot, totalsOf } from './levels';
import type { TransactWriteItem } from './moves';
import { rebalanceShards } from './rebalance';
import { rememberShardCount } from './reserve';
import { MAX_SHARDS, shardKey } from './shard-keys';

const MAX_ATTEMPTS = 4;

export interface ShardedStockLevels extends StockLevels {
  shards: number;
}

export async function setStockShards(productId: string, shards: number): Promise<ShardedStockLevels> {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `shards must be an integer from 1 to ${MAX_SHARDS}, got ${shards}`,
    );
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const snapshot = await readStockSnapshot(productId);
    if (snapshot.counts.shards !== shards) {
      try {
        await retryOnTransactionConflict('setStockShards', () =>
          dynamo().send(new TransactWriteCommand({ TransactItems: reshardItems(snapshot, shards) })),
        );
      } catch (error) {
        // Another reshard (or a product change) got there first: decide again from fresh levels.
        if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) continue;
        throw error;
      }
    }
    rememberShardCount(productId, shards);
    await rebalanceShards(productId);
    return { ...totalsOf(await readStockSnapshot(productId)), shards };
  }
  throw new StockContentionError(`setStockShards for ${productId} kept racing other changes`);
}

function reshardItems(snapshot: StockSnapshot, shards: number): TransactWriteItem[] {
  const { productId, counts, active } = snapshot;
  const table = tableName('products');
  const product: TransactWriteItem = {
    Update: {
      TableName: table,
      Key: { productId },
      UpdateExpression: 'SET stockShards = :n, stockShardsHigh = :high',
      // The shard items created or un-retired below copy `active` as read: it must still be so.
      ConditionExpression: `${
        counts.shards === 1
          ? 'attribute_exists(productId) AND (attribute_not_exists(stockShards) OR stockShards = :cur)'
          : 'stockShards = :cur'
      } AND ${active ? 'active = :true' : 'NOT active = :true'}`,
      ExpressionAttributeValues: {
        ':n': shards,
        ':high': Math.max(counts.high, shards),
        ':cur': counts.shards,
        ':true': true,
      },
    },
  };
  const items = [product];
  for (let shard = Math.min(counts.shards, shards); shard < Math.max(counts.shards, shards); shard++) {
    const Key = { productId: shardKey(productId, shard) };
    if (shards < counts.shards) {
      items.push({
        Update: {
          TableName: table,
          Key,
          UpdateExpression: 'SET retired = :true',
          ConditionExpression: 'attribute_exists(productId)',
          ExpressionAttributeValues: { ':true': true },
        },
      });
    } else if (shard < counts.high) {
      items.push({
        Update: {
          TableName: table,
          Key,
          UpdateExpression: 'SET active = :active REMOVE retired',
          ConditionExpression: 'attribute_exists(productId)',
          ExpressionAttributeValues: { ':active': active },
        },
      });
    } else {
      items.push({
        Put: {
          TableName: table,
          Item: {
            ...Key,
            shardOf: productId,
            shard,
            active,
            available: 0,
            reserved: 0,
            sold: 0,
            received: 0,
          },
          ConditionExpression: 'attribute_not_exists(productId)',
        },
      });
    }
  }
  return items;
}

/**
 * The writes that set a sharded product's shard items' copy of `active` (their reservation
 * condition): sent in the same transaction as the product's own `active`, so a reservation never
 * finds them disagreeing, whichever admin write lands last.
 */
export function shardActiveWrites(productId: string, high: number, active: boolean): TransactWriteItem[] {
  return Array.from({ length: high - 1 }, (_, i) => ({
    Update: {
      TableName: tableName('products'),
      Key: { productId: shardKey(productId, i + 1) },
      UpdateExpression: 'SET active = :active',
      ConditionExpression: 'attribute_exists(productId)',
      ExpressionAttributeValues: { ':active': active },
    },
  }));
}

// Reading a product's stock: one GetItem for an unsharded product (as before sharding), one
// TransactGetItems snapshot of every shard item for a sharded one, so the totals are of one instant.
import { GetCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { retryOnTransactionConflict } from '../dynamo';
import { notFound } from '../errors';
import { type ShardCounts, shardCountsOf, shardKey } from './shard-keys';

export interface StockLevels {
  productId: string;
  available: number;
  reserved: number;
  sold: number;
  received: number;
}

export interface ShardLevels extends Omit<StockLevels, 'productId'> {
  shard: number;
  /** Past `stockShards` after a shrink: no new reservations; drained of available units. */
  retired: boolean;
}

export interface StockSnapshot {
  productId: string;
  active: boolean;
  counts: ShardCounts;
  /** Every shard item that exists, 0..high-1, in shard order. */
  shards: ShardLevels[];
}

const PROJECTION =
  'productId, available, reserved, sold, received, active, retired, stockShards, stockShardsHigh';

const shardLevelsOf = (shard: number, item: Record<string, unknown> | undefined): ShardLevels => ({
  shard,
  available: Number(item?.available ?? 0),
  reserved: Number(item?.reserved ?? 0),
  sold: Number(item?.sold ?? 0),
  received: Number(item?.received ?? 0),
  retired: item?.retired === true,
});

/** The product's stock as one consistent instant; NOT_FOUND for an unknown product. */
export async function readStockSnapshot(productId: string): Promise<StockSnapshot> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName('products'),
      Key: { productId },
      ProjectionExpression: PROJECTION,
      ConsistentRead: true,
    }),
  );
  if (!Item) throw notFound('Product');
  const counts = shardCountsOf(Item);
  if (counts.high === 1) {
    return { productId, active: Item.active === true, counts, shards: [shardLevelsOf(0, Item)] };
  }
  return snapshotOfShards(productId, counts.high);
}

async function snapshotOfShards(productId: string, high: number): Promise<StockSnapshot> {
  const { Responses = [] } = await retryOnTransactionConflict('readStockSnapshot', () =>
    dynamo().send(
      new TransactGetCommand({
        TransactItems: Array.from({ length: high }, (_, shard) => ({
          Get: {
            TableName: tableName('products'),
            Key: { productId: shardKey(productId, shard) },
            ProjectionExpression: PROJECTION,
          },
        })),
      }),
    ),
  );
  const product = Responses[0]?.Item;
  if (!product) throw notFound('Product');
  const counts = shardCountsOf(product);
  // A reshard between the two reads grew the shard items: read them all again.
  if (counts.high !== high) return snapshotOfShards(productId, counts.high);
  return {
    productId,
    active: product.active === true,
    counts,
    shards: Responses.map((response, shard) => shardLevelsOf(shard, response.Item)),
  };
}

/** The product's counters summed over every shard item (retired ones included). */
export function totalsOf(snapshot: StockSnapshot): StockLevels {
  const sum = (counter: 'available' | 'reserved' | 'sold' | 'received') =>
    snapshot.shards.reduce((total, shard) => total + shard[counter], 0);
  return {
    productId: snapshot.productId,
    available: sum('available'),
    reserved: sum('reserved'),
    sold: sum('sold'),
    received: sum('received'),
  };
}

/** GET /admin/inventory/{productId}: the totals over all shards. */
export async function getStockLevels(productId: string): Promise<StockLevels> {
  return totalsOf(await readStockSnapshot(productId));
}

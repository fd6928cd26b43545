// What the catalog and the cart show as `available` without reading N items per product: an
// unsharded product's own counter, or for a sharded one a summary item (`<id>#stock#summary`) kept
// by the products table's stream consumer. The summary is for display only ("only 3 left"); a
// reservation never reads it. It holds each shard's last seen `available` (`a_<k>`) with the stream
// sequence number it came from (`v_<k>`), and a write lands only if newer, so redelivered or
// reordered batches leave it right. The hot product item is never written for it.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { batchGetAll, isConditionalCheckFailed } from '../dynamo';
import { rebalanceShards } from './rebalance';
import { parseStockKey, shardCountsOf, shardKey, summaryKey } from './shard-keys';

type Item = Record<string, unknown>;

const unitsIn = (summary: Item): number =>
  Object.entries(summary).reduce(
    (sum, [name, value]) => (name.startsWith('a_') ? sum + Number(value) : sum),
    0,
  );

/** Units to show per product for product items already read (with `available` and `stockShards`). */
export async function displayedAvailable(products: Item[]): Promise<Map<string, number>> {
  const shown = new Map(products.map((p) => [p.productId as string, Math.max(0, Number(p.available ?? 0))]));
  const sharded = products.filter((p) => Number(p.stockShards ?? 1) > 1);
  if (sharded.length === 0) return shown;
  const summaries = new Map(
    (
      await batchGetAll(
        tableName('products'),
        sharded.map((p) => ({ productId: summaryKey(p.productId as string) })),
      )
    ).map((summary) => [summary.summaryOf as string, summary]),
  );
  // Right after a reshard the stream has not summarised every shard yet: count those shards from
  // the items themselves, or the cart would show (and refuse beyond) shard 0's part of the stock.
  const unseenUnits = new Map<string, number>();
  const unseen: Record<string, unknown>[] = [];
  for (const p of sharded) {
    const id = p.productId as string;
    const summary = summaries.get(id);
    for (let shard = 0; shard < Number(p.stockShards); shard++) {
      if (summary?.[`a_${shard}`] !== undefined) continue;
      // Shard 0 is the product item the caller has read already.
      if (shard === 0) unseenUnits.set(id, Number(p.available ?? 0));
      else unseen.push({ productId: shardKey(id, shard) });
    }
  }
  const items = await batchGetAll(tableName('products'), unseen, { projection: 'productId, available' });
  for (const item of items) {
    const { productId } = parseStockKey(item.productId as string);
    unseenUnits.set(productId, (unseenUnits.get(productId) ?? 0) + Number(item.available ?? 0));
  }
  for (const p of sharded) {
    const id = p.productId as string;
    const summary = summaries.get(id);
    shown.set(id, Math.max(0, (summary ? unitsIn(summary) : 0) + (unseenUnits.get(id) ?? 0)));
  }
  return shown;
}

/**
 * For a page of products (the catalog listing): units a shopper can buy, by product id (unknown
 * products are absent). One batched read per product, and a second batched one for sharded ones.
 */
export async function availableUnits(productIds: string[]): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const products = await batchGetAll(
    tableName('products'),
    [...new Set(productIds)].map((productId) => ({ productId })),
    { projection: 'productId, available, stockShards' },
  );
  return displayedAvailable(products);
}

/** One change of a products-table item as the stream delivered it. */
export interface ProductsChange {
  key: string;
  sequenceNumber: string;
  newImage?: Item;
}

// Stream sequence numbers are decimal strings of up to 40 digits: padded, they compare as strings.
const ordered = (sequenceNumber: string) => sequenceNumber.padStart(40, '0');

/**
 * The stream consumer's work for one batch: the latest `available` per shard of sharded products
 * into their summaries (one write per product per batch, not per move), and a retired shard that
 * got units back (a release) drained.
 */
export async function summariseStockChanges(changes: ProductsChange[]): Promise<void> {
  const latest = new Map<string, Map<number, { available: number; version: string }>>();
  const toDrain = new Set<string>();
  for (const change of changes) {
    const key = parseStockKey(change.key);
    if (key.kind !== 'shard') continue;
    if (key.shard === 0 && shardCountsOf(change.newImage).high === 1) continue;
    const available = Number(change.newImage?.available ?? 0);
    if (change.newImage?.retired === true && available > 0) toDrain.add(key.productId);
    const shards = latest.get(key.productId) ?? new Map();
    shards.set(key.shard, { available, version: ordered(change.sequenceNumber) });
    latest.set(key.productId, shards);
  }
  for (const [productId, shards] of latest) await writeSummary(productId, shards);
  for (const productId of toDrain) await rebalanceShards(productId);
}

async function writeSummary(productId: string, shards: Map<number, { available: number; version: string }>) {
  const update = (entries: [number, { available: number; version: string }][]) =>
    dynamo().send(
      new UpdateCommand({
        TableName: tableName('products'),
        Key: { productId: summaryKey(productId) },
        UpdateExpression: `SET summaryOf = :id, ${entries.map(([k]) => `a_${k} = :a${k}, v_${k} = :v${k}`).join(', ')}`,
        ConditionExpression: entries
          .map(([k]) => `(attribute_not_exists(v_${k}) OR v_${k} < :v${k})`)
          .join(' AND '),
        ExpressionAttributeValues: Object.fromEntries([
          [':id', productId],
          ...entries.flatMap(([k, { available, version }]) => [
            [`:a${k}`, available],
            [`:v${k}`, version],
          ]),
        ]),
      }),
    );
  const entries = [...shards];
  try {
    await update(entries);
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    // Some shard's value there is newer (a redelivery): write the others one by one.
    for (const entry of entries) {
      await update([entry]).catch((refused) => {
        if (!isConditionalCheckFailed(refused)) throw refused;
      });
    }
  }
}

// Where a product's stock lives. Shard 0 is the product item's own counters (so an unsharded
// product is stored exactly as before); shard k ≥ 1 is its own item, `<productId>#stock#<k>`, which
// never carries `listing` and so never enters the listing index. The display summary of a sharded
// product is `<productId>#stock#summary` (./summary.ts).

/** The most shards a product may have (PUT /admin/inventory/{productId}/shards). */
export const MAX_SHARDS = 64;

const MARK = '#stock#';

export const shardKey = (productId: string, shard: number): string =>
  shard === 0 ? productId : `${productId}${MARK}${shard}`;

export const summaryKey = (productId: string): string => `${productId}${MARK}summary`;

export type StockItemKey =
  | { kind: 'shard'; productId: string; shard: number }
  | { kind: 'summary'; productId: string };

/** What a key of the products table names: a shard (0 = the product item) or a summary. */
export function parseStockKey(key: string): StockItemKey {
  const at = key.lastIndexOf(MARK);
  if (at < 0) return { kind: 'shard', productId: key, shard: 0 };
  const productId = key.slice(0, at);
  const rest = key.slice(at + MARK.length);
  if (rest === 'summary') return { kind: 'summary', productId };
  return { kind: 'shard', productId, shard: Number(rest) };
}

/** The product item's shard fields: `stockShards` in use, `stockShardsHigh` items that exist. */
export interface ShardCounts {
  shards: number;
  high: number;
}

export const shardCountsOf = (item: Record<string, unknown> | undefined): ShardCounts => {
  const shards = Number(item?.stockShards ?? 1);
  return { shards, high: Math.max(shards, Number(item?.stockShardsHigh ?? 1)) };
};

// Units a shopper can buy now, for a page of products at once: one batched read of the counters
// the listing index no longer carries. A minimal reader of the product item's `available`; the
// inventory module owns the counters and may answer this from wherever it keeps them.
import { tableName } from './config';
import { batchGetAll } from './dynamo';

/** `available` per product id; an id with no product item is absent from the map. */
export async function availableUnits(productIds: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(productIds)];
  if (unique.length === 0) return new Map();
  const items = await batchGetAll(
    tableName('products'),
    unique.map((productId) => ({ productId })),
    { projection: 'productId, available' },
  );
  return new Map(items.map((item) => [item.productId as string, Number(item.available ?? 0)]));
}

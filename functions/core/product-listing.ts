// GET /products: active products by category, then id, one page at a time. The index holds one
// partition per category and only catalog fields; `available` comes for the page in one batched
// read. Unfiltered, the category partitions are read one after another in category order, so the
// order is stable and a cursor (the last listed product's index key) says where to go on.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ProductPage, toProduct } from './catalog';
import { dynamo } from './clients';
import { tableName } from './config';
import { AppError } from './errors';
import { availableUnits } from './inventory';
import {
  LISTING_INDEX,
  LISTING_KEY_PATTERN,
  listedCategories,
  listingKey,
  PRODUCT_ID_PATTERN,
} from './listing-keys';
import { decodeCursor, encodeCursor } from './page-cursor';

type IndexKey = { listing: string; productId: string };

export async function listActiveProducts(options: {
  category?: string;
  limit: number;
  cursor?: string;
}): Promise<ProductPage> {
  const { category, limit } = options;
  const after = options.cursor === undefined ? undefined : decodeListingCursor(options.cursor, category);
  const categories = category === undefined ? await listedCategories() : [category];
  // One item past the page: the last page then says so (nextCursor null) instead of leading to an
  // empty one.
  const found: Record<string, unknown>[] = [];
  for (const each of categories) {
    if (found.length > limit) break;
    const partition = listingKey(each);
    if (after && partition < after.listing) continue;
    let startKey: Record<string, unknown> | undefined = partition === after?.listing ? after : undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await dynamo().send(
        new QueryCommand({
          TableName: tableName('products'),
          IndexName: LISTING_INDEX,
          KeyConditionExpression: 'listing = :listing',
          ExpressionAttributeValues: { ':listing': partition },
          Limit: limit + 1 - found.length,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...Items);
      startKey = LastEvaluatedKey;
    } while (startKey && found.length <= limit);
  }
  const page = found.slice(0, limit);
  const units = await availableUnits(page.map((item) => item.productId as string));
  const last = page.at(-1);
  return {
    items: page.map((item) => toProduct({ ...item, available: units.get(item.productId as string) ?? 0 })),
    nextCursor:
      found.length > limit && last
        ? encodeCursor({ listing: last.listing, productId: last.productId })
        : null,
  };
}

/** A cursor is only ever one we issued: the index key of a listed product (of this category, if
 *  the listing has one). */
function decodeListingCursor(cursor: string, category?: string): IndexKey {
  const owner = {
    attribute: 'listing',
    value: category === undefined ? LISTING_KEY_PATTERN : listingKey(category),
  };
  const key = decodeCursor(cursor, owner, ['listing', 'productId']) as IndexKey;
  if (!PRODUCT_ID_PATTERN.test(key.productId)) {
    throw new AppError('VALIDATION_FAILED', 'cursor is not valid for this listing');
  }
  return key;
}

// The catalog: product fields, and where an active product is listed (the listing itself is
// product-listing.ts). Writes only catalog attributes; stock counters belong to inventory.ts
// (they are only created here, as 0, for a new product).
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './config';
import {
  cancellationCodes,
  isConditionalCheckFailed,
  retryOnTransactionConflict,
  StockContentionError,
} from './dynamo';
import { notFound } from './errors';
import { displayedAvailable, shardActiveWrites } from './inventory';
import { listingKey, recordListedCategory } from './listing-keys';

export interface ProductFields {
  name: string;
  category: string;
  price: number;
  mrp: number;
  unit: string;
  imageUrl?: string;
  active: boolean;
  maxPerOrder: number;
}

export interface Product extends ProductFields {
  productId: string;
  /** Units a shopper can buy now. */
  available: number;
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

export const toProduct = (item: Record<string, unknown>): Product => ({
  productId: item.productId as string,
  name: item.name as string,
  category: item.category as string,
  price: Number(item.price),
  mrp: Number(item.mrp),
  unit: item.unit as string,
  ...(typeof item.imageUrl === 'string' ? { imageUrl: item.imageUrl } : {}),
  active: item.active === true,
  maxPerOrder: Number(item.maxPerOrder),
  available: Number(item.available ?? 0),
});

/** Creates or replaces a product's catalog fields; its stock counters are left as they are. */
export async function putProduct(productId: string, fields: ProductFields): Promise<Product> {
  const now = new Date().toISOString();
  const set = [
    '#name = :name',
    'category = :category',
    'price = :price',
    'mrp = :mrp',
    '#unit = :unit',
    'active = :active',
    'maxPerOrder = :maxPerOrder',
    'updatedAt = :now',
    'createdAt = if_not_exists(createdAt, :now)',
    ...['available', 'reserved', 'sold', 'received'].map((c) => `${c} = if_not_exists(${c}, :zero)`),
  ];
  // `listingSort` keyed the listing before it had a partition per category (docs/decisions.md).
  const remove: string[] = ['listingSort'];
  if (fields.imageUrl === undefined) remove.push('imageUrl');
  else set.push('imageUrl = :imageUrl');
  // Only active products carry `listing`, which makes the listing index sparse. The category is
  // recorded first, so an unfiltered listing never misses a partition that holds a product.
  if (fields.active) {
    set.push('listing = :listing');
    await recordListedCategory(fields.category);
  } else remove.push('listing');

  const update: ProductUpdate = {
    TableName: tableName('products'),
    Key: { productId },
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ExpressionAttributeNames: { '#name': 'name', '#unit': 'unit' },
    ExpressionAttributeValues: {
      ':name': fields.name,
      ':category': fields.category,
      ':price': fields.price,
      ':mrp': fields.mrp,
      ':unit': fields.unit,
      ':active': fields.active,
      ':maxPerOrder': fields.maxPerOrder,
      ':now': now,
      ':zero': 0,
      ...(fields.imageUrl === undefined ? {} : { ':imageUrl': fields.imageUrl }),
      ...(fields.active ? { ':listing': listingKey(fields.category) } : {}),
    },
  };

  // An unsharded product (almost all of them): one write, on the condition that it still is one.
  // A product being reserved is inside a transaction: a concurrent edit retries rather than fails.
  try {
    const { Attributes } = await retryOnTransactionConflict('putProduct', () =>
      dynamo().send(
        new UpdateCommand({
          ...update,
          ConditionExpression: 'attribute_not_exists(stockShardsHigh) OR stockShardsHigh <= :one',
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return withDisplayedAvailable(Attributes!);
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  return putShardedProduct(productId, update, fields.active);
}

/** putProduct's write, sent alone or in a transaction. */
interface ProductUpdate {
  TableName: string;
  Key: { productId: string };
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

const MAX_SHARDED_PUT_ATTEMPTS = 4;

/**
 * A sharded product's fields and its shard items' copy of `active` (their reservation condition)
 * in one transaction, conditioned on the shard items it knows of: written one after the other, a
 * racing deactivation (or a reshard) could leave a shard active under an inactive product.
 */
async function putShardedProduct(
  productId: string,
  update: ProductUpdate,
  active: boolean,
): Promise<Product> {
  for (let attempt = 1; attempt <= MAX_SHARDED_PUT_ATTEMPTS; attempt++) {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName('products'),
        Key: { productId },
        ProjectionExpression: 'stockShards, stockShardsHigh',
        ConsistentRead: true,
      }),
    );
    const high = Math.max(Number(Item?.stockShards ?? 1), Number(Item?.stockShardsHigh ?? 1));
    try {
      await retryOnTransactionConflict('putProduct', () =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  ...update,
                  ConditionExpression: 'stockShardsHigh = :high',
                  ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':high': high },
                },
              },
              ...shardActiveWrites(productId, high, active),
            ],
          }),
        ),
      );
      return (await findProduct(productId))!;
    } catch (error) {
      // A reshard made more shard items meanwhile: write them all.
      if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
    }
  }
  throw new StockContentionError(`putProduct for ${productId} kept racing reshards`);
}

/** A sharded product's `available` is its stock summary's (shard 0 holds only part of it). */
async function withDisplayedAvailable(item: Record<string, unknown>): Promise<Product> {
  const product = toProduct(item);
  if (Number(item.stockShards ?? 1) <= 1) return product;
  return { ...product, available: (await displayedAvailable([item])).get(product.productId) ?? 0 };
}

/** The product as stored, active or not; undefined if unknown. */
export async function findProduct(productId: string): Promise<Product | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('products'), Key: { productId }, ConsistentRead: true }),
  );
  return Item ? withDisplayedAvailable(Item) : undefined;
}

/** A product a shopper may see: inactive and unknown products are both "not found". */
export async function getActiveProduct(productId: string): Promise<Product> {
  const product = await findProduct(productId);
  if (!product?.active) throw notFound('Product');
  return product;
}

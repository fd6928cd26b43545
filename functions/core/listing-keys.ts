// Where the listing index puts a product, and the record of the categories it has partitions for.
// An active product carries `listing = ACTIVE#<category>`: one index partition per category, so
// catalog edits spread over categories and a category's page is one Query.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../contract/tables';
import { dynamo } from './clients';
import { tableName } from './config';

export const LISTING_INDEX = tables.products.globalIndexes[0].indexName;
export const listingKey = (category: string) => `ACTIVE#${category}`;
/** A listing key we issued (`ACTIVE#` and a category id) and a product id (contract/schemas/common.ts `Id`). */
export const LISTING_KEY_PATTERN = /^ACTIVE#[A-Za-z0-9_-]{1,64}$/;
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Product ids are letters, digits, `_` and `-`, so this id is never a product. */
export const CATEGORIES_RECORD_ID = '#categories';

/** Adds a category to the record before a product is listed in it (idempotent). Categories are
 *  never taken out: an emptied one costs an unfiltered listing one empty Query. */
export async function recordListedCategory(category: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('products'),
      Key: { productId: CATEGORIES_RECORD_ID },
      UpdateExpression: 'ADD categories :category',
      ExpressionAttributeValues: { ':category': new Set([category]) },
    }),
  );
}

/** Every category a product was ever listed in, in listing order. */
export async function listedCategories(): Promise<string[]> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('products'), Key: { productId: CATEGORIES_RECORD_ID } }),
  );
  const categories = (Item?.categories as Set<string> | undefined) ?? new Set<string>();
  return [...categories].sort(byCodeUnit);
}

/** DynamoDB's order of ASCII sort keys, so pages follow the same order the index does. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

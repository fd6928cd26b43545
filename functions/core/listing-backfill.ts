// One-off upgrade of products written before the listing had a partition per category (they carry
// `listing = ACTIVE` and `listingSort`): each gets `listing = ACTIVE#<category>`, its category is
// recorded, and `listingSort` goes. Safe to run again and beside live traffic: a product written
// since the scan has no `listingSort` any more, so its update's condition fails and it is skipped.
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './config';
import { isConditionalCheckFailed, retryOnTransactionConflict } from './dynamo';
import { listingKey, recordListedCategory } from './listing-keys';

/** Upgrades every product still keyed the old way; returns how many it changed. */
export async function backfillListingKeys(): Promise<{ upgraded: number }> {
  let upgraded = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await dynamo().send(
      new ScanCommand({
        TableName: tableName('products'),
        FilterExpression: 'attribute_exists(listingSort)',
        ProjectionExpression: 'productId, category, listing, listingSort',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of Items) if (await upgrade(item)) upgraded++;
    startKey = LastEvaluatedKey;
  } while (startKey);
  return { upgraded };
}

async function upgrade(item: Record<string, unknown>): Promise<boolean> {
  const listed = item.listing !== undefined;
  if (listed) await recordListedCategory(item.category as string);
  try {
    await retryOnTransactionConflict('backfillListingKeys', () =>
      dynamo().send(
        new UpdateCommand({
          TableName: tableName('products'),
          Key: { productId: item.productId },
          UpdateExpression: listed ? 'SET listing = :listing REMOVE listingSort' : 'REMOVE listingSort',
          ConditionExpression: 'listingSort = :seen',
          ExpressionAttributeValues: {
            ':seen': item.listingSort,
            ...(listed ? { ':listing': listingKey(item.category as string) } : {}),
          },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

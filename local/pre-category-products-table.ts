// The products table as versions before the per-category listing created it (one `ACTIVE` listing
// partition keyed by `listingSort`, every attribute projected). Start-up upgrades such a table in
// ./.data (local/table-indexes.ts, functions/core/listing-backfill.ts); the upgrade's test and its
// bench build one here to upgrade.
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export async function createPreCategoryProductsTable(
  client: DynamoDBClient,
  TableName: string,
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['productId', 'listing', 'listingSort'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S',
      })),
      KeySchema: [{ AttributeName: 'productId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'activeProducts',
          KeySchema: [
            { AttributeName: 'listing', KeyType: 'HASH' },
            { AttributeName: 'listingSort', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

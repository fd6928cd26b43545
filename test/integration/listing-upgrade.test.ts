// Upgrading data kept in ./.data by the version before the per-category listing: the old index
// (one `ACTIVE` partition, every attribute) is replaced, the old items re-keyed, and they list.
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_PRODUCT_ATTRIBUTES } from '../../contract/tables';
import { backfillListingKeys } from '../../functions/core/listing-backfill';
import { listActiveProducts } from '../../functions/core/product-listing';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { freePort } from '../../local/free-port';
import { useLocalAws } from '../../local/lambda-environment';
import { createPreCategoryProductsTable } from '../../local/pre-category-products-table';
import { createTables } from '../../local/tables';

const prefix = `t${randomUUID().slice(0, 8)}-`;
// Its own DynamoDB Local: replacing an index is a background job, and on the suite's shared emulator,
// busy with every other file's tables, the new index was seen stuck in CREATING for minutes.
let emulator: DynamoDbLocal;
let client: DynamoDBClient;
afterAll(() => emulator?.stop());

/** A product as the old putProduct wrote it. */
const oldProduct = (productId: string, category: string, active: boolean, available: number) => ({
  productId,
  name: `Old ${productId}`,
  category,
  price: 1000,
  mrp: 1000,
  unit: '1 pc',
  active,
  maxPerOrder: 5,
  listingSort: `${category}#${productId}`,
  ...(active ? { listing: 'ACTIVE' } : {}),
  available,
  reserved: 0,
  sold: 0,
  received: available,
});

beforeAll(async () => {
  emulator = await startDynamoDbLocal({ port: await freePort() });
  useLocalAws({ dynamodb: emulator.endpoint });
  client = new DynamoDBClient({ endpoint: emulator.endpoint });
  const TableName = `${prefix}products`;
  await createPreCategoryProductsTable(client, TableName);

  const documents = DynamoDBDocumentClient.from(client);
  for (const item of [
    oldProduct('old-milk', 'dairy', true, 4),
    oldProduct('old-chips', 'snacks', true, 0),
    oldProduct('old-hidden', 'snacks', false, 9),
  ]) {
    await documents.send(new PutCommand({ TableName, Item: item }));
  }
  await createTables(prefix, client);
}, 330_000); // replacing an index on the suite's busy emulator can take minutes (local/table-indexes.ts)

describe('upgrading a products table from the single-partition listing', () => {
  it('replaces the old index with the declared one', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: `${prefix}products` }));
    expect(Table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'listedByCategory',
        KeySchema: [
          { AttributeName: 'listing', KeyType: 'HASH' },
          { AttributeName: 'productId', KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: expect.arrayContaining([...LISTED_PRODUCT_ATTRIBUTES]),
        },
      }),
    ]);
  });

  it('re-keys old products once, and they list with their stock', async () => {
    expect(await backfillListingKeys()).toEqual({ upgraded: 3 });
    expect(await backfillListingKeys()).toEqual({ upgraded: 0 });
    const all = await listActiveProducts({ limit: 10 });
    expect(all.items.map((p) => [p.productId, p.available])).toEqual([
      ['old-milk', 4],
      ['old-chips', 0],
    ]);
    const snacks = await listActiveProducts({ category: 'snacks', limit: 10 });
    expect(snacks.items.map((p) => p.productId)).toEqual(['old-chips']);
  });

  it('leaves an up-to-date table as it is', async () => {
    const sent: string[] = [];
    const watched = new DynamoDBClient({});
    watched.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    await createTables(prefix, watched);
    expect(sent).toContain('CreateTableCommand');
    expect(sent).not.toContain('UpdateTableCommand');
  });
});

// What a stock move costs the listing index, before (one `ACTIVE` partition, every attribute
// projected) and now (a partition per category, catalog fields only), measured with
// ReturnConsumedCapacity=INDEXES on DynamoDB Local; and what a page of the listing reads in each.
// Prints figures; not a pass/fail test. Run: npx tsx bench/listing-index-writes.ts
import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type TableKey, tableKeys } from '../contract/tables';
import { putProduct } from '../functions/core/catalog';
import { dynamo } from '../functions/core/clients';
import {
  commitReservation,
  receiveStock,
  releaseReservation,
  reserveStock,
} from '../functions/core/inventory';
import { LISTING_INDEX } from '../functions/core/listing-keys';
import { listActiveProducts } from '../functions/core/product-listing';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { freePort } from '../local/free-port';
import { useLocalAws, useLocalResources } from '../local/lambda-environment';
import { createPreCategoryProductsTable } from '../local/pre-category-products-table';
import { createTables } from '../local/tables';

const PRODUCTS = 40;
const CATEGORIES = ['beverages', 'dairy', 'fruits', 'snacks'];
const fields = (i: number) => ({
  name: `Product ${i}`,
  category: CATEGORIES[i % CATEGORIES.length]!,
  price: 1000,
  mrp: 1200,
  unit: '1 pc',
  imageUrl: `https://img.example/${i}.png`,
  active: true,
  maxPerOrder: 10,
});

/** Capacity units per call, split into the table and each index. */
const consumed: ConsumedCapacity[] = [];
dynamo().middlewareStack.add(
  (next) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
    const result = await next(args);
    const answer = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
      .ConsumedCapacity;
    if (answer) consumed.push(...[answer].flat());
    return result;
  },
  { step: 'initialize', name: 'count-capacity' },
);

async function measure(op: () => Promise<unknown>) {
  consumed.length = 0;
  await op();
  const sum = (pick: (c: ConsumedCapacity) => number | undefined) =>
    consumed.reduce((total, c) => total + (pick(c) ?? 0), 0);
  return {
    index: sum((c) =>
      Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((t, i) => t + (i.CapacityUnits ?? 0), 0),
    ),
    total: sum((c) => c.CapacityUnits),
  };
}

const moves: [string, (ids: string[]) => Promise<unknown>][] = [
  ['receive 50 units', (ids) => receiveStock(ids[0]!, 50)],
  ['reserve 1 line', (ids) => reserveStock([{ productId: ids[0]!, quantity: 1 }])],
  [
    'reserve 3 lines',
    (ids) => reserveStock(ids.slice(1, 4).map((productId) => ({ productId, quantity: 1 }))),
  ],
  ['release 1 line', (ids) => releaseReservation([{ productId: ids[0]!, quantity: 1 }])],
  [
    'commit 3 lines',
    (ids) => commitReservation(ids.slice(1, 4).map((productId) => ({ productId, quantity: 1 }))),
  ],
];

/** The old products table and its items, as the version before this change wrote them. */
async function legacyProducts(client: DynamoDBClient, TableName: string) {
  await createPreCategoryProductsTable(client, TableName);

  for (let i = 0; i < PRODUCTS; i++) {
    const { category } = fields(i);
    const Item = { productId: `p${i}`, ...fields(i), listing: 'ACTIVE', listingSort: `${category}#p${i}` };
    await dynamo().send(
      new PutCommand({
        TableName,
        Item: {
          ...Item,
          available: 100,
          reserved: 0,
          sold: 0,
          received: 100,
          updatedAt: new Date().toISOString(),
        },
      }),
    );
  }
}

const port = await freePort();
const emulator = await startDynamoDbLocal({ port });
try {
  useLocalAws({ dynamodb: emulator.endpoint });
  const client = new DynamoDBClient({});
  await createTables('now-', client);
  const ids = Array.from({ length: PRODUCTS }, (_, i) => `p${i}`);
  for (const [i, id] of ids.entries()) {
    await putProduct(id, fields(i));
    await receiveStock(id, 100);
  }
  const now = [];
  for (const [, move] of moves) now.push(await measure(() => move(ids)));
  const edit = await measure(() => putProduct(ids[0]!, { ...fields(0), price: 900 }));
  const pageNow = await measure(() => listActiveProducts({ limit: 20 }));
  const pageInCategory = await measure(() => listActiveProducts({ category: 'dairy', limit: 10 }));

  await legacyProducts(client, 'before-products');
  const names = Object.fromEntries(tableKeys.map((k) => [k, `now-${k}`])) as Record<TableKey, string>;
  useLocalResources({ tableNames: { ...names, products: 'before-products' } });
  const before = [];
  for (const [, move] of moves) before.push(await measure(() => move(ids)));
  const pageBefore = await measure(() =>
    dynamo().send(
      new QueryCommand({
        TableName: 'before-products',
        IndexName: 'activeProducts',
        KeyConditionExpression: 'listing = :listing',
        ExpressionAttributeValues: { ':listing': 'ACTIVE' },
        Limit: 21,
      }),
    ),
  );

  console.log(`Write units on the listing index per stock move (DynamoDB Local, ${PRODUCTS} products)\n`);
  console.log(
    'move               before (ALL, one partition)   now (INCLUDE, per category)   table+index total before → now',
  );
  for (const [i, [name]] of moves.entries()) {
    console.log(
      `${name.padEnd(18)} ${String(before[i]!.index).padStart(12)}                 ${String(now[i]!.index).padStart(12)}` +
        `                  ${before[i]!.total} → ${now[i]!.total}`,
    );
  }
  console.log(
    'DynamoDB Local reports a transaction as 4 units per table whatever its items; AWS bills 2 per item\n' +
      'written in a transaction, and 1 per index entry an item write changes (the "before" column).',
  );
  console.log(`\ncatalog edit (price), now: ${edit.index} index write units of ${edit.total}`);
  console.log(
    `read units for a page of 20, unfiltered: before ${pageBefore.total} (one Query) → now ${pageNow.total}` +
      ` (categories record + Query per category + BatchGet of available)`,
  );
  console.log(`read units for a page of 10 in one category, now: ${pageInCategory.total}`);
  console.log(`(listing index: ${LISTING_INDEX})`);
} finally {
  await emulator.stop();
}

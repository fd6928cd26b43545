// The listing index against DynamoDB Local: stock moves write no index entry, yet the listing shows
// the units available now; one partition per category, merged in a stable order across pages.
import { randomUUID } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../contract/tables';
import { putProduct } from '../../functions/core/catalog';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import {
  availableUnits,
  commitReservation,
  receiveStock,
  releaseReservation,
  reserveStock,
} from '../../functions/core/inventory';
import { LISTING_INDEX, listingKey } from '../../functions/core/listing-keys';
import { listActiveProducts } from '../../functions/core/product-listing';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

const unique = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;

async function product(category: string, fields: { active?: boolean; productId?: string } = {}) {
  const productId = fields.productId ?? unique('p');
  await putProduct(productId, {
    name: `Product ${productId}`,
    category,
    price: 1000,
    mrp: 1200,
    unit: '1 pc',
    active: fields.active ?? true,
    maxPerOrder: 10,
  });
  return productId;
}

/** Index write units each call sends (ReturnConsumedCapacity INDEXES on every request). */
function indexWrites() {
  const seen: ConsumedCapacity[] = [];
  const name = `count-index-writes-${randomUUID()}`;
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      if (consumed) seen.push(...[consumed].flat());
      return result;
    },
    { step: 'initialize', name },
  );
  return {
    /** Write units on the listing index since the counter started. */
    units: () =>
      seen
        .filter((c) => c.TableName === tableName('products'))
        .reduce((sum, c) => sum + (c.GlobalSecondaryIndexes?.[LISTING_INDEX]?.CapacityUnits ?? 0), 0),
    stop: () => dynamo().middlewareStack.remove(name),
  };
}

async function allPages(options: { category?: string; limit: number }) {
  const pages: Awaited<ReturnType<typeof listActiveProducts>>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActiveProducts({ ...options, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('the listing index', () => {
  it('declares only catalog fields, never the stock counters', () => {
    const [index] = tables.products.globalIndexes;
    expect(index.projection.type).toBe('INCLUDE');
    for (const counter of ['available', 'reserved', 'sold', 'received']) {
      expect(index.projection.attributes).not.toContain(counter);
    }
  });

  it('takes no write from receive, reserve, release or commit, and one from a catalog edit', async () => {
    const category = unique('stocked');
    const [a, b] = [await product(category), await product(category)];
    const counter = indexWrites();
    try {
      await receiveStock(a, 10);
      await receiveStock(b, 10);
      await reserveStock([
        { productId: a, quantity: 3 },
        { productId: b, quantity: 2 },
      ]);
      await releaseReservation([{ productId: a, quantity: 1 }]);
      await commitReservation([
        { productId: a, quantity: 2 },
        { productId: b, quantity: 2 },
      ]);
      expect(counter.units()).toBe(0);
      // The same counter sees the index write a catalog change makes, so the zero above is real.
      await putProduct(a, {
        name: 'Renamed',
        category,
        price: 900,
        mrp: 1200,
        unit: '1 pc',
        active: true,
        maxPerOrder: 10,
      });
      expect(counter.units()).toBeGreaterThan(0);
    } finally {
      counter.stop();
    }
  });

  it('holds catalog fields only, yet the listing shows what is available now', async () => {
    const category = unique('fresh');
    const productId = await product(category);
    await receiveStock(productId, 12);
    await reserveStock([{ productId, quantity: 5 }]);
    const { Items = [] } = await dynamo().send(
      new QueryCommand({
        TableName: tableName('products'),
        IndexName: LISTING_INDEX,
        KeyConditionExpression: 'listing = :listing',
        ExpressionAttributeValues: { ':listing': listingKey(category) },
      }),
    );
    expect(Items).toHaveLength(1);
    for (const counter of ['available', 'reserved', 'sold', 'received'])
      expect(Items[0]).not.toHaveProperty(counter);
    const listed = await listActiveProducts({ category, limit: 10 });
    expect(listed.items).toEqual([expect.objectContaining({ productId, category, available: 7 })]);
    expect(await availableUnits([productId, productId, 'no-such-product'])).toEqual(
      new Map([[productId, 7]]),
    );
  });
});

describe('listing across category partitions', () => {
  // Categories named apart from other tests' and in a known order around the ones they use.
  const run = randomUUID().slice(0, 6);
  const categories = [`a${run}-bakery`, `a${run}-dairy`, `a${run}-dairy-free`, `a${run}-tea`];
  const active: { productId: string; category: string }[] = [];
  const inactive: string[] = [];

  beforeAll(async () => {
    for (const [n, category] of categories.entries()) {
      // 0, 1, 3 and 5 products: an empty category, a page boundary inside and between partitions.
      for (let i = 0; i < [0, 1, 3, 5][n]!; i++) {
        active.push({ category, productId: await product(category, { productId: `${run}-${n}${i}` }) });
      }
      inactive.push(await product(category, { active: false }));
    }
    // Listed, then moved to another category: listed once, under its new one.
    const moved = await product(categories[0]!);
    await product(categories[3]!, { productId: moved });
    active.push({ category: categories[3]!, productId: moved });
  });

  const inThisRun = (items: { productId: string; category: string }[]) =>
    items.filter((item) => categories.includes(item.category));
  const listingOrder = () =>
    [...active].sort((x, y) =>
      x.category < y.category ? -1 : x.category > y.category ? 1 : x.productId < y.productId ? -1 : 1,
    );

  it.each([1, 2, 3, 4, 100])(
    'lists every active product once, by category then id, %i a page',
    async (limit) => {
      const pages = await allPages({ limit });
      const listed = pages.flatMap((page) => page.items);
      expect(inThisRun(listed).map(({ productId, category }) => ({ productId, category }))).toEqual(
        listingOrder(),
      );
      expect(new Set(listed.map((p) => p.productId)).size).toBe(listed.length);
      for (const id of inactive) expect(listed.map((p) => p.productId)).not.toContain(id);
      // Every page is full but the last, and only the last has no cursor.
      for (const page of pages.slice(0, -1)) {
        expect(page.items).toHaveLength(limit);
        expect(page.nextCursor).toEqual(expect.any(String));
      }
      expect(pages.at(-1)!.nextCursor).toBeNull();
      expect(pages.at(-1)!.items.length).toBeGreaterThan(0);
    },
  );

  it.each([1, 2, 5])('lists one category with one Query a page, %i a page', async (limit) => {
    for (const category of categories) {
      const listed = (await allPages({ category, limit })).flatMap((page) => page.items);
      expect(listed.map((p) => p.productId)).toEqual(
        listingOrder()
          .filter((p) => p.category === category)
          .map((p) => p.productId),
      );
    }
  });

  it('refuses a cursor from another category, and one with a forged key', async () => {
    const first = await listActiveProducts({ category: categories[3]!, limit: 1 });
    const refused = { code: 'VALIDATION_FAILED' };
    await expect(
      listActiveProducts({ category: categories[2]!, limit: 1, cursor: first.nextCursor! }),
    ).rejects.toMatchObject(refused);
    const forged = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const key of [
      { listing: 'ACTIVE', productId: 'x' },
      { listing: 'ACTIVE#a#b', productId: 'x' },
      { listing: listingKey(categories[0]!), productId: 'x#y' },
      { listing: listingKey(categories[0]!), productId: 'x', listingSort: 'x' },
    ]) {
      await expect(listActiveProducts({ limit: 1, cursor: forged(key) })).rejects.toMatchObject(refused);
    }
  });
});

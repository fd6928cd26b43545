// Sharded stock against DynamoDB Local: reservations over shards, release and commit to the shards
// taken, resharding up and down, rebalancing, the display summary, and the invariant summed over
// every shard item at every check, also while all of these run at once.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { putProduct } from '../../functions/core/catalog';
import {
  availableUnits,
  commitReservation,
  getStockLevels,
  InsufficientStockError,
  type ProductsChange,
  readStockSnapshot,
  rebalanceShards,
  receiveStock,
  releaseReservation,
  reserveStock,
  returnSoldStock,
  type StockLevels,
  type StockLine,
  setStockShards,
  shardKey,
  summariseStockChanges,
} from '../../functions/core/inventory';
import { shardItem } from '../support/shard-items';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

let counter = 0;
async function product(stock: number, shards = 1): Promise<string> {
  const productId = `s${++counter}-${randomUUID().slice(0, 6)}`;
  await putProduct(productId, {
    name: `Hot product ${counter}`,
    category: 'flash',
    price: 1000,
    mrp: 1200,
    unit: '1 pc',
    active: true,
    maxPerOrder: 10,
  });
  if (shards > 1) await setStockShards(productId, shards);
  if (stock > 0) await receiveStock(productId, stock);
  return productId;
}

/** Totals over all shards of one instant, and every shard item's own sum. */
async function checkedLevels(productId: string): Promise<StockLevels> {
  const snapshot = await readStockSnapshot(productId);
  for (const shard of snapshot.shards) {
    expect(shard.available + shard.reserved + shard.sold, `shard ${shard.shard}`).toBe(shard.received);
    for (const value of [shard.available, shard.reserved, shard.sold, shard.received]) {
      expect(value).toBeGreaterThanOrEqual(0);
    }
  }
  const levels = await getStockLevels(productId);
  expect(levels.available + levels.reserved + levels.sold).toBe(levels.received);
  return levels;
}

const sumOf = (taken: StockLine[]) => taken.reduce((n, t) => n + t.quantity, 0);

describe('resharding', () => {
  it('spreads received stock over the shards; the totals are the sum', async () => {
    const id = await product(80, 8);
    const snapshot = await readStockSnapshot(id);
    expect(snapshot.counts.shards).toBe(8);
    expect(snapshot.shards.map((s) => s.available)).toEqual(Array(8).fill(10));
    expect(await checkedLevels(id)).toEqual({
      productId: id,
      available: 80,
      reserved: 0,
      sold: 0,
      received: 80,
    });
    // Shard items never enter the listing index.
    expect((await shardItem(id, 3))?.listing).toBeUndefined();
  });

  it('keeps every unit growing and shrinking, and open reservations settle on the shards they took', async () => {
    const id = await product(64, 8);
    const orders: StockLine[][] = [];
    for (let i = 0; i < 10; i++) orders.push(await reserveStock([{ productId: id, quantity: 3 }]));
    const onHighShards = orders.filter((taken) => taken.some((t) => (t.shard ?? 0) >= 2));
    expect(onHighShards.length).toBeGreaterThan(0); // random starts reach past shard 1

    const shrunk = await setStockShards(id, 2);
    expect(shrunk).toEqual({ productId: id, available: 34, reserved: 30, sold: 0, received: 64, shards: 2 });
    const afterShrink = await readStockSnapshot(id);
    for (const shard of afterShrink.shards.slice(2)) {
      expect(shard.retired).toBe(true);
      expect(shard.available).toBe(0); // drained into the active shards
    }
    await checkedLevels(id);

    // Half the orders pay, half give back: each goes to exactly the shard items it took.
    for (const [i, taken] of orders.entries()) {
      if (i % 2 === 0) await commitReservation(taken);
      else await releaseReservation(taken);
      await checkedLevels(id);
    }
    expect(await checkedLevels(id)).toMatchObject({ available: 49, reserved: 0, sold: 15, received: 64 });
    // Releases into retired shards are drained by a rebalance (the stream consumer runs one).
    await rebalanceShards(id);
    const drained = await readStockSnapshot(id);
    expect(drained.shards.slice(2).every((s) => s.available === 0)).toBe(true);

    const grown = await setStockShards(id, 12);
    expect(grown).toMatchObject({ available: 49, reserved: 0, sold: 15, received: 64, shards: 12 });
    const spread = await readStockSnapshot(id);
    expect(spread.shards.filter((s) => s.available > 0).length).toBeGreaterThan(2);
    expect(spread.shards.some((s) => s.retired)).toBe(false);

    // Every unit can still be reserved, not one more.
    const rest = await reserveStock([{ productId: id, quantity: 49 }]);
    expect(sumOf(rest)).toBe(49);
    await expect(reserveStock([{ productId: id, quantity: 1 }])).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
    expect(await checkedLevels(id)).toMatchObject({ available: 0, reserved: 49, sold: 15 });
  });

  it('returns a confirmed order’s units to the shards they were sold from', async () => {
    const id = await product(16, 4);
    const taken = await reserveStock([{ productId: id, quantity: 6 }]);
    await commitReservation(taken);
    await returnSoldStock(taken);
    for (const line of taken) {
      expect((await shardItem(id, line.shard ?? 0))?.sold).toBe(0);
    }
    expect(await checkedLevels(id)).toMatchObject({ available: 16, sold: 0, received: 16 });
  });
});

describe('reservations over shards', () => {
  it('takes a multi-unit line from several shards in one transaction when no one shard holds it', async () => {
    const id = await product(8, 4); // 2 a shard
    const taken = await reserveStock([{ productId: id, quantity: 7 }]);
    expect(sumOf(taken)).toBe(7);
    expect(new Set(taken.map((t) => t.shard)).size).toBe(4);
    for (const line of taken) expect((await shardItem(id, line.shard ?? 0))?.reserved).toBe(line.quantity);
    await releaseReservation(taken);
    expect(await checkedLevels(id)).toMatchObject({ available: 8, reserved: 0 });
  });

  it('keeps an unsharded product on its one item, and settles an order recorded before sharding on shard 0', async () => {
    const id = await product(5);
    const taken = await reserveStock([{ productId: id, quantity: 2 }]);
    expect(taken).toEqual([{ productId: id, quantity: 2, shard: 0 }]);
    await releaseReservation([{ productId: id, quantity: 2 }]); // no shard recorded: shard 0
    expect(await checkedLevels(id)).toMatchObject({ available: 5, reserved: 0 });
    expect(await shardItem(id, 1)).toBeUndefined();
  });

  it('rejects a line the whole product cannot cover, naming what is there', async () => {
    const id = await product(6, 3);
    const error = await reserveStock([{ productId: id, quantity: 7 }]).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(error.shortages).toEqual([{ productId: id, requested: 7, available: 6 }]);
    expect(await checkedLevels(id)).toMatchObject({ available: 6, reserved: 0 });
  });

  it('does not reserve from any shard of an inactive product', async () => {
    const id = await product(8, 4);
    await putProduct(id, {
      name: 'gone',
      category: 'flash',
      price: 1000,
      mrp: 1200,
      unit: '1 pc',
      active: false,
      maxPerOrder: 10,
    });
    await expect(reserveStock([{ productId: id, quantity: 1 }])).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
    expect((await shardItem(id, 2))?.active).toBe(false);
  });
});

describe('under concurrency', () => {
  it('never oversells while reservations race, the shard count changes and rebalances run', async () => {
    const stock = 150;
    const id = await product(stock, 8);
    const taken: StockLine[][] = [];
    let rejected = 0;
    const shoppers = Array.from({ length: 120 }, async (_, i) => {
      try {
        taken.push(await reserveStock([{ productId: id, quantity: 1 + (i % 3) }]));
      } catch (error) {
        if (!(error instanceof InsufficientStockError)) throw error;
        rejected++;
      }
    });
    const admin = (async () => {
      for (const shards of [3, 12, 1, 6]) {
        await setStockShards(id, shards);
        await checkedLevels(id);
      }
    })();
    const watcher = (async () => {
      for (let i = 0; i < 8; i++) {
        await checkedLevels(id);
        await rebalanceShards(id);
      }
    })();
    await Promise.all([...shoppers, admin, watcher]);
    const reserved = taken.reduce((n, t) => n + sumOf(t), 0);
    // 120 shoppers want 240 units of 150: it sells out exactly, never over.
    expect(reserved).toBe(stock);
    expect(rejected).toBeGreaterThan(0);
    expect(await checkedLevels(id)).toMatchObject({ available: 0, reserved: stock, received: stock });

    // Every reservation gives back to its own shards, whatever the shard count did meanwhile.
    await Promise.all(taken.map((t) => releaseReservation(t)));
    expect(await checkedLevels(id)).toMatchObject({ available: stock, reserved: 0, received: stock });
  }, 120_000);
});

describe('the display summary', () => {
  const change = (
    key: string,
    sequenceNumber: string,
    newImage: Record<string, unknown>,
  ): ProductsChange => ({
    key,
    sequenceNumber,
    newImage,
  });

  it('sums the latest value per shard, whatever order or how often the stream delivers', async () => {
    const id = await product(0, 3);
    const plain = await product(4);
    await summariseStockChanges([
      change(id, '300', { productId: id, available: 5, stockShards: 3 }),
      change(shardKey(id, 1), '310', { available: 7 }),
      change(shardKey(id, 2), '90', { available: 1 }),
    ]);
    // Older records redelivered after newer ones change nothing.
    await summariseStockChanges([
      change(shardKey(id, 1), '200', { available: 70 }),
      change(shardKey(id, 2), '1000', { available: 2 }),
    ]);
    const units = await availableUnits([id, plain, 'unknown-product']);
    expect(units.get(id)).toBe(14);
    expect(units.get(plain)).toBe(4);
    expect(units.has('unknown-product')).toBe(false);
  });

  it('reads the shards it has not summarised yet, so a fresh reshard shows all its units', async () => {
    const id = await product(12, 6); // 2 a shard; no stream consumer runs here, so no summary yet
    expect((await availableUnits([id])).get(id)).toBe(12);
    // Partly summarised: shards 0 and 1 from the (stale) summary, 2 to 5 from their items.
    await summariseStockChanges([
      change(id, '5', { productId: id, available: 1, stockShards: 6 }),
      change(shardKey(id, 1), '6', { available: 0 }),
    ]);
    expect((await availableUnits([id])).get(id)).toBe(1 + 0 + 4 * 2);
  });

  it('drains a retired shard that got units back', async () => {
    const id = await product(12, 4);
    const taken = await reserveStock([{ productId: id, quantity: 9 }]);
    await setStockShards(id, 1);
    await releaseReservation(taken);
    const retired = (await readStockSnapshot(id)).shards.filter((s) => s.retired && s.available > 0);
    expect(retired.length).toBeGreaterThan(0);
    await summariseStockChanges(
      retired.map((s) => change(shardKey(id, s.shard), '1', { available: s.available, retired: true })),
    );
    const after = await readStockSnapshot(id);
    expect(after.shards.map((s) => s.available)).toEqual([12, 0, 0, 0]);
    await checkedLevels(id);
  });
});

// Every stock move against DynamoDB Local, with the invariant checked after each.
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { putProduct } from '../../functions/core/catalog';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import {
  commitReservation,
  GuardConditionFailedError,
  getStockLevels,
  InsufficientStockError,
  MAX_LINES_PER_MOVE,
  receiveStock,
  releaseReservation,
  reserveStock,
  returnSoldStock,
  type StockLevels,
  StockMovementRefusedError,
  type TransactWriteItem,
} from '../../functions/core/inventory';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

let counter = 0;
/** A new active product with `stock` received. */
async function product(stock: number, fields: { active?: boolean } = {}): Promise<string> {
  const productId = `p${++counter}-${randomUUID().slice(0, 6)}`;
  await putProduct(productId, {
    name: `Product ${counter}`,
    category: 'test',
    price: 1000,
    mrp: 1200,
    unit: '1 pc',
    active: fields.active ?? true,
    maxPerOrder: 10,
  });
  if (stock > 0) await receiveStock(productId, stock);
  return productId;
}

function expectInvariant(levels: StockLevels) {
  expect(levels.available + levels.reserved + levels.sold).toBe(levels.received);
  for (const counter of [levels.available, levels.reserved, levels.sold, levels.received]) {
    expect(counter).toBeGreaterThanOrEqual(0);
  }
}

async function levelsOf(productId: string) {
  const levels = await getStockLevels(productId);
  expectInvariant(levels);
  return levels;
}

/** A guard record in the control table that each step flips once, like an order's status. */
async function guardRecord(): Promise<(from: string, to: string) => TransactWriteItem> {
  const pk = `guard#${randomUUID()}`;
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('control'),
      Key: { pk },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'pending' },
    }),
  );
  return (from, to) => ({
    Update: {
      TableName: tableName('control'),
      Key: { pk },
      UpdateExpression: 'SET #s = :to',
      ConditionExpression: '#s = :from',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':from': from, ':to': to },
    },
  });
}

describe('receiveStock and getStockLevels', () => {
  it('starts a new product at zero and adds received stock to available and received', async () => {
    const id = await product(0);
    expect(await levelsOf(id)).toEqual({ productId: id, available: 0, reserved: 0, sold: 0, received: 0 });
    expect(await receiveStock(id, 7)).toEqual({
      productId: id,
      available: 7,
      reserved: 0,
      sold: 0,
      received: 7,
    });
    await receiveStock(id, 3);
    expect(await levelsOf(id)).toMatchObject({ available: 10, received: 10 });
  });

  it('refuses unknown products and non-positive quantities', async () => {
    await expect(receiveStock('no-such-product', 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getStockLevels('no-such-product')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const id = await product(1);
    await expect(receiveStock(id, 0)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(receiveStock(id, 1.5)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await levelsOf(id)).toMatchObject({ available: 1, received: 1 });
  });

  it('keeps counters when the catalog fields are rewritten', async () => {
    const id = await product(9);
    await reserveStock([{ productId: id, quantity: 2 }]);
    await putProduct(id, {
      name: 'Renamed',
      category: 'test',
      price: 900,
      mrp: 1200,
      unit: '1 pc',
      active: true,
      maxPerOrder: 3,
    });
    expect(await levelsOf(id)).toMatchObject({ available: 7, reserved: 2, received: 9 });
  });
});

describe('reserve, release, commit, return', () => {
  it('moves units between counters and keeps the invariant after each move', async () => {
    const id = await product(10);
    await reserveStock([{ productId: id, quantity: 4 }]);
    expect(await levelsOf(id)).toMatchObject({ available: 6, reserved: 4, sold: 0 });
    await releaseReservation([{ productId: id, quantity: 1 }]);
    expect(await levelsOf(id)).toMatchObject({ available: 7, reserved: 3, sold: 0 });
    await commitReservation([{ productId: id, quantity: 3 }]);
    expect(await levelsOf(id)).toMatchObject({ available: 7, reserved: 0, sold: 3 });
    await returnSoldStock([{ productId: id, quantity: 2 }]);
    expect(await levelsOf(id)).toMatchObject({ available: 9, reserved: 0, sold: 1, received: 10 });
  });

  it('merges lines naming the same product', async () => {
    const id = await product(5);
    await reserveStock([
      { productId: id, quantity: 2 },
      { productId: id, quantity: 3 },
    ]);
    expect(await levelsOf(id)).toMatchObject({ available: 0, reserved: 5 });
  });

  it('reserves all lines or none, and names every shortage with what is there now', async () => {
    const plenty = await product(10);
    const scarce = await product(2);
    const error = await reserveStock([
      { productId: plenty, quantity: 3 },
      { productId: scarce, quantity: 5 },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(error.shortages).toEqual([{ productId: scarce, requested: 5, available: 2 }]);
    expect(await levelsOf(plenty)).toMatchObject({ available: 10, reserved: 0 });
    expect(await levelsOf(scarce)).toMatchObject({ available: 2, reserved: 0 });
  });

  it('does not reserve inactive or unknown products', async () => {
    const inactive = await product(5, { active: false });
    const error = await reserveStock([
      { productId: inactive, quantity: 1 },
      { productId: 'ghost', quantity: 1 },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(error.shortages).toEqual(
      expect.arrayContaining([
        { productId: inactive, requested: 1, available: 0 },
        { productId: 'ghost', requested: 1, available: 0 },
      ]),
    );
    expect(await levelsOf(inactive)).toMatchObject({ available: 5, reserved: 0 });
  });

  it('refuses to release, commit or return more than the source counter holds', async () => {
    const id = await product(4);
    await reserveStock([{ productId: id, quantity: 2 }]);
    await expect(releaseReservation([{ productId: id, quantity: 3 }])).rejects.toBeInstanceOf(
      StockMovementRefusedError,
    );
    await expect(commitReservation([{ productId: id, quantity: 3 }])).rejects.toBeInstanceOf(
      StockMovementRefusedError,
    );
    await expect(returnSoldStock([{ productId: id, quantity: 1 }])).rejects.toBeInstanceOf(
      StockMovementRefusedError,
    );
    expect(await levelsOf(id)).toMatchObject({ available: 2, reserved: 2, sold: 0 });
  });

  it('rejects empty, oversized or malformed line lists before touching DynamoDB', async () => {
    await expect(reserveStock([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const tooMany = Array.from({ length: MAX_LINES_PER_MOVE + 1 }, (_, i) => ({
      productId: `x${i}`,
      quantity: 1,
    }));
    await expect(reserveStock(tooMany)).rejects.toThrow(/at most 99/);
    await expect(reserveStock([{ productId: 'x', quantity: -1 }])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('makes a repeated step a no-op through its guard', async () => {
    const id = await product(10);
    const guard = await guardRecord();
    const lines = [{ productId: id, quantity: 3 }];
    await reserveStock(lines, guard('pending', 'reserved'));
    await expect(reserveStock(lines, guard('pending', 'reserved'))).rejects.toBeInstanceOf(
      GuardConditionFailedError,
    );
    expect(await levelsOf(id)).toMatchObject({ available: 7, reserved: 3 });

    await commitReservation(lines, guard('reserved', 'confirmed'));
    await expect(commitReservation(lines, guard('reserved', 'confirmed'))).rejects.toBeInstanceOf(
      GuardConditionFailedError,
    );
    // Releasing after commit is refused by the guard, not applied.
    await expect(releaseReservation(lines, guard('reserved', 'released'))).rejects.toBeInstanceOf(
      GuardConditionFailedError,
    );
    await returnSoldStock(lines, guard('confirmed', 'cancelled'));
    await expect(returnSoldStock(lines, guard('confirmed', 'cancelled'))).rejects.toBeInstanceOf(
      GuardConditionFailedError,
    );
    expect(await levelsOf(id)).toMatchObject({ available: 10, reserved: 0, sold: 0 });
  });

  it('reports the guard, not a shortage, when a repeated reservation finds the stock gone', async () => {
    const id = await product(3);
    const guard = await guardRecord();
    await reserveStock([{ productId: id, quantity: 3 }], guard('pending', 'reserved'));
    await expect(
      reserveStock([{ productId: id, quantity: 3 }], guard('pending', 'reserved')),
    ).rejects.toBeInstanceOf(GuardConditionFailedError);
    expect(await levelsOf(id)).toMatchObject({ available: 0, reserved: 3 });
  });
});

describe('under concurrency', () => {
  it('lets exactly as many single-unit reservations succeed as there is stock', async () => {
    const id = await product(50);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => reserveStock([{ productId: id, quantity: 1 }])),
    );
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof InsufficientStockError,
    ).length;
    expect(succeeded).toBe(50);
    expect(refused).toBe(50);
    expect(await levelsOf(id)).toMatchObject({ available: 0, reserved: 50, received: 50 });
  });

  it('keeps the invariant while receipts, reservations, releases and commits interleave', async () => {
    const id = await product(20);
    const reserved: Promise<boolean>[] = [];
    const moves: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      moves.push(receiveStock(id, 1));
      const reservation = reserveStock([{ productId: id, quantity: 2 }]).then(
        () => true,
        (e) => {
          if (!(e instanceof InsufficientStockError)) throw e;
          return false;
        },
      );
      reserved.push(reservation);
      // Every other successful reservation is released, the rest committed.
      moves.push(
        reservation.then((ok) =>
          ok ? (i % 2 ? releaseReservation : commitReservation)([{ productId: id, quantity: 2 }]) : undefined,
        ),
      );
    }
    const watcher = (async () => {
      for (let i = 0; i < 10; i++) await levelsOf(id);
    })();
    await Promise.all([...moves, watcher]);
    const reservedCount = (await Promise.all(reserved)).filter(Boolean).length;
    const committed = (await Promise.all(reserved)).filter((ok, i) => ok && i % 2 === 0).length;
    const final = await levelsOf(id);
    expect(final.received).toBe(60);
    expect(final.reserved).toBe(0);
    expect(final.sold).toBe(committed * 2);
    expect(final.available).toBe(60 - committed * 2);
    expect(reservedCount).toBeGreaterThan(0);
  });
});

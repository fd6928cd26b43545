// An admin's deactivation racing another admin write of the same sharded product: the shard items'
// copy of `active` (their reservation condition) must end as the product's, whatever the order in
// which the writes land. Each race is forced into its bad interleaving by holding one write back
// until the other has finished (a middleware on the real client; DynamoDB Local does the rest).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ProductFields, putProduct } from '../../functions/core/catalog';
import { dynamo } from '../../functions/core/clients';
import { StockContentionError } from '../../functions/core/dynamo';
import { isRetryable } from '../../functions/core/errors';
import {
  InsufficientStockError,
  readStockSnapshot,
  receiveStock,
  reserveStock,
  setStockShards,
} from '../../functions/core/inventory';
import { shardItem } from '../support/shard-items';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

const fields = (active: boolean): ProductFields => ({
  name: 'Flash product',
  category: 'flash',
  price: 1000,
  mrp: 1200,
  unit: '1 pc',
  active,
  maxPerOrder: 10,
});

async function shardedProduct(shards: number, stock: number): Promise<string> {
  const productId = `m-${randomUUID().slice(0, 8)}`;
  await putProduct(productId, fields(true));
  await setStockShards(productId, shards);
  await receiveStock(productId, stock);
  return productId;
}

type Input = Record<string, unknown>;
const HOLD = 'hold-back-one-write';
let removeHold: (() => void) | undefined;
afterEach(() => removeHold?.());

/** Holds back the first request whose input `matches` until `meanwhile` has finished. */
function holdFirst(matches: (input: Input) => boolean, meanwhile: () => Promise<unknown>) {
  const stack = dynamo().middlewareStack;
  let held = false;
  stack.add(
    (next) => async (args) => {
      if (!held && matches(args.input as Input)) {
        held = true;
        await meanwhile();
      }
      return next(args);
    },
    { step: 'initialize', name: HOLD },
  );
  removeHold = () => stack.remove(HOLD);
}

/** A write that sets the product's shard items' `active` to `active` (alone or in a transaction). */
const writesShardActive = (productId: string, active: boolean) => (input: Input) => {
  const text = JSON.stringify(input);
  return (
    text.includes(`${productId}#stock#`) &&
    text.includes('SET active = :active') &&
    text.includes(`":active":${active}`)
  );
};

async function expectShardsToFollowProduct(productId: string) {
  const snapshot = await readStockSnapshot(productId);
  for (let shard = 1; shard < snapshot.counts.high; shard++) {
    expect((await shardItem(productId, shard))?.active, `shard ${shard}`).toBe(snapshot.active);
  }
  return snapshot;
}

describe('the shard items’ copy of `active`', () => {
  it('ends as the product’s when a reactivation’s shard writes land after a deactivation', async () => {
    const id = await shardedProduct(4, 40);
    await putProduct(id, fields(false));
    // Admin A reactivates; before A's shard writes go out, admin B deactivates it again.
    holdFirst(writesShardActive(id, true), () => putProduct(id, fields(false)));
    await putProduct(id, fields(true));
    removeHold?.();

    // Either admin may win, but the shards say what the product says, so a reservation does too.
    const snapshot = await expectShardsToFollowProduct(id);
    for (let i = 0; i < 4; i++) {
      const reserving = reserveStock([{ productId: id, quantity: 1 }]);
      if (snapshot.active) await expect(reserving).resolves.toHaveLength(1);
      else await expect(reserving).rejects.toBeInstanceOf(InsufficientStockError);
    }
  });

  it('ends as the product’s when a reshard that read it active lands after the deactivation', async () => {
    const id = await shardedProduct(8, 40);
    await setStockShards(id, 2);
    // The reshard back to 8 has read the product active; the deactivation lands before it writes.
    holdFirst(
      (input) => Array.isArray(input.TransactItems) && JSON.stringify(input).includes('stockShards = :n'),
      () => putProduct(id, fields(false)),
    );
    await setStockShards(id, 8);
    removeHold?.();

    const snapshot = await expectShardsToFollowProduct(id);
    expect(snapshot.active).toBe(false);
    expect(snapshot.counts.shards).toBe(8);
    // No shard of the inactive product takes a reservation, whichever one the reservation tries.
    for (let i = 0; i < 8; i++) {
      await expect(reserveStock([{ productId: id, quantity: 1 }])).rejects.toBeInstanceOf(
        InsufficientStockError,
      );
    }
  });

  it('gives up with a retryable error, changing nothing, when every try meets a reshard that grew it', async () => {
    const id = await shardedProduct(2, 20);
    let shards = 2;
    const stack = dynamo().middlewareStack;
    // Before each of putProduct's transactions goes out, an admin adds a shard (a new item).
    stack.add(
      (next) => async (args) => {
        if (JSON.stringify(args.input).includes('"ConditionExpression":"stockShardsHigh = :high"'))
          await setStockShards(id, ++shards);
        return next(args);
      },
      { step: 'initialize', name: HOLD },
    );
    removeHold = () => stack.remove(HOLD);
    const refused = await putProduct(id, fields(false)).catch((error: unknown) => error);
    removeHold();
    expect(refused).toBeInstanceOf(StockContentionError);
    expect(isRetryable(refused)).toBe(true);
    expect(shards).toBe(6);
    // Still active, product and every shard, the new ones included.
    expect((await expectShardsToFollowProduct(id)).active).toBe(true);
  });
});

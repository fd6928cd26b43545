// A checkout of a sharded (flash-sale) product through the whole saga: the order records the shard
// items its reservation took; paying commits exactly those, cancelling releases exactly those.
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '../../functions/core/orders';
import type { OrderRecord } from '../../functions/core/orders/model';
import { hasStatus, stockOf, useCheckoutSystem, waitForOrder, waitForPaymentTask } from '../support/checkout';
import { payFor, placedOrder } from '../support/orders';
import { adminTokenOnce } from '../support/products';
import { shardItem } from '../support/shard-items';

const shop = useCheckoutSystem();

async function shardedProduct(stock: number, shards: number) {
  const product = await shop.product({ stock, price: 5000, maxPerOrder: 10 });
  const res = await shop.api().put(`/admin/inventory/${product.productId}/shards`, {
    token: await adminTokenOnce(),
    body: { shards },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return product;
}

/** What the order's shard items hold in `counter`, per shard the order took from. */
async function heldOn(order: OrderRecord, counter: 'reserved' | 'sold') {
  const held = [];
  for (const line of order.stockTaken!)
    held.push(Number((await shardItem(line.productId, line.shard ?? 0))?.[counter]));
  return held;
}

describe('checkout of a sharded product', () => {
  it('confirms, and the units are sold on exactly the shards the reservation took', async () => {
    const product = await shardedProduct(16, 4); // 4 a shard: 7 units need two shards or more
    const placed = await placedOrder(shop, { lines: [{ productId: product.productId, quantity: 7 }] });
    const taken = placed.order.stockTaken!;
    expect(taken.reduce((n, t) => n + t.quantity, 0)).toBe(7);
    expect(new Set(taken.map((t) => t.shard)).size).toBeGreaterThan(1);
    expect(await heldOn(placed.order, 'reserved')).toEqual(taken.map((t) => t.quantity));

    const paid = await payFor(shop, placed, { via: 'verify' });
    expect(paid.order.stock).toBe('sold');
    expect(await heldOn(placed.order, 'sold')).toEqual(taken.map((t) => t.quantity));
    expect(await stockOf(shop.api(), product.productId)).toMatchObject({
      available: 9,
      reserved: 0,
      sold: 7,
      received: 16,
    });
    // The public order never shows the saga's record of shards.
    const seen = await shop.api().get(`/orders/${placed.orderId}`, { token: placed.token });
    expect(seen.body.stockTaken).toBeUndefined();
  });

  it('a cancelled order releases to the shards it took, even after the shard count changed', async () => {
    const product = await shardedProduct(12, 6);
    const placed = await placedOrder(shop, { lines: [{ productId: product.productId, quantity: 5 }] });
    await waitForPaymentTask(placed.orderId);
    const res = await shop.api().put(`/admin/inventory/${product.productId}/shards`, {
      token: await adminTokenOnce(),
      body: { shards: 2 },
    });
    expect(res.body).toMatchObject({ available: 7, reserved: 5, received: 12, shards: 2 });

    await cancelOrder(placed.orderId, placed.userId);
    const cancelled = await waitForOrder(placed.orderId, hasStatus('cancelled'));
    expect(cancelled.stock).toBe('released');
    expect(await heldOn(placed.order, 'reserved')).toEqual(placed.order.stockTaken!.map(() => 0));
    expect(await stockOf(shop.api(), product.productId)).toMatchObject({
      available: 12,
      reserved: 0,
      received: 12,
    });
  });
});

// Admins racing shoppers through the public API: the shard count of a hot product goes 1 → 8 → 3 → 1
// and stock is received while shoppers check out, pay and cancel. The stock invariant holds at every
// look, every order ends where it should with its units on the shards it recorded, and no unit stays
// on a retired shard once the stream has caught up.
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../functions/core/orders/model';
import {
  checkoutAs,
  hasStatus,
  shopperWithCart,
  stockOf,
  useCheckoutSystem,
  waitForOrder,
} from '../support/checkout';
import { checkoutTriple } from '../support/orders';
import { adminTokenOnce, updateProduct } from '../support/products';
import { shardItem } from '../support/shard-items';

const shop = useCheckoutSystem();

const SHOPPERS = 12;

describe('resharding and receiving while shoppers check out, pay and cancel', () => {
  it('keeps the invariant at every look and settles every order on the shards it took', async () => {
    const admin = await adminTokenOnce();
    const { productId } = await shop.product({ stock: 24, price: 5000, maxPerOrder: 10 });
    const quantityOf = (i: number) => 1 + (i % 3);
    // Carts filled first (each add is checked against the stock then); 24 units of 24 in carts.
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, (_, i) =>
        shopperWithCart(shop.api(), [{ productId, quantity: quantityOf(i) }]),
      ),
    );

    let looks = 0;
    let racing = true;
    const watcher = (async () => {
      while (racing) {
        const s = await stockOf(shop.api(), productId);
        expect(s.available + s.reserved + s.sold).toBe(s.received);
        for (const counter of [s.available, s.reserved, s.sold]) expect(counter).toBeGreaterThanOrEqual(0);
        looks++;
      }
    })();

    // The admin goes 1 → 8 → 3 → 1, receiving 2 units after each, for as long as the shoppers run.
    let receivedUnits = 0;
    let reshards = 0;
    const adminWork = (async () => {
      while (racing || reshards % 3 !== 0) {
        const shards = [8, 3, 1][reshards++ % 3];
        const res = await shop.api().put(`/admin/inventory/${productId}/shards`, {
          token: admin,
          body: { shards },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const received = await shop.api().post(`/admin/inventory/${productId}/receive`, {
          token: admin,
          body: { quantity: 2 },
        });
        expect(received.status, JSON.stringify(received.body)).toBe(200);
        receivedUnits += 2;
      }
    })();

    // Even shoppers pay (alternately through verify and the webhook), odd ones cancel.
    const outcomes = await Promise.all(
      shoppers.map(async (shopper, i): Promise<OrderRecord> => {
        const res = await checkoutAs(shop.api(), shopper.token);
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        const orderId = res.body.orderId as string;
        const placed = await waitForOrder(orderId, hasStatus('awaiting_payment', 'rejected'), 30_000);
        if (placed.status === 'rejected') return placed;
        if (i % 2 === 1) {
          const cancelled = await shop.api().post(`/orders/${orderId}/cancel`, { token: shopper.token });
          expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
          return waitForOrder(orderId, hasStatus('cancelled'), 30_000);
        }
        const viaVerify = i % 4 === 0;
        const paid = shop.razorpay().pay(placed.payment!.razorpayOrderId, 'success', {
          webhooks: viaVerify ? { drop: true } : {},
        });
        if (viaVerify) {
          const verified = await shop.api().post('/payments/verify', {
            token: shopper.token,
            body: { orderId, ...checkoutTriple(paid) },
          });
          expect(verified.status, JSON.stringify(verified.body)).toBe(200);
        } else await paid.webhooks;
        return waitForOrder(orderId, (o) => o.stock === 'sold', 30_000);
      }),
    );
    racing = false;
    await Promise.all([adminWork, watcher]);
    expect(looks).toBeGreaterThan(0);
    expect(reshards).toBeGreaterThanOrEqual(3);

    const sold = outcomes.filter((o) => o.stock === 'sold');
    const cancelled = outcomes.filter((o) => o.status === 'cancelled');
    // Every cart fit the stock, and receiving only added: no checkout was rejected.
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(sold).toHaveLength(SHOPPERS / 2);
    expect(cancelled.every((o) => o.stock === 'released')).toBe(true);
    for (const order of outcomes) {
      const taken = order.stockTaken ?? [];
      expect(taken.reduce((n, t) => n + t.quantity, 0)).toBe(order.items[0]!.quantity);
    }
    const soldUnits = sold.reduce((n, o) => n + o.items[0]!.quantity, 0);
    expect(await stockOf(shop.api(), productId)).toEqual({
      productId,
      available: 24 + receivedUnits - soldUnits,
      reserved: 0,
      sold: soldUnits,
      received: 24 + receivedUnits,
    });

    // Each sold unit is on a shard its order recorded; nothing reserved is left anywhere.
    await shop.settled();
    const soldOn = new Map<number, number>();
    for (const order of sold)
      for (const t of order.stockTaken!)
        soldOn.set(t.shard ?? 0, (soldOn.get(t.shard ?? 0) ?? 0) + t.quantity);
    for (let shard = 0; shard < 8; shard++) {
      const item = await shardItem(productId, shard);
      expect(Number(item?.reserved ?? 0), `reserved on shard ${shard}`).toBe(0);
      expect(Number(item?.sold ?? 0), `sold on shard ${shard}`).toBe(soldOn.get(shard) ?? 0);
      // Shards 1..7 are retired now: what was released into them has been drained to shard 0.
      if (shard > 0) expect(Number(item?.available ?? 0), `available on retired shard ${shard}`).toBe(0);
    }
    // The shoppers' figure agrees with the admin's once the stream has caught up.
    const seen = await shop.api().get(`/products/${productId}`);
    expect(seen.body.available).toBe(24 + receivedUnits - soldUnits);
  }, 120_000);
});

describe('a deactivation while shoppers check out a sharded product', () => {
  it('refuses checkouts after it, rejects reservations it beat, and the open orders still settle', async () => {
    const admin = await adminTokenOnce();
    const product = await shop.product({ stock: 20, price: 5000, maxPerOrder: 10 });
    const { productId } = product;
    await shop.api().put(`/admin/inventory/${productId}/shards`, { token: admin, body: { shards: 4 } });
    const shoppers = await Promise.all(
      Array.from({ length: 8 }, () => shopperWithCart(shop.api(), [{ productId, quantity: 2 }])),
    );
    // The admin deactivates once the first order has its units: some before it, some after.
    let firstReserved!: () => void;
    const reserved = new Promise<void>((resolve) => {
      firstReserved = resolve;
    });
    const [orders] = await Promise.all([
      Promise.all(
        shoppers.map(async (shopper) => {
          const res = await checkoutAs(shop.api(), shopper.token);
          // A cart validated after the deactivation has an error: refused with 409.
          if (res.status === 409) return undefined;
          expect(res.status, JSON.stringify(res.body)).toBe(202);
          const order = await waitForOrder(
            res.body.orderId,
            hasStatus('awaiting_payment', 'rejected'),
            30_000,
          );
          if (order.status === 'awaiting_payment') firstReserved();
          return { order, shopper };
        }),
      ),
      reserved.then(() => updateProduct(shop.api(), product, { active: false })),
    ]);
    // A reservation the deactivation beat is rejected for its stock, never a 500 or a stuck order.
    for (const placed of orders) {
      if (placed?.order.status === 'rejected') expect(placed.order.reason?.code).toBe('OUT_OF_STOCK');
    }
    const open = orders.filter((o) => o?.order.status === 'awaiting_payment');
    expect(await stockOf(shop.api(), productId)).toMatchObject({ reserved: open.length * 2, received: 20 });

    // After the PUT answered: gone from the catalog, refused in a cart and at checkout.
    expect((await shop.api().get(`/products/${productId}`)).status).toBe(404);
    const late = shoppers[0]!;
    const added = await shop
      .api()
      .post('/cart/items', { token: late.token, body: { productId, quantity: 1 } });
    expect(added.status).toBe(409);
    expect(added.body.error.code).toBe('PRODUCT_UNAVAILABLE');

    // The orders that got their units cancel back onto the shards they took.
    for (const placed of open) {
      const res = await shop
        .api()
        .post(`/orders/${placed!.order.orderId}/cancel`, { token: placed!.shopper.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await waitForOrder(placed!.order.orderId, hasStatus('cancelled'), 30_000);
    }
    expect(await stockOf(shop.api(), productId)).toMatchObject({ available: 20, reserved: 0, received: 20 });
  }, 60_000);
});

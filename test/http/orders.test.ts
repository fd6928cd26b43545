// POST /checkout's edge and idempotency, GET /orders pagination and ownership, GET /notifications.

import { randomUUID } from 'node:crypto';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { tokenFor } from '../support/api';
import {
  ADDRESS,
  checkoutAs,
  hasStatus,
  shopperWithCart,
  useCheckoutSystem,
  waitForOrder,
  waitForPaymentTask,
} from '../support/checkout';

const shop = useCheckoutSystem();
const api = () => shop.api();

async function cartWith(quantity = 1) {
  const p = await shop.product({ stock: 50, price: 2500 });
  return shopperWithCart(api(), [{ productId: p.productId, quantity }]);
}

describe('POST /checkout', () => {
  it('requires a shopper, an Idempotency-Key and a valid body', async () => {
    const { token } = await cartWith();
    const anonymous = await api().post('/checkout', { body: { deliveryAddress: ADDRESS } });
    expect(anonymous.status).toBe(401);
    const rider = await checkoutAs(api(), await tokenFor('rider'));
    expect(rider.status).toBe(403);
    const noKey = await api().post('/checkout', { token, body: { deliveryAddress: ADDRESS } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('VALIDATION_FAILED');
    for (const deliveryAddress of [
      { ...ADDRESS, pincode: '12345' },
      { ...ADDRESS, lat: 91 },
      { ...ADDRESS, lng: -181 },
      { ...ADDRESS, line1: '' },
      { ...ADDRESS, extra: 'x' },
    ]) {
      const bad = await checkoutAs(api(), token, undefined, { deliveryAddress });
      expect(bad.status, JSON.stringify(deliveryAddress)).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    const price = await checkoutAs(api(), token, undefined, { deliveryAddress: ADDRESS, total: 1 });
    expect(price.status).toBe(400);
  });

  it('takes a coordinate too close to 0 for DynamoDB (1e-300) as 0 instead of failing with 500', async () => {
    const { token } = await cartWith();
    const res = await checkoutAs(api(), token, undefined, {
      deliveryAddress: { ...ADDRESS, lat: 1e-300, lng: -5e-324 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.deliveryAddress).toMatchObject({ lat: 0, lng: 0 });
    await waitForOrder(res.body.orderId, hasStatus('awaiting_payment'));
    await api().post(`/orders/${res.body.orderId}/cancel`, { token });
    await waitForOrder(res.body.orderId, hasStatus('cancelled'));
  });

  it('refuses an empty cart with 409 CART_EMPTY', async () => {
    const res = await checkoutAs(api(), await tokenFor('shopper'));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CART_EMPTY');
  });

  it('same key and body → the same order; a different body → 409 IDEMPOTENCY_CONFLICT', async () => {
    const { token } = await cartWith(2);
    const key = `key-${Date.now()}`;
    const body = { deliveryAddress: ADDRESS, notes: 'ring twice' };
    const [first, concurrent] = await Promise.all([
      checkoutAs(api(), token, key, body),
      checkoutAs(api(), token, key, body),
    ]);
    expect(first.status).toBe(202);
    expect(concurrent.status).toBe(202);
    expect(concurrent.body.orderId).toBe(first.body.orderId);
    // Keys in another order are the same body.
    const reordered = await checkoutAs(api(), token, key, {
      notes: 'ring twice',
      deliveryAddress: { ...ADDRESS },
    });
    expect(reordered.body.orderId).toBe(first.body.orderId);
    const conflict = await checkoutAs(api(), token, key, {
      deliveryAddress: ADDRESS,
      notes: 'leave at door',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const list = await api().get('/orders', { token });
    expect(list.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([first.body.orderId]);
    const awaiting = await waitForOrder(first.body.orderId, hasStatus('awaiting_payment'));
    // A replay after the saga moved on still returns the order (not re-checking the cart).
    const later = await checkoutAs(api(), token, key, body);
    expect(later.status).toBe(202);
    expect(later.body.status).toBe('awaiting_payment');
    await shop.sfn().waitForTaskToken(shop.executionArn(awaiting.orderId));
  });

  it('a throttled StartExecution answers 503; the same key then starts the saga for the same order', async () => {
    const { token } = await cartWith();
    const key = `key-throttled-${Date.now()}`;
    const sfn = mockClient(SFNClient);
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    let refused: Awaited<ReturnType<typeof checkoutAs>>;
    try {
      refused = await checkoutAs(api(), token, key);
    } finally {
      sfn.restore();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const orderId = refused.body.error.details.orderId;
    const retried = await checkoutAs(api(), token, key);
    expect(retried.status).toBe(202);
    expect(retried.body.orderId).toBe(orderId);
    await waitForOrder(orderId, hasStatus('awaiting_payment'));
  });
});

describe('GET /orders and GET /orders/{orderId}', () => {
  it('lists own orders newest first, page by page; another shopper’s order is a 404', async () => {
    const { token, userId } = await cartWith();
    const { productId } = (await api().get('/cart', { token })).body.items[0];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      // One cart makes one unpaid order: each order here comes from a new cart.
      if (i > 0) {
        await api().delete('/cart', { token });
        await api().post('/cart/items', { token, body: { productId, quantity: 1 } });
      }
      const res = await checkoutAs(api(), token);
      expect(res.status).toBe(202);
      ids.push(res.body.orderId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { orderId: string }[]; nextCursor: string | null } } =
        await api().get(`/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o) => o.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const mine = await api().get(`/orders/${ids[0]}`, { token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ orderId: ids[0], deliveryAddress: ADDRESS });
    const stranger = await tokenFor('shopper');
    const theirs = await api().get(`/orders/${ids[0]}`, { token: stranger });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('NOT_FOUND');
    expect((await api().get('/orders', { token: stranger })).body.items).toEqual([]);
    expect((await api().get('/orders/no-such-order', { token })).status).toBe(404);

    // A cursor is only good for the listing it came from.
    const first = await api().get('/orders?limit=1', { token });
    const stolen = await api().get(`/orders?cursor=${first.body.nextCursor}`, { token: stranger });
    expect(stolen.status).toBe(400);
    expect((await api().get('/orders?cursor=not-a-cursor', { token })).status).toBe(400);
    expect((await api().get('/orders?limit=0', { token })).status).toBe(400);

    for (const id of ids) {
      const order = await waitForOrder(id, hasStatus('awaiting_payment'));
      expect(order.userId).toBe(userId);
    }
  });
});

describe('GET /notifications', () => {
  it('lists the shopper’s notifications newest first', async () => {
    const { token, userId } = await cartWith();
    const empty = await api().get('/notifications', { token });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    const placed = await checkoutAs(api(), token);
    const { cancelOrder } = await import('../../functions/core/orders');
    await waitForPaymentTask(placed.body.orderId);
    await cancelOrder(placed.body.orderId, userId);
    await waitForOrder(placed.body.orderId, hasStatus('cancelled'));
    const list = await api().get('/notifications?limit=5', { token });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        type: 'order.cancelled',
        orderId: placed.body.orderId,
        title: 'Order cancelled',
      }),
    ]);
    expect((await api().get('/notifications', { token: await tokenFor('shopper') })).body.items).toEqual([]);
  });
});

describe('hand-made pagination cursors', () => {
  const cursorOf = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

  it('answers 400, not 500, for a cursor of the caller’s own partition with an empty key value', async () => {
    const userId = `shopper-${randomUUID().slice(0, 8)}`;
    const token = await tokenFor('shopper', userId);
    for (const [path, key] of [
      ['/orders', { userId, createdAt: '2026-12-02T00:00:00.000Z', orderId: '' }],
      ['/orders', { userId, createdAt: '', orderId: 'x' }],
      ['/notifications', { userId, notificationId: '' }],
    ] as const) {
      const res = await api().get(`${path}?cursor=${cursorOf(key)}`, { token });
      expect(res.status, `${path} ${JSON.stringify(key)}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

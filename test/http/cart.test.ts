// The cart through the local gateway: every route, every refusal, and the cart's live validation.
import { describe, expect, it } from 'vitest';
import { MAX_CART_LINES } from '../../functions/core/cart';
import { reserveStock } from '../../functions/core/inventory';
import { tokenFor, useLocalSystem } from '../support/api';
import { createProduct, stockedProducts, updateProduct } from '../support/products';

const { api } = useLocalSystem();

const shopper = () => tokenFor('shopper');
const add = async (token: string, productId: string, quantity: number) =>
  api().post('/cart/items', { token, body: { productId, quantity } });

describe('GET /cart', () => {
  it('starts empty, with no fees', async () => {
    const res = await api().get('/cart', { token: await shopper() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      subtotal: 0,
      deliveryFee: 0,
      handlingFee: 0,
      total: 0,
      errors: [],
      warnings: [],
    });
  });

  it('is for shoppers only', async () => {
    expect((await api().get('/cart')).status).toBe(401);
    for (const role of ['admin', 'rider'] as const) {
      const res = await api().get('/cart', { token: await tokenFor(role) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('POST /cart/items', () => {
  it('adds a line, merges repeated adds, and prices the cart with fees', async () => {
    const token = await shopper();
    const milk = await createProduct(api(), { name: 'Milk 500ml', price: 3000, stock: 14 });
    const first = await add(token, milk.productId, 1);
    expect(first.status).toBe(200);
    const second = await add(token, milk.productId, 1);
    expect(second.body).toEqual({
      items: [
        {
          productId: milk.productId,
          name: 'Milk 500ml',
          quantity: 2,
          unitPrice: 3000,
          lineTotal: 6000,
          available: 14,
        },
      ],
      subtotal: 6000,
      deliveryFee: 2500,
      handlingFee: 500,
      total: 9000,
      errors: [],
      warnings: [],
    });
    expect((await api().get('/cart', { token })).body).toEqual(second.body);
  });

  it('makes delivery free from ₹199 up', async () => {
    const token = await shopper();
    const oil = await createProduct(api(), { price: 9950, mrp: 11000 });
    expect((await add(token, oil.productId, 1)).body).toMatchObject({ subtotal: 9950, deliveryFee: 2500 });
    expect((await add(token, oil.productId, 1)).body).toMatchObject({
      subtotal: 19900,
      deliveryFee: 0,
      handlingFee: 500,
      total: 20400,
    });
  });

  it('refuses unknown and inactive products with 409 PRODUCT_UNAVAILABLE', async () => {
    const token = await shopper();
    const hidden = await createProduct(api(), { active: false });
    for (const productId of ['no-such-product', hidden.productId]) {
      const res = await add(token, productId, 1);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PRODUCT_UNAVAILABLE');
    }
    expect((await api().get('/cart', { token })).body.items).toEqual([]);
  });

  it('refuses more than is available with 409 OUT_OF_STOCK, saying what is there', async () => {
    const token = await shopper();
    const eggs = await createProduct(api(), { stock: 4, maxPerOrder: 10 });
    await add(token, eggs.productId, 3);
    const res = await add(token, eggs.productId, 2);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { available: 4, inCart: 3 } });
    const none = await createProduct(api(), { stock: 0 });
    const empty = await add(token, none.productId, 1);
    expect(empty.status).toBe(409);
    expect(empty.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { available: 0, inCart: 0 } });
    expect((await api().get('/cart', { token })).body.items.map((i: any) => i.quantity)).toEqual([3]);
  });

  it('refuses more than maxPerOrder with 409 INVALID_STATE', async () => {
    const token = await shopper();
    const butter = await createProduct(api(), { stock: 50, maxPerOrder: 3 });
    await add(token, butter.productId, 2);
    const res = await add(token, butter.productId, 2);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('at most 3 per order'),
      details: { maxPerOrder: 3, inCart: 2 },
    });
  });

  it.each([
    ['zero', { productId: 'p1', quantity: 0 }],
    ['negative', { productId: 'p1', quantity: -2 }],
    ['fractional', { productId: 'p1', quantity: 1.5 }],
    ['a string', { productId: 'p1', quantity: '1' }],
    ['missing productId', { quantity: 1 }],
    ['a bad productId', { productId: '../etc', quantity: 1 }],
    ['a client-sent price', { productId: 'p1', quantity: 1, price: 1 }],
  ])('answers 400 to a quantity or body that is %s', async (_, body) => {
    const res = await api().post('/cart/items', { token: await shopper(), body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('never lets 100 concurrent adds by one shopper exceed maxPerOrder', async () => {
    const token = await shopper();
    const chips = await createProduct(api(), { stock: 100, maxPerOrder: 25 });
    const results = await Promise.all(Array.from({ length: 100 }, () => add(token, chips.productId, 1)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    expect(statuses.filter((s) => s === 409)).toHaveLength(75);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'INVALID_STATE')).toBe(
      true,
    );
    expect((await api().get('/cart', { token })).body.items[0].quantity).toBe(25);
  });

  it('never lets 100 concurrent adds by one shopper exceed available stock', async () => {
    const token = await shopper();
    const cola = await createProduct(api(), { stock: 12, maxPerOrder: 100 });
    const results = await Promise.all(Array.from({ length: 100 }, () => add(token, cola.productId, 1)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(12);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'OUT_OF_STOCK')).toBe(
      true,
    );
    const cart = (await api().get('/cart', { token })).body;
    expect(cart.items[0].quantity).toBe(12);
    expect(cart.errors).toEqual([]);
  });

  it(`holds at most ${MAX_CART_LINES} different products`, async () => {
    const token = await shopper();
    const ids = Array.from({ length: MAX_CART_LINES + 1 }, (_, i) => `bulk-${i}`);
    await stockedProducts(ids, 'bulk');
    for (let i = 0; i < MAX_CART_LINES; i += 33) {
      const batch = await Promise.all(
        ids.slice(i, Math.min(i + 33, MAX_CART_LINES)).map((id) => add(token, id, 1)),
      );
      expect(batch.every((r) => r.status === 200)).toBe(true);
    }
    const over = await add(token, ids.at(-1)!, 1);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('INVALID_STATE');
    // A line already there can still grow.
    expect((await add(token, ids[0]!, 1)).status).toBe(200);
    const cart = (await api().get('/cart', { token })).body;
    expect(cart.items).toHaveLength(MAX_CART_LINES);
    expect(cart.subtotal).toBe((MAX_CART_LINES + 1) * 100);
  });
});

describe('PATCH /cart/items/{productId}', () => {
  it('sets a quantity, and 0 removes the line', async () => {
    const token = await shopper();
    const bread = await createProduct(api(), { price: 4500, stock: 9 });
    await add(token, bread.productId, 1);
    const set = await api().patch(`/cart/items/${bread.productId}`, { token, body: { quantity: 4 } });
    expect(set.status).toBe(200);
    expect(set.body.items[0]).toMatchObject({ quantity: 4, lineTotal: 18000 });
    const removed = await api().patch(`/cart/items/${bread.productId}`, { token, body: { quantity: 0 } });
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([]);
  });

  it('refuses the same things as an add', async () => {
    const token = await shopper();
    const jam = await createProduct(api(), { stock: 5, maxPerOrder: 8 });
    const capped = await createProduct(api(), { stock: 50, maxPerOrder: 2 });
    const hidden = await createProduct(api(), { active: false });
    await add(token, jam.productId, 1);
    const tooMany = await api().patch(`/cart/items/${jam.productId}`, { token, body: { quantity: 6 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { available: 5, inCart: 1 } });
    const overLimit = await api().patch(`/cart/items/${capped.productId}`, { token, body: { quantity: 3 } });
    expect(overLimit.status).toBe(409);
    expect(overLimit.body.error).toMatchObject({
      code: 'INVALID_STATE',
      details: { maxPerOrder: 2, inCart: 0 },
    });
    const unavailable = await api().patch(`/cart/items/${hidden.productId}`, {
      token,
      body: { quantity: 1 },
    });
    expect(unavailable.status).toBe(409);
    expect(unavailable.body.error.code).toBe('PRODUCT_UNAVAILABLE');
    expect((await api().get('/cart', { token })).body.items.map((i: any) => i.quantity)).toEqual([1]);
  });

  it.each([[{ quantity: -1 }], [{ quantity: 2.5 }], [{}], [{ quantity: 1, extra: true }]])(
    'answers 400 to %j',
    async (body) => {
      const res = await api().patch('/cart/items/p1', { token: await shopper(), body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    },
  );
});

describe('DELETE /cart/items/{productId} and DELETE /cart', () => {
  it('removes one line, then empties the cart', async () => {
    const token = await shopper();
    const [a, b, c] = await Promise.all([createProduct(api()), createProduct(api()), createProduct(api())]);
    for (const p of [a, b, c]) await add(token, p.productId, 1);
    const removed = await api().delete(`/cart/items/${b.productId}`, { token });
    expect(removed.status).toBe(200);
    expect(removed.body.items.map((i: any) => i.productId)).toEqual([a.productId, c.productId]);
    // Removing a line that is not there is not an error: the cart is as asked.
    expect((await api().delete(`/cart/items/${b.productId}`, { token })).status).toBe(200);
    const cleared = await api().delete('/cart', { token });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ items: [], subtotal: 0, total: 0 });
    expect((await api().get('/cart', { token })).body.items).toEqual([]);
  });

  it('answers 400 to a malformed product id', async () => {
    const res = await api().delete('/cart/items/bad%20id', { token: await shopper() });
    expect(res.status).toBe(400);
  });
});

describe('one shopper, one cart', () => {
  it('never shows or changes another shopper’s cart', async () => {
    const alice = await tokenFor('shopper', 'alice');
    const bob = await tokenFor('shopper', 'bob');
    const tea = await createProduct(api(), { stock: 10 });
    await add(alice, tea.productId, 2);
    expect((await api().get('/cart', { token: bob })).body.items).toEqual([]);
    await api().delete(`/cart/items/${tea.productId}`, { token: bob });
    await api().delete('/cart', { token: bob });
    await api().patch(`/cart/items/${tea.productId}`, { token: bob, body: { quantity: 5 } });
    expect((await api().get('/cart', { token: alice })).body.items[0].quantity).toBe(2);
    expect((await api().get('/cart', { token: bob })).body.items[0].quantity).toBe(5);
  });
});

describe('the cart follows the catalog and the stock', () => {
  it('warns about a price change and charges the new price until the shopper re-adds', async () => {
    const token = await shopper();
    const coffee = await createProduct(api(), { price: 4000, mrp: 5000 });
    await add(token, coffee.productId, 2);
    await updateProduct(api(), coffee, { price: 4500 });
    const cart = (await api().get('/cart', { token })).body;
    expect(cart.warnings).toEqual([
      expect.objectContaining({
        code: 'PRICE_CHANGED',
        productId: coffee.productId,
        oldPrice: 4000,
        newPrice: 4500,
      }),
    ]);
    expect(cart.subtotal).toBe(9000);
    const again = await api().patch(`/cart/items/${coffee.productId}`, { token, body: { quantity: 2 } });
    expect(again.body.warnings).toEqual([]);
  });

  it('warns about low stock, then reports out of stock, as stock is taken', async () => {
    const token = await shopper();
    const curd = await createProduct(api(), { stock: 8, price: 2500, mrp: 2500 });
    await add(token, curd.productId, 2);
    expect((await api().get('/cart', { token })).body.warnings).toEqual([]);

    await reserveStock([{ productId: curd.productId, quantity: 4 }]);
    const low = (await api().get('/cart', { token })).body;
    expect(low.warnings).toEqual([
      { code: 'LOW_STOCK', productId: curd.productId, available: 4, message: 'Only 4 available' },
    ]);
    expect(low.subtotal).toBe(5000);

    await reserveStock([{ productId: curd.productId, quantity: 3 }]);
    const short = (await api().get('/cart', { token })).body;
    expect(short.errors).toEqual([
      expect.objectContaining({
        code: 'OUT_OF_STOCK',
        productId: curd.productId,
        available: 1,
        message: 'Only 1 available',
      }),
    ]);
    expect(short).toMatchObject({ subtotal: 0, deliveryFee: 0, handlingFee: 0, total: 0 });

    await reserveStock([{ productId: curd.productId, quantity: 1 }]);
    const gone = (await api().get('/cart', { token })).body;
    expect(gone.errors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK', available: 0 })]);
    expect(gone.items[0].available).toBe(0);
  });

  it('reports a deactivated product and a lowered per-order limit as errors, billing only the rest', async () => {
    const token = await shopper();
    const rice = await createProduct(api(), { price: 6000, mrp: 6000, maxPerOrder: 5 });
    const dal = await createProduct(api(), { price: 3000, mrp: 3000 });
    const salt = await createProduct(api(), { price: 2000, mrp: 2000 });
    await add(token, rice.productId, 4);
    await add(token, dal.productId, 1);
    await add(token, salt.productId, 1);
    await updateProduct(api(), rice, { maxPerOrder: 3 });
    await updateProduct(api(), dal, { active: false });
    const cart = (await api().get('/cart', { token })).body;
    expect(cart.errors).toEqual([
      expect.objectContaining({ code: 'QUANTITY_EXCEEDS_LIMIT', productId: rice.productId }),
      expect.objectContaining({ code: 'PRODUCT_UNAVAILABLE', productId: dal.productId }),
    ]);
    expect(cart.items).toHaveLength(3);
    expect(cart).toMatchObject({ subtotal: 2000, deliveryFee: 2500, handlingFee: 500, total: 5000 });
  });
});

describe('rate limit on cart writes', () => {
  it('answers 429 with retry-after once a shopper passes the per-minute limit', async () => {
    // Keep the whole test inside one fixed window.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 55_000) await new Promise((r) => setTimeout(r, 60_500 - intoWindow));
    const previous = process.env.RATE_LIMIT_CART_WRITES_PER_MINUTE;
    process.env.RATE_LIMIT_CART_WRITES_PER_MINUTE = '3';
    try {
      const token = await shopper();
      const nuts = await createProduct(api(), { stock: 20 });
      for (let i = 0; i < 3; i++) expect((await add(token, nuts.productId, 1)).status).toBe(200);
      const limited = await add(token, nuts.productId, 1);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await api().delete('/cart', { token })).status).toBe(429);
      // Reads are not limited, the refused writes changed nothing, and another shopper is unaffected.
      expect((await api().get('/cart', { token })).body.items[0].quantity).toBe(3);
      expect((await add(await shopper(), nuts.productId, 1)).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.RATE_LIMIT_CART_WRITES_PER_MINUTE;
      else process.env.RATE_LIMIT_CART_WRITES_PER_MINUTE = previous;
    }
  });
});

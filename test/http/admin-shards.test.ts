// PUT /admin/inventory/{productId}/shards: validation, who may call it, and what shoppers see of a
// sharded product (its display summary, kept from the products stream).
import { describe, expect, it } from 'vitest';
import { tokenFor, useLocalSystem } from '../support/api';
import { adminTokenOnce, createProduct } from '../support/products';

const { api, localSystem } = useLocalSystem();

const shardsOf = async (productId: string, body: unknown, token?: string) =>
  api().put(`/admin/inventory/${productId}/shards`, { token: token ?? (await adminTokenOnce()), body });

describe('PUT /admin/inventory/{productId}/shards', () => {
  it('spreads the stock over the shards and answers the totals with the shard count', async () => {
    const { productId } = await createProduct(api(), { stock: 40 });
    const res = await shardsOf(productId, { shards: 8 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ productId, available: 40, reserved: 0, sold: 0, received: 40, shards: 8 });
    const token = await adminTokenOnce();
    const received = await api().post(`/admin/inventory/${productId}/receive`, {
      token,
      body: { quantity: 9 },
    });
    expect(received.body).toEqual({ productId, available: 49, reserved: 0, sold: 0, received: 49 });
    expect((await api().get(`/admin/inventory/${productId}`, { token })).body).toEqual(received.body);
    expect((await shardsOf(productId, { shards: 1 })).body).toMatchObject({ available: 49, shards: 1 });
  });

  it('shows shoppers a sharded product’s units from its summary', async () => {
    const { productId } = await createProduct(api(), { stock: 30, maxPerOrder: 10 });
    await shardsOf(productId, { shards: 5 });
    await localSystem().streams.caughtUp();
    const seen = await api().get(`/products/${productId}`);
    expect(seen.body.available).toBe(30);
  });

  it.each([
    [{ shards: 0 }],
    [{ shards: 65 }],
    [{ shards: 2.5 }],
    [{ shards: '4' }],
    [{}],
    [{ shards: 4, extra: true }],
  ])('answers 400 to %j', async (body) => {
    const res = await shardsOf('any-product', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown product', async () => {
    const res = await shardsOf('ghost-product', { shards: 4 });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('is refused to shoppers and riders (403) and changes nothing', async () => {
    const { productId } = await createProduct(api(), { stock: 4 });
    for (const role of ['shopper', 'rider'] as const) {
      const res = await shardsOf(productId, { shards: 4 }, await tokenFor(role));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const same = await shardsOf(productId, { shards: 1 });
    expect(same.body).toMatchObject({ shards: 1, available: 4 });
  });
});

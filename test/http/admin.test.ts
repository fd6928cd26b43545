// Admin routes: product create/update and stock receipts, with who may call them.
import { describe, expect, it } from 'vitest';
import { tokenFor, useLocalSystem } from '../support/api';
import { adminTokenOnce } from '../support/products';

const { api } = useLocalSystem();

const milk = {
  name: 'Full Cream Milk',
  category: 'dairy',
  price: 3400,
  mrp: 3500,
  unit: '500 ml',
  imageUrl: 'https://img.example/milk.png',
  active: true,
  maxPerOrder: 6,
};

describe('PUT /admin/products/{productId}', () => {
  it('creates a product with no stock, then updates it without touching its stock', async () => {
    const token = await adminTokenOnce();
    const created = await api().put('/admin/products/milk-fc', { token, body: milk });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ productId: 'milk-fc', ...milk, available: 0 });

    await api().post('/admin/inventory/milk-fc/receive', { token, body: { quantity: 12 } });
    const { imageUrl: _, ...withoutImage } = milk;
    const updated = await api().put('/admin/products/milk-fc', {
      token,
      body: { ...withoutImage, price: 3300, name: 'Full Cream Milk (new pack)' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ price: 3300, name: 'Full Cream Milk (new pack)', available: 12 });
    expect(updated.body.imageUrl).toBeUndefined();
    const stock = await api().get('/admin/inventory/milk-fc', { token });
    expect(stock.body).toEqual({ productId: 'milk-fc', available: 12, reserved: 0, sold: 0, received: 12 });
    const seen = await api().get('/products/milk-fc');
    expect(seen.body).toMatchObject({ price: 3300, available: 12 });
  });

  it.each([
    ['mrp below price', { ...milk, mrp: 3000 }],
    ['zero price', { ...milk, price: 0 }],
    ['fractional paise', { ...milk, price: 33.5 }],
    ['price as a string', { ...milk, price: '3400' }],
    ['missing name', { ...milk, name: undefined }],
    ['blank name', { ...milk, name: '   ' }],
    ['unknown field', { ...milk, discount: 10 }],
    ['bad image url', { ...milk, imageUrl: 'not a url' }],
    ['script image url', { ...milk, imageUrl: 'javascript:alert(1)' }],
    ['data image url', { ...milk, imageUrl: 'data:image/png;base64,AAAA' }],
    ['zero maxPerOrder', { ...milk, maxPerOrder: 0 }],
    ['category with spaces', { ...milk, category: 'dairy products' }],
    // Past ₹1 crore a unit, cart totals leave the safe integers and checkout failed with 500.
    ['price over ₹1 crore', { ...milk, price: 1_000_000_001, mrp: 1_000_000_001 }],
    ['mrp at Number.MAX_SAFE_INTEGER', { ...milk, mrp: Number.MAX_SAFE_INTEGER }],
  ])('answers 400 to %s', async (_, body) => {
    const res = await api().put('/admin/products/bad-input', { token: await adminTokenOnce(), body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it('creates nothing when the input is refused', async () => {
    const token = await adminTokenOnce();
    await api().put('/admin/products/never-made', { token, body: { ...milk, price: -1 } });
    expect((await api().get('/admin/inventory/never-made', { token })).status).toBe(404);
  });
});

describe('POST /admin/inventory/{productId}/receive and GET /admin/inventory/{productId}', () => {
  it('adds received stock to available and received', async () => {
    const token = await adminTokenOnce();
    await api().put('/admin/products/curd', { token, body: { ...milk, name: 'Curd' } });
    const first = await api().post('/admin/inventory/curd/receive', { token, body: { quantity: 5 } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ productId: 'curd', available: 5, reserved: 0, sold: 0, received: 5 });
    const second = await api().post('/admin/inventory/curd/receive', { token, body: { quantity: 7 } });
    expect(second.body).toMatchObject({ available: 12, received: 12 });
    expect((await api().get('/admin/inventory/curd', { token })).body).toEqual(second.body);
  });

  it('receives stock for an inactive product too (it stays hidden from shoppers)', async () => {
    const token = await adminTokenOnce();
    await api().put('/admin/products/paneer', { token, body: { ...milk, active: false } });
    const res = await api().post('/admin/inventory/paneer/receive', { token, body: { quantity: 3 } });
    expect(res.status).toBe(200);
    expect((await api().get('/products/paneer')).status).toBe(404);
  });

  it('answers 404 for an unknown product', async () => {
    const token = await adminTokenOnce();
    const receive = await api().post('/admin/inventory/ghost/receive', { token, body: { quantity: 1 } });
    expect(receive.status).toBe(404);
    expect(receive.body.error.code).toBe('NOT_FOUND');
    const get = await api().get('/admin/inventory/ghost', { token });
    expect(get.status).toBe(404);
  });

  it.each([
    [{ quantity: 0 }],
    [{ quantity: -3 }],
    [{ quantity: 1.5 }],
    [{ quantity: '2' }],
    [{}],
    [{ quantity: 1, note: 'x' }],
  ])('answers 400 to %j', async (body) => {
    const res = await api().post('/admin/inventory/curd/receive', { token: await adminTokenOnce(), body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('admin access', () => {
  const calls = [
    ['PUT', '/admin/products/milk-fc', milk],
    ['POST', '/admin/inventory/milk-fc/receive', { quantity: 1 }],
    ['GET', '/admin/inventory/milk-fc', undefined],
  ] as const;

  it.each(calls)('%s %s: 401 without a token, 403 for shoppers and riders', async (method, path, body) => {
    const anonymous = await api().request(method, path, { body });
    expect(anonymous.status).toBe(401);
    // API Gateway's JWT authorizer answers before the handler, with its own body.
    expect(anonymous.body).toEqual({ message: 'Unauthorized' });
    for (const role of ['shopper', 'rider'] as const) {
      const res = await api().request(method, path, { body, token: await tokenFor(role) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('changes nothing on a refused call', async () => {
    const token = await adminTokenOnce();
    await api().put('/admin/products/butter', { token, body: { ...milk, name: 'Butter' } });
    await api().post('/admin/inventory/butter/receive', {
      token: await tokenFor('shopper'),
      body: { quantity: 100 },
    });
    expect((await api().get('/admin/inventory/butter', { token })).body.received).toBe(0);
  });
});

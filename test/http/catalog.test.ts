// Browsing: GET /products and GET /products/{productId} through the local gateway.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useLocalSystem } from '../support/api';
import { createProduct, updateProduct } from '../support/products';

const { api } = useLocalSystem();

/** Every page of a listing, following nextCursor. */
async function allPages(query: string) {
  const pages: any[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: any } = await api().get(
      `/products?${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('GET /products', () => {
  it('lists only active products of a category, with their stock and every public field', async () => {
    const milk = await createProduct(api(), {
      category: 'dairy',
      name: 'Toned Milk',
      unit: '500 ml',
      price: 2800,
      mrp: 3000,
      imageUrl: 'https://img.example/milk.png',
      stock: 14,
    });
    await createProduct(api(), { category: 'dairy', active: false });
    await createProduct(api(), { category: 'dairy-free' });
    const res = await api().get('/products?category=dairy');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          productId: milk.productId,
          name: 'Toned Milk',
          category: 'dairy',
          price: 2800,
          mrp: 3000,
          unit: '500 ml',
          imageUrl: 'https://img.example/milk.png',
          active: true,
          maxPerOrder: 10,
          available: 14,
        },
      ],
      nextCursor: null,
    });
  });

  it('pages through a category with limit and cursor, each product exactly once', async () => {
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await createProduct(api(), { category: 'snacks' }));
    const pages = await allPages('category=snacks&limit=3');
    expect(pages.slice(0, 2).map((p) => p.items.length)).toEqual([3, 3]);
    const listed = pages.flatMap((p) => p.items.map((i: any) => i.productId));
    expect(listed.sort()).toEqual(created.map((p) => p.productId).sort());
    expect(pages.at(-1).nextCursor).toBeNull();
  });

  it('lists every category without a filter', async () => {
    const fruit = await createProduct(api(), { category: 'fruits' });
    const veg = await createProduct(api(), { category: 'vegetables' });
    const listed = (await allPages('limit=100')).flatMap((p) => p.items.map((i: any) => i.productId));
    expect(listed).toEqual(expect.arrayContaining([fruit.productId, veg.productId]));
  });

  it('pages through every category unfiltered, each active product once, in category order', async () => {
    const run = randomUUID().slice(0, 6);
    const created = [];
    for (const category of [`${run}-b`, `${run}-a`, `${run}-c`]) {
      for (let i = 0; i < 2; i++) created.push(await createProduct(api(), { category }));
    }
    const hidden = await createProduct(api(), { category: `${run}-a`, active: false });
    const pages = await allPages('limit=2');
    for (const page of pages.slice(0, -1)) expect(page.items).toHaveLength(2);
    const listed = pages.flatMap((p) => p.items).filter((i: any) => i.category.startsWith(run));
    const byCategoryThenId = (x: any, y: any) =>
      x.category === y.category ? (x.productId < y.productId ? -1 : 1) : x.category < y.category ? -1 : 1;
    expect(listed.map((i: any) => i.productId)).toEqual(
      [...created].sort(byCategoryThenId).map((p) => p.productId),
    );
    expect(listed.map((i: any) => i.productId)).not.toContain(hidden.productId);
    expect(listed.every((i: any) => i.available === 20)).toBe(true);
  });

  it('drops a product from the listing when deactivated and brings it back when reactivated', async () => {
    const tea = await createProduct(api(), { category: 'beverages' });
    const listed = async () =>
      (await api().get('/products?category=beverages')).body.items.map((i: any) => i.productId);
    expect(await listed()).toEqual([tea.productId]);
    const hidden = await updateProduct(api(), tea, { active: false });
    expect(await listed()).toEqual([]);
    await updateProduct(api(), hidden, { active: true, category: 'beverages' });
    expect(await listed()).toEqual([tea.productId]);
  });

  it('moves a product between categories when its category changes', async () => {
    const rice = await createProduct(api(), { category: 'grains' });
    await updateProduct(api(), rice, { category: 'staples' });
    expect((await api().get('/products?category=grains')).body.items).toEqual([]);
    expect((await api().get('/products?category=staples')).body.items.map((i: any) => i.productId)).toEqual([
      rice.productId,
    ]);
  });

  it.each([
    ['limit=0'],
    ['limit=101'],
    ['limit=abc'],
    ['category=no%23hash'],
    ['colour=red'],
    ['cursor=not-a-cursor'],
    [`cursor=${Buffer.from('{"productId":"x"}').toString('base64url')}`],
    [`cursor=${Buffer.from('[1,2]').toString('base64url')}`],
  ])('answers 400 VALIDATION_FAILED to %s', async (query) => {
    const res = await api().get(`/products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a cursor issued for another category', async () => {
    for (let i = 0; i < 2; i++) await createProduct(api(), { category: 'bakery' });
    const first = await api().get('/products?category=bakery&limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const elsewhere = await api().get(`/products?category=snacks&cursor=${first.body.nextCursor}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /products/{productId}', () => {
  it('returns an active product with what a shopper can buy now', async () => {
    const ghee = await createProduct(api(), { category: 'dairy', stock: 3 });
    const res = await api().get(`/products/${ghee.productId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      productId: ghee.productId,
      name: ghee.name,
      available: 3,
      active: true,
    });
  });

  it('answers 404 for unknown and inactive products alike', async () => {
    const hidden = await createProduct(api(), { active: false });
    for (const id of ['no-such-product', hidden.productId]) {
      const res = await api().get(`/products/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers 400 to a malformed id', async () => {
    for (const id of ['has%20space', 'x'.repeat(65), 'semi%3Bcolon']) {
      const res = await api().get(`/products/${id}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

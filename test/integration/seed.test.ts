// The demo catalog `npm start` seeds: what it promises to show, and that a restart adds nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { getStockLevels } from '../../functions/core/inventory';
import { listActiveProducts } from '../../functions/core/product-listing';
import { demoCatalog, seedDemoCatalogIfEmpty } from '../../local/seed';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

describe('seedDemoCatalogIfEmpty', () => {
  it('seeds every product once, with stock received through inventory', async () => {
    expect(await seedDemoCatalogIfEmpty()).toEqual({ seeded: demoCatalog.length });
    expect(await seedDemoCatalogIfEmpty()).toEqual({ seeded: 0 });
    for (const product of demoCatalog) {
      const levels = await getStockLevels(product.productId);
      expect(levels).toEqual({
        productId: product.productId,
        available: product.stock,
        reserved: 0,
        sold: 0,
        received: product.stock,
      });
    }
  });

  it('shows the rules: six categories, low stock, one sold out, one inactive', async () => {
    const listed = (await listActiveProducts({ limit: 100 })).items;
    const inactive = demoCatalog.filter((p) => p.active === false);
    expect(inactive).toHaveLength(1);
    expect(listed).toHaveLength(demoCatalog.length - 1);
    expect(listed.map((p) => p.productId)).not.toContain(inactive[0]!.productId);
    expect(new Set(listed.map((p) => p.category))).toEqual(
      new Set(['dairy', 'fruits', 'vegetables', 'snacks', 'beverages', 'staples']),
    );
    expect(listed.filter((p) => p.available === 0)).toHaveLength(1);
    expect(listed.filter((p) => p.available > 0 && p.available <= 5).length).toBeGreaterThanOrEqual(3);
    for (const p of listed) expect(p.mrp).toBeGreaterThanOrEqual(p.price);
  });
});

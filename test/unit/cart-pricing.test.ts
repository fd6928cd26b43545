// The pure rules behind the cart a shopper sees: errors, warnings, fees and totals.
import { describe, expect, it } from 'vitest';
import {
  type CartLineRecord,
  fees,
  type PricingRules,
  type ProductSnapshot,
  priceCart,
} from '../../functions/core/cart-pricing';

const rules: PricingRules = {
  deliveryFee: 2500,
  freeDeliveryThreshold: 19900,
  handlingFee: 500,
  lowStockThreshold: 5,
};

const product = (productId: string, overrides: Partial<ProductSnapshot> = {}): ProductSnapshot => ({
  productId,
  name: `Name of ${productId}`,
  price: 3000,
  active: true,
  available: 50,
  maxPerOrder: 10,
  ...overrides,
});

const line = (
  productId: string,
  quantity: number,
  overrides: Partial<CartLineRecord> = {},
): CartLineRecord => ({
  productId,
  quantity,
  seenPrice: 3000,
  addedAt: '2026-11-25T10:00:00.000Z',
  ...overrides,
});

const catalog = (...products: ProductSnapshot[]) => new Map(products.map((p) => [p.productId, p]));

describe('fees', () => {
  it('charges delivery and handling below the free-delivery threshold', () => {
    expect(fees(19899, rules)).toEqual({ deliveryFee: 2500, handlingFee: 500 });
  });
  it('drops delivery from the threshold up, but keeps handling', () => {
    expect(fees(19900, rules)).toEqual({ deliveryFee: 0, handlingFee: 500 });
    expect(fees(50000, rules)).toEqual({ deliveryFee: 0, handlingFee: 500 });
  });
  it('charges nothing when there is nothing to buy', () => {
    expect(fees(0, rules)).toEqual({ deliveryFee: 0, handlingFee: 0 });
  });
  it('follows the configured amounts', () => {
    expect(fees(1000, { ...rules, deliveryFee: 1234, handlingFee: 99 })).toEqual({
      deliveryFee: 1234,
      handlingFee: 99,
    });
  });
});

describe('priceCart', () => {
  it('prices an empty cart at zero', () => {
    expect(priceCart([], new Map(), rules)).toEqual({
      items: [],
      subtotal: 0,
      deliveryFee: 0,
      handlingFee: 0,
      total: 0,
      errors: [],
      warnings: [],
    });
  });

  it('totals lines at current prices, in the order they were added', () => {
    const cart = priceCart(
      [
        line('milk', 2, { addedAt: '2026-11-25T10:00:02.000Z' }),
        line('bread', 1, { addedAt: '2026-11-25T10:00:01.000Z', seenPrice: 4500 }),
      ],
      catalog(product('milk'), product('bread', { price: 4500 })),
      rules,
    );
    expect(cart.items.map((i) => i.productId)).toEqual(['bread', 'milk']);
    expect(cart.items[1]).toEqual({
      productId: 'milk',
      name: 'Name of milk',
      quantity: 2,
      unitPrice: 3000,
      lineTotal: 6000,
      available: 50,
    });
    expect(cart.subtotal).toBe(10500);
    expect(cart.deliveryFee).toBe(2500);
    expect(cart.handlingFee).toBe(500);
    expect(cart.total).toBe(13500);
    expect(cart.errors).toEqual([]);
    expect(cart.warnings).toEqual([]);
  });

  it('makes delivery free once the subtotal reaches the threshold', () => {
    const cart = priceCart(
      [line('ghee', 1, { seenPrice: 19900 })],
      catalog(product('ghee', { price: 19900 })),
      rules,
    );
    expect(cart).toMatchObject({ subtotal: 19900, deliveryFee: 0, handlingFee: 500, total: 20400 });
  });

  it('flags inactive and unknown products as unavailable and leaves them out of the subtotal', () => {
    const cart = priceCart(
      [line('gone', 1), line('hidden', 1), line('ok', 1)],
      catalog(product('hidden', { active: false }), product('ok')),
      rules,
    );
    expect(cart.errors.map((e) => [e.code, e.productId])).toEqual([
      ['PRODUCT_UNAVAILABLE', 'gone'],
      ['PRODUCT_UNAVAILABLE', 'hidden'],
    ]);
    expect(cart.items.find((i) => i.productId === 'hidden')!.available).toBe(0);
    expect(cart.items.find((i) => i.productId === 'gone')!.available).toBe(0);
    expect(cart.subtotal).toBe(3000);
    expect(cart.warnings).toEqual([]);
  });

  it('flags out of stock, and more than available with "Only N available"', () => {
    const cart = priceCart(
      [line('none', 1), line('few', 4, { addedAt: '2026-11-25T10:00:05.000Z' })],
      catalog(product('none', { available: 0 }), product('few', { available: 3 })),
      rules,
    );
    expect(cart.errors).toEqual([
      expect.objectContaining({ code: 'OUT_OF_STOCK', productId: 'none', available: 0 }),
      { code: 'OUT_OF_STOCK', productId: 'few', available: 3, message: 'Only 3 available' },
    ]);
    expect(cart.subtotal).toBe(0);
    expect(cart.total).toBe(0);
    // A line already short of stock gets the error, not also a low-stock warning.
    expect(cart.warnings.filter((w) => w.code === 'LOW_STOCK')).toEqual([]);
  });

  it('flags a quantity beyond the per-order limit', () => {
    const cart = priceCart([line('eggs', 7)], catalog(product('eggs', { maxPerOrder: 6 })), rules);
    expect(cart.errors).toEqual([
      expect.objectContaining({
        code: 'QUANTITY_EXCEEDS_LIMIT',
        productId: 'eggs',
        message: 'At most 6 per order',
      }),
    ]);
    expect(cart.subtotal).toBe(0);
  });

  it('warns about low stock at and below the threshold only', () => {
    const cart = priceCart(
      [line('five', 1), line('six', 1)],
      catalog(product('five', { available: 5 }), product('six', { available: 6 })),
      rules,
    );
    expect(cart.warnings).toEqual([
      { code: 'LOW_STOCK', productId: 'five', available: 5, message: 'Only 5 available' },
    ]);
    expect(cart.errors).toEqual([]);
    expect(cart.subtotal).toBe(6000);
  });

  it('warns when the price moved since the shopper saw it, and charges the new price', () => {
    const cart = priceCart(
      [line('tea', 2, { seenPrice: 4000 })],
      catalog(product('tea', { price: 4500 })),
      rules,
    );
    expect(cart.warnings).toEqual([
      expect.objectContaining({ code: 'PRICE_CHANGED', productId: 'tea', oldPrice: 4000, newPrice: 4500 }),
    ]);
    expect(cart.items[0]).toMatchObject({ unitPrice: 4500, lineTotal: 9000 });
    expect(cart.subtotal).toBe(9000);
  });
});

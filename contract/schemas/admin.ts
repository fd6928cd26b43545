// What the admin routes accept and answer beyond a product (contract/routes/admin.ts): apart from the
// catalog's schemas, so a shopper's browsing never builds them.
import { Id, Paise } from './common';
import * as z from './zod';

/** ₹1 crore a unit: 1000 units on each of a cart's 99 lines still total a safe integer (< 2^53). */
export const MAX_UNIT_PRICE_PAISE = 1_000_000_000;

export const ProductInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    category: Id.meta({ description: 'Category slug, e.g. dairy' }),
    price: Paise.max(MAX_UNIT_PRICE_PAISE).refine((p) => p > 0, 'price must be positive'),
    mrp: Paise.max(MAX_UNIT_PRICE_PAISE),
    unit: z.string().trim().min(1).max(50),
    imageUrl: z
      .url({ protocol: /^https?$/, message: 'an http(s) URL' })
      .max(2048)
      .optional(),
    active: z.boolean(),
    maxPerOrder: z.number().int().min(1).max(1000),
  })
  .strict()
  .refine((p) => p.mrp >= p.price, { message: 'mrp must be at least price', path: ['mrp'] })
  .meta({ id: 'ProductInput' });

export const ReceiveStockInput = z
  .object({ quantity: z.number().int().min(1).max(1_000_000) })
  .strict()
  .meta({ id: 'ReceiveStockInput' });

export const StockLevels = z
  .object({
    productId: Id,
    available: z.number().int(),
    reserved: z.number().int(),
    sold: z.number().int(),
    received: z.number().int(),
  })
  .meta({ id: 'StockLevels' });

export const SetStockShardsInput = z
  .object({ shards: z.number().int().min(1).max(64) })
  .strict()
  .meta({ id: 'SetStockShardsInput' });

export const ShardedStockLevels = StockLevels.extend({ shards: z.number().int().min(1).max(64) }).meta({
  id: 'ShardedStockLevels',
});

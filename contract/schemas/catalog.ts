import { Id, Pagination, Paise } from './common';
import * as z from './zod';

export const Product = z
  .object({
    productId: Id,
    name: z.string(),
    category: z.string(),
    price: Paise,
    mrp: Paise,
    unit: z.string(),
    imageUrl: z.string().optional(),
    active: z.boolean(),
    maxPerOrder: z.number().int(),
    available: z.number().int().meta({ description: 'Units a shopper can buy now' }),
  })
  .meta({ id: 'Product' });

export const ProductList = z
  .object({ items: z.array(Product), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductList' });

export const ProductListQuery = Pagination.extend({ category: Id.optional() }).strict();

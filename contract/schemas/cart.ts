import { Id, Paise } from './common';
import * as z from './zod';

export const Quantity = z.number().int().min(1).max(1000);

export const AddCartItemInput = z
  .object({ productId: Id, quantity: Quantity })
  .strict()
  .meta({ id: 'AddCartItemInput' });
export const SetCartItemInput = z
  .object({ quantity: z.number().int().min(0).max(1000) })
  .strict()
  .meta({ id: 'SetCartItemInput' });

export const CartLine = z.object({
  productId: Id,
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: Paise,
  lineTotal: Paise,
  available: z.number().int(),
});

export const CartIssue = z.object({
  code: z.enum([
    'OUT_OF_STOCK',
    'PRODUCT_UNAVAILABLE',
    'LOW_STOCK',
    'PRICE_CHANGED',
    'QUANTITY_EXCEEDS_LIMIT',
  ]),
  productId: Id,
  message: z.string(),
  available: z.number().int().optional(),
  oldPrice: Paise.optional(),
  newPrice: Paise.optional(),
});

export const Cart = z
  .object({
    items: z.array(CartLine),
    subtotal: Paise,
    deliveryFee: Paise,
    handlingFee: Paise,
    total: Paise,
    errors: z.array(CartIssue),
    warnings: z.array(CartIssue),
  })
  .meta({ id: 'Cart' });

import { PAYMENT_STATUSES } from '../order-status';
import { Id, Pagination, Paise, Timestamp } from './common';
import { DeliveryAddress } from './delivery-address';
import { OrderStatusName } from './order-status';
import * as z from './zod';

// Shared with the delivery routes, in modules of their own; named here too for the order's readers.
export { DeliveryAddress, OrderStatusName };

export const CheckoutInput = z
  .object({ deliveryAddress: DeliveryAddress, notes: z.string().trim().max(500).optional() })
  .strict()
  .meta({ id: 'CheckoutInput' });
export type CheckoutInput = z.infer<typeof CheckoutInput>;

/** Idempotency-Key: what a client would generate (a UUID, a ULID); nothing that could break a key. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
  .meta({
    description: 'Names this checkout: the same key with the same body returns the same order',
    example: '01JDQ3V8Y5K2M9X7T4R6W1ZB0C',
  });

/** Header names as API Gateway passes them on (lower case). */
export const CheckoutHeaders = z.object({ 'idempotency-key': IdempotencyKey });

export const OrderListQuery = Pagination.strict();

const OrderLine = z.object({
  productId: Id,
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: Paise,
  lineTotal: Paise,
});

const OrderPayment = z.object({
  provider: z.literal('razorpay'),
  razorpayOrderId: z.string(),
  keyId: z.string(),
  amount: Paise,
  currency: z.literal('INR'),
  status: z.enum(PAYMENT_STATUSES),
  paymentId: z.string().optional(),
  method: z.string().optional().meta({
    description: 'How the shopper paid, once captured (Razorpay: upi, card, netbanking, wallet, …)',
  }),
  capturedAt: Timestamp.optional(),
  refunds: z
    .array(z.object({ refundId: z.string(), paymentId: z.string(), amount: Paise, at: Timestamp }))
    .optional(),
});

export const Order = z
  .object({
    orderId: Id,
    orderNumber: z.string().meta({
      description:
        'QC-<YYYYMMDD>-<NNNNNN>: unique among the UTC day’s orders, growing with the day’s count, not consecutive',
      example: 'QC-20261125-000123',
    }),
    status: OrderStatusName,
    items: z.array(OrderLine),
    subtotal: Paise,
    deliveryFee: Paise,
    handlingFee: Paise,
    total: Paise,
    currency: z.literal('INR'),
    deliveryAddress: DeliveryAddress,
    notes: z.string().optional(),
    payment: OrderPayment.optional(),
    reason: z
      .object({
        code: z.string(),
        message: z.string(),
        items: z
          .array(
            z.object({
              productId: Id,
              name: z.string().optional(),
              requested: z.number().int(),
              available: z.number().int(),
            }),
          )
          .optional(),
      })
      .optional()
      .meta({ description: 'Why the order ended as it did (for rejected: the short items)' }),
    timeline: z.array(z.object({ status: OrderStatusName, at: Timestamp })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Order' });

export const OrderList = z
  .object({ items: z.array(Order), nextCursor: z.string().nullable() })
  .meta({ id: 'OrderList' });

import { Id } from './common';
import * as z from './zod';

/** What Razorpay Checkout hands the client after a payment, plus our order id. */
export const VerifyPaymentInput = z
  .object({
    orderId: Id,
    razorpay_order_id: z.string().min(1).max(64),
    razorpay_payment_id: z.string().min(1).max(64),
    razorpay_signature: z.string().min(1).max(256),
  })
  .strict()
  .meta({ id: 'VerifyPaymentInput' });

export const WebhookAck = z
  .object({
    status: z.enum(['processed', 'duplicate', 'ignored']),
    event: z.string(),
    outcome: z.string().optional(),
  })
  .meta({ id: 'WebhookAck' });

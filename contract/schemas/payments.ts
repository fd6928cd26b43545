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

/** What Razorpay sends with every webhook (header names as API Gateway passes them on). */
export const WebhookHeaders = z.object({
  'x-razorpay-signature': z
    .string()
    .min(1)
    .meta({ description: 'Hex HMAC-SHA256 of the raw body with the webhook secret' }),
  'x-razorpay-event-id': z.string().min(1).optional().meta({
    description: 'Razorpay’s id for the event; a redelivery with the same id is acknowledged as a duplicate',
  }),
});

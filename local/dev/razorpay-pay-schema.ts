import * as z from '../../contract/schemas/zod';

/** Plays the shopper in Razorpay Checkout against the local double. The switches are for tests. */
export const DevRazorpayPayInput = z
  .object({
    razorpay_order_id: z.string().min(1).max(64),
    outcome: z.enum(['success', 'failure']),
    /** false leaves the payment 'authorized' (manual capture); default: captured at once. */
    capture: z.boolean().optional(),
    /** Pay this amount instead of the order's (the amount-mismatch path). */
    amount: z.number().int().min(100).optional(),
    webhooks: z
      .object({
        duplicates: z.number().int().min(0).max(10).optional(),
        reverse: z.boolean().optional(),
        delayMs: z.number().int().min(0).max(60_000).optional(),
        drop: z.boolean().optional(),
        concurrent: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const DevRazorpayPayResult = z.object({
  outcome: z.enum(['success', 'failure']),
  razorpay_order_id: z.string(),
  razorpay_payment_id: z.string(),
  /** On success: what Checkout hands the client for POST /payments/verify. */
  razorpay_signature: z.string().optional(),
  /** On failure: what Checkout's payment.failed handler receives. */
  error: z
    .object({
      code: z.string(),
      description: z.string(),
      source: z.string(),
      step: z.string(),
      reason: z.string(),
    })
    .optional(),
});

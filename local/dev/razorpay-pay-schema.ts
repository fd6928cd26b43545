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

/** On success exactly the triple Checkout hands the client, so it can go straight to /payments/verify. */
export const DevRazorpayPaySuccess = z
  .object({
    razorpay_order_id: z.string(),
    razorpay_payment_id: z.string(),
    razorpay_signature: z.string(),
  })
  .strict();

/** On failure what Checkout's payment.failed handler receives. */
export const DevRazorpayPayFailure = z.object({
  razorpay_order_id: z.string(),
  razorpay_payment_id: z.string(),
  error: z.object({
    code: z.string(),
    description: z.string(),
    source: z.string(),
    step: z.string(),
    reason: z.string(),
  }),
});

export const DevRazorpayPayResult = z.union([DevRazorpayPaySuccess, DevRazorpayPayFailure]);

export const DevRazorpayConfig = z.object({ keyId: z.string(), webhookSecret: z.string() }).strict();

/** Makes the system's next calls to the Razorpay API fail (`count` of them, or all for `seconds`) or hang. */
export const DevRazorpayFault = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('status'),
      status: z.number().int().min(400).max(599),
      count: z.number().int().min(1).max(10_000).optional(),
      seconds: z.number().min(0.1).max(3600).optional(),
    })
    .strict()
    .refine((f) => (f.count === undefined) !== (f.seconds === undefined), {
      message: 'give exactly one of count or seconds',
    }),
  z
    .object({
      kind: z.literal('delay'),
      ms: z.number().int().min(1).max(600_000),
      count: z.number().int().min(1).max(10_000),
    })
    .strict(),
]);

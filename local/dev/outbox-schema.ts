import * as z from '../../contract/schemas/zod';

export const DevOutboxQuery = z.object({ to: z.string().trim().min(1).max(254) }).strict();

export const DevOutboxList = z.object({
  items: z.array(
    z.object({
      channel: z.enum(['email', 'sms']),
      to: z.string(),
      subject: z.string().optional(),
      body: z.string(),
      orderId: z.string().optional(),
      at: z.string(),
    }),
  ),
});

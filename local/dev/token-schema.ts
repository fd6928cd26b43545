import { Id } from '../../contract/schemas/common';
import * as z from '../../contract/schemas/zod';

/** name / phone_number / email become the token's claims, as Cognito's standard attributes would. */
export const DevTokenInput = z
  .object({
    sub: Id,
    role: z.enum(['shopper', 'rider', 'admin']),
    name: z.string().trim().min(1).max(100).optional(),
    phone_number: z
      .string()
      .regex(/^\+[1-9][0-9]{7,14}$/, 'E.164, e.g. +919876543210')
      .optional(),
    email: z.email().max(254).optional(),
  })
  .strict();

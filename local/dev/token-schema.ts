import { Id } from '../../functions/core/schemas/common';
import { z } from '../../functions/core/schemas/zod';

export const DevTokenInput = z.object({ sub: Id, role: z.enum(['shopper', 'rider', 'admin']) }).strict();

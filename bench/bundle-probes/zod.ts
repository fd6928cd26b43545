// A probe of bench/bundle-import-costs.ts: zod (classic) with one small schema, as a handler parses.
import * as z from '../../contract/schemas/zod';

const Input = z.object({ orderId: z.string(), quantity: z.number().int().optional() });

export const handler = async (event: unknown) => Input.safeParse(event).success;

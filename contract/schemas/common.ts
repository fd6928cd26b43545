import * as z from './zod';

/** Opaque ids: short, URL-safe, no surprises in keys or logs. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only');

export const Paise = z.number().int().nonnegative().meta({ description: 'Integer paise (₹1 = 100)' });

/** Degrees. DynamoDB cannot store a number under 1e-130 in magnitude (a 500 from the write), so a
 *  coordinate closer to 0 than 1e-9° (a tenth of a millimetre) is taken as 0; no other value changes. */
const degrees = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .overwrite((value) => (Math.abs(value) < 1e-9 ? 0 : value));
export const Latitude = degrees(90);
export const Longitude = degrees(180);

export const Timestamp = z.string().meta({ description: 'ISO-8601 UTC' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const Pagination = z.object({
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const Empty = z.object({}).strict();

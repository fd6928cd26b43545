import * as z from './zod';

/** One dependency's state as the last check saw it. */
export const DependencyState = z.enum(['ok', 'unavailable']);

export const Health = z
  .object({
    status: DependencyState,
    dependencies: z
      .object({ dynamodb: DependencyState })
      .meta({ description: 'Each dependency the API relies on, checked at most every few seconds' }),
  })
  .meta({
    id: 'Health',
    example: { status: 'ok', dependencies: { dynamodb: 'ok' } },
  });
export type Health = z.infer<typeof Health>;

// sagaTask(name, run): the edge of a checkout-saga task Lambda. Parses the task input (always
// { orderId, ... }), logs with the order id, returns what `run` returns (the outcome the
// state machine's Choice states branch on) and lets errors escape with their `name`, which is what
// the state machine's Retry and Catch match on.
import type { Context } from 'aws-lambda';
import { Id } from '../../contract/schemas/common';
import * as z from '../../contract/schemas/zod';
import { observeInvocation } from './invocation';
import { logger } from './logger';

export const TaskInput = z.object({ orderId: Id }).loose();

export class InvalidTaskInputError extends Error {
  override name = 'InvalidTaskInputError';
}

export function sagaTask<S extends z.ZodType<{ orderId: string }>>(
  name: string,
  schema: S,
  run: (input: z.output<S>) => Promise<unknown>,
) {
  return (event: unknown, context?: Context): Promise<{ orderId: string }> =>
    observeInvocation(context, { task: name }, async () => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) throw new InvalidTaskInputError(`${name}: ${parsed.error.message}`);
      const { orderId } = parsed.data;
      logger.appendKeys({ orderId });
      try {
        const returned = await run(parsed.data);
        const result = typeof returned === 'object' && returned !== null ? returned : {};
        logger.info('task done', { result });
        return { ...result, orderId };
      } catch (error) {
        logger.warn('task failed', { error: error as Error });
        throw error;
      }
    });
}

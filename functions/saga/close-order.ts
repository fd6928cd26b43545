// The last compensation step. It gets the execution's whole state: `failure` is what a Catch
// recorded ({Error, Cause}), `step` a task's failed outcome, `refundFailure` a refund that could
// not be made within its retries.

import * as z from '../../contract/schemas/zod';
import { closeOrder } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

const Failure = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose();

const CloseOrderInput = TaskInput.extend({
  failure: Failure.nullish(),
  step: z.object({ outcome: z.string().optional() }).and(Failure).nullish(),
  refundFailure: Failure.nullish(),
});

export const handler = sagaTask('CloseOrder', CloseOrderInput, ({ orderId, failure, step, refundFailure }) =>
  closeOrder(orderId, failure ?? (step?.outcome === 'failed' ? step : undefined), refundFailure ?? undefined),
);

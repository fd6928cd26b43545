// The last compensation step: `failure` is what the state machine's Catch recorded ({Error, Cause}).

import * as z from '../../contract/schemas/zod';
import { closeOrder } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

const CloseOrderInput = TaskInput.extend({
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().nullish(),
});

export const handler = sagaTask('CloseOrder', CloseOrderInput, ({ orderId, failure }) =>
  closeOrder(orderId, failure ?? undefined),
);

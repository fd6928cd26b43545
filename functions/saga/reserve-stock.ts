// Out of stock is an outcome ({ outcome: 'failed' }), not a Lambda error: the ASL's Choice rejects.
import { reserveOrderStock, stepOutcome } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('ReserveStock', TaskInput, ({ orderId }) =>
  stepOutcome(() => reserveOrderStock(orderId)),
);

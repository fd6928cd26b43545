import { reserveOrderStock } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('ReserveStock', TaskInput, ({ orderId }) => reserveOrderStock(orderId));

import { confirmOrder } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('ConfirmOrder', TaskInput, ({ orderId }) => confirmOrder(orderId));

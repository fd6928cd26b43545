import { createOrderPayment } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('CreatePaymentOrder', TaskInput, ({ orderId }) =>
  createOrderPayment(orderId),
);

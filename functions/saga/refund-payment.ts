import { refundOrderPayment } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('RefundPayment', TaskInput, ({ orderId }) => refundOrderPayment(orderId));

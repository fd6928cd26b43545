import { verifyOrderPayment } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('VerifyPayment', TaskInput, ({ orderId }) => verifyOrderPayment(orderId));

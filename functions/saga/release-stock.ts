import { releaseOrderStock } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('ReleaseStock', TaskInput, ({ orderId }) => releaseOrderStock(orderId));

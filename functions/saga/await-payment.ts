// Invoked by the AwaitPayment state (lambda:invoke.waitForTaskToken): stores the token and returns;
// the saga stays in AwaitPayment until a payment signal, a cancel or the window resolves it.

import * as z from '../../contract/schemas/zod';
import { storePaymentTaskToken } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

const AwaitPaymentInput = TaskInput.extend({ taskToken: z.string().min(1).max(8192) });

export const handler = sagaTask('AwaitPayment', AwaitPaymentInput, ({ orderId, taskToken }) =>
  storePaymentTaskToken(orderId, taskToken),
);

// A mismatched or uncapturable payment is an outcome; Razorpay being down is thrown, and the ASL
// retries it for half an hour: a shopper who paid is never failed by an outage.
import { stepOutcome, verifyOrderPayment } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('VerifyPayment', TaskInput, ({ orderId }) =>
  stepOutcome(() => verifyOrderPayment(orderId)),
);

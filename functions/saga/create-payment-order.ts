// A cancel, a refusing Razorpay or an open breaker end the checkout as an outcome; a provider
// hiccup (5xx, timeout) is thrown so the ASL retries it a few times before giving up.
import { createOrderPayment, stepOutcome } from '../core/orders';
import { sagaTask, TaskInput } from '../core/saga-task';

export const handler = sagaTask('CreatePaymentOrder', TaskInput, ({ orderId }) =>
  stepOutcome(() => createOrderPayment(orderId), { circuitOpenEndsCheckout: true }),
);

// Business failures the checkout saga routes on. Step Functions matches on `name`, so each is set
// explicitly; none of them is retried (statemachines/checkout.asl.json).

/** The shopper cancelled while the saga waited for payment (also the SendTaskFailure error). */
export class OrderCancelledError extends Error {
  override name = 'OrderCancelled';
  constructor(orderId: string) {
    super(`Order ${orderId} was cancelled by the shopper`);
  }
}

/** The payment a signal named is not for this order: other Razorpay order, amount or currency. */
export class PaymentMismatchError extends Error {
  override name = 'PaymentMismatchError';
}

/** Razorpay says the signalled payment is not (and cannot become) captured. */
export class PaymentNotCapturedError extends Error {
  override name = 'PaymentNotCapturedError';
}

/** The order is not where this step expects it (a bug or a manual change; never retried). */
export class UnexpectedOrderStateError extends Error {
  override name = 'UnexpectedOrderStateError';
}

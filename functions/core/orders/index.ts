// Orders: the checkout, the saga's steps, the signals that reach an order from outside, and reads.
//
// For HTTP handlers and webhooks (all take plain values; none knows API Gateway or Step Functions):
//
//   checkout(userId, idempotencyKey, input, { beforeNewOrder }) → { order, replayed }
//       POST /checkout. Validates and prices the cart, writes the `pending` order, the
//       idempotency record and the shopper's checkout guard in one transaction, starts the saga
//       (execution name = orderId). Same key + same body → same order (replayed: true); different
//       body → 409 IDEMPOTENCY_CONFLICT; a cart held by an unpaid order → that order, any key;
//       past MAX_OPEN_ORDERS_PER_SHOPPER unpaid orders → 409 INVALID_STATE. `beforeNewOrder`
//       runs only when a new order is about to be made (the rate limit).
//
//   getOrderForUser(orderId, userId) → PublicOrder        (404 if missing or someone else's)
//   requireOwnOrder(orderId, userId) → OrderRecord        (the stored order, same 404 rule)
//   listOrdersForUser(userId, { limit, cursor }) → { items, nextCursor }   newest first
//
//   recordPaymentSignal({ orderId, razorpayOrderId, razorpayPaymentId }) → { outcome, order }
//       Call after the signature verified (checkout triple or webhook). Records the payment on the
//       order exactly once and resumes AwaitPayment (SendTaskSuccess with the stored token; if the
//       token is not stored yet, AwaitPayment sees the payment and resumes itself). outcome:
//       'accepted' | 'duplicate' (same payment again: no effect) | 'closed' (order ended, ending or
//       being cancelled) | 'superseded' (another payment was accepted) | 'unrelated' (not this
//       order's Razorpay order). For any outcome but 'accepted' / 'unrelated', call refundUnkeptPayment
//       (a 'duplicate' may be a payment the order recorded and then ended without keeping).
//
//   refundUnkeptPayment(orderId, paymentId) → boolean
//       Refunds a captured payment the order does not keep (late capture, double payment). Never
//       touches the order's kept payment; once per (order, payment), safe to repeat.
//
//   recordFailedPaymentAttempt({ orderId, razorpayOrderId, razorpayPaymentId, reason? })
//       payment.failed: recorded on the order and the shopper notified; the order keeps waiting.
//
//   cancelOrder(orderId, userId) → PublicOrder
//       Before payment: marks the order and fails AwaitPayment with 'OrderCancelled' (the saga
//       releases the stock and ends it `cancelled`; the returned order may still show the old
//       status for a moment). After a payment was signalled but before confirmation: 409
//       INVALID_STATE. Confirmed / rider assigned: cancelled now, stock returned, money refunded
//       (or, if Razorpay is down, by settleCancelledOrder on the `cancelled` event). A pending order
//       whose saga never started gets it started, so the cancel is read.
//
//   settleCancelledOrder(orderId) — target of the `cancelled` event: refunds what is still captured.
//
// For the saga's task handlers (functions/saga/*): reserveOrderStock, createOrderPayment,
// storePaymentTaskToken, verifyOrderPayment, confirmOrder (saga-steps) and the compensations
// refundOrderPayment, releaseOrderStock, closeOrder (saga-compensations) — each idempotent, guarded
// by the order's own status / stock / payment state.
//
// For delivery/ (which moves a confirmed order on to its rider): readOrder, changeOrder / orderGuard
// with the named conditions, enteredAt, announceStatus.
export { announceStatus } from './announce';
export { cancelOrder, settleCancelledOrder } from './cancel';
export { type CheckoutResult, checkout } from './checkout';
export {
  anyOf,
  awaitsRider,
  carriedBy,
  hasNoRider,
  hasRider,
  type OrderCondition,
  statusIn,
  statusIs,
  statusIsNot,
} from './conditions';
export {
  OrderCancelledError,
  PaymentMismatchError,
  PaymentNotCapturedError,
  UnexpectedOrderStateError,
} from './errors';
export { type AssignedRider, type OrderRecord, type PublicOrder, toPublicOrder } from './model';
export {
  type PaymentSignal,
  type PaymentSignalOutcome,
  recordFailedPaymentAttempt,
  recordPaymentSignal,
} from './payment-signals';
export { getOrderForUser, listOrdersForUser, requireOwnOrder } from './reads';
export { refundReceipt, refundUnkeptPayment } from './refunds';
export { closeOrder, refundOrderPayment, releaseOrderStock } from './saga-compensations';
export { type StepOutcome, stepOutcome } from './saga-outcomes';
export {
  confirmOrder,
  createOrderPayment,
  reserveOrderStock,
  storePaymentTaskToken,
  verifyOrderPayment,
} from './saga-steps';
export {
  changeOrder,
  enteredAt,
  OrderChangeRefusedError,
  OrderNotFoundError,
  orderGuard,
  readOrder,
} from './store';

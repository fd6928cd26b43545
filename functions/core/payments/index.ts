// Payments with Razorpay: the gateway calls, signatures, webhook dedupe and the shared breaker.
export { type BreakerRecord, type BreakerState, readBreaker } from './circuit-breaker';
export type {
  RazorpayOrder,
  RazorpayOrderStatus,
  RazorpayPayment,
  RazorpayPaymentStatus,
  RazorpayRefund,
} from './entities';
export {
  classifyProviderError,
  PaymentProviderRejectedError,
  PaymentProviderUnavailableError,
} from './errors';
export { type RazorpayKeys, razorpayKeys } from './keys';
export {
  type CreateOrderInput,
  capturePayment,
  createOrder,
  fetchOrder,
  fetchOrderPayments,
  fetchPayment,
  fetchPaymentRefunds,
  RAZORPAY_BREAKER,
  type RefundInput,
  refundPayment,
} from './razorpay-gateway';
export { assertPaymentsReady, razorpayKeysProblem } from './readiness';
export { razorpaySettings } from './settings';
export { signCheckout, signWebhook, verifyCheckoutSignature, verifyWebhookSignature } from './signatures';
export {
  forgetWebhookEvent,
  parseWebhookEvent,
  RazorpayWebhookEvent,
  recordWebhookEvent,
  WebhookOrderEntity,
  WebhookPaymentEntity,
  WebhookRefundEntity,
} from './webhook-events';

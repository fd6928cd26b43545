export type { ApiFault } from './fault-injector';
export { LOCAL_RAZORPAY_KEYS } from './local-keys';
export {
  type ApiRequestRecord,
  type PayFailure,
  type PayOptions,
  type PayResult,
  type PaySuccess,
  type RazorpayDouble,
  type RazorpayDoubleOptions,
  startRazorpayDouble,
} from './server';
export type { WebhookDelivery, WebhookRetryPolicy, WebhookSwitches } from './webhook-sender';

// Every call this project makes to Razorpay, through the official SDK, behind the shared circuit
// breaker, with failures classified as Unavailable (retry later) or Rejected (do not retry). Each
// call logs one line `Razorpay <operation>` with the ids it concerns, its duration and outcome.
// The SDK (with axios and mime-db, ~310 KB) is imported on the first call, not with the module: a
// function that only reaches this file through shared code never loads it (docs/decisions.md).
import type Razorpay from 'razorpay';
import { type CallFields, timedCall } from '../timed-call';
import { withCircuitBreaker } from './circuit-breaker';
import { checkProviderTime, withinProviderDeadline } from './deadline';
import type { Notes, RazorpayCollection, RazorpayOrder, RazorpayPayment, RazorpayRefund } from './entities';
import { classifyProviderError, PaymentProviderRejectedError } from './errors';
import { type RazorpayKeys, razorpayKeys } from './keys';
import { razorpaySettings } from './settings';

export const RAZORPAY_BREAKER = 'razorpay';

interface AxiosDefaults {
  baseURL?: string;
  timeout?: number;
  proxy?: false;
}

const clients = new Map<string, Razorpay>();

let sdk: Promise<typeof Razorpay> | undefined;
const loadSdk = () => {
  sdk ??= import('razorpay').then((module) => module.default);
  return sdk;
};

/** One SDK client per keys (and endpoint), reused across invocations of a warm Lambda. */
async function razorpayClient(keys: RazorpayKeys): Promise<Razorpay> {
  const { baseUrl, timeoutMs } = razorpaySettings();
  const cacheKey = [keys.keyId, keys.keySecret, baseUrl ?? '', timeoutMs].join('\u0000');
  let client = clients.get(cacheKey);
  if (!client) {
    const RazorpaySdk = await loadSdk();
    client = new RazorpaySdk({ key_id: keys.keyId, key_secret: keys.keySecret });
    // The SDK has no options for these, but (razorpay 2.9.8) `client.api.rq` is its axios instance.
    const defaults = (client as unknown as { api: { rq: { defaults: AxiosDefaults } } }).api.rq.defaults;
    if (baseUrl) defaults.baseURL = baseUrl;
    defaults.timeout = timeoutMs; // none by default: a hung connection would hang the Lambda
    defaults.proxy = false; // axios would otherwise honour HTTP_PROXY
    clients.set(cacheKey, client);
  }
  return client;
}

async function callRazorpay<T>(
  operation: string,
  fields: CallFields,
  call: (rzp: Razorpay) => Promise<unknown>,
): Promise<T> {
  checkProviderTime(operation);
  const rzp = await razorpayClient(await razorpayKeys());
  // The breaker is inside the timing, so a call it refuses shows in the log as a failed call.
  // The invocation's deadline (./deadline) bounds the call, so the route answers before its timeout.
  return timedCall(`Razorpay ${operation}`, fields, () =>
    withCircuitBreaker(RAZORPAY_BREAKER, razorpaySettings().breaker, () =>
      withinProviderDeadline(operation, async () => {
        try {
          return (await call(rzp)) as T;
        } catch (error) {
          throw classifyProviderError(error, operation);
        }
      }),
    ),
  );
}

export interface CreateOrderInput {
  /** Integer paise, at least 100. */
  amount: number;
  currency?: 'INR';
  /** Our order id: shows up on Razorpay's side and in its webhooks. */
  receipt: string;
  notes?: Notes;
}

export const createOrder = ({ amount, currency = 'INR', receipt, notes = {} }: CreateOrderInput) =>
  callRazorpay<RazorpayOrder>('createOrder', { orderId: notes.orderId ?? receipt }, (rzp) =>
    rzp.orders.create({ amount, currency, receipt, notes }),
  );

export const fetchOrder = (razorpayOrderId: string) =>
  callRazorpay<RazorpayOrder>('fetchOrder', { razorpayOrderId }, (rzp) => rzp.orders.fetch(razorpayOrderId));

export const fetchPayment = (paymentId: string) =>
  callRazorpay<RazorpayPayment>('fetchPayment', { paymentId }, (rzp) => rzp.payments.fetch(paymentId));

export async function fetchOrderPayments(razorpayOrderId: string): Promise<RazorpayPayment[]> {
  const page = await callRazorpay<RazorpayCollection<RazorpayPayment>>(
    'fetchOrderPayments',
    { razorpayOrderId },
    (rzp) => rzp.orders.fetchPayments(razorpayOrderId),
  );
  return page.items;
}

export async function fetchPaymentRefunds(paymentId: string): Promise<RazorpayRefund[]> {
  const page = await callRazorpay<RazorpayCollection<RazorpayRefund>>(
    'fetchPaymentRefunds',
    { paymentId },
    (rzp) => rzp.payments.fetchMultipleRefund(paymentId, { count: 100 }),
  );
  return page.items;
}

/**
 * Captures an authorized payment. Idempotent: if an earlier attempt already captured it (say its
 * answer was lost to a timeout), the captured payment is returned instead of Razorpay's 400.
 */
export async function capturePayment(
  paymentId: string,
  amount: number,
  currency = 'INR',
): Promise<RazorpayPayment> {
  try {
    return await callRazorpay<RazorpayPayment>('capturePayment', { paymentId }, (rzp) =>
      rzp.payments.capture(paymentId, amount, currency),
    );
  } catch (error) {
    if (
      !(error instanceof PaymentProviderRejectedError && /already been captured/i.test(error.description))
    ) {
      throw error;
    }
    const payment = await fetchPayment(paymentId);
    if (payment.captured && payment.amount === amount) return payment;
    throw error;
  }
}

export interface RefundInput {
  /** Integer paise; partial refunds allowed. */
  amount: number;
  /** Idempotency key for this refund (e.g. `refund-<orderId>`): a retry finds the refund it made. */
  receipt: string;
  notes?: Notes;
}

/** Refunds once per receipt: a retried refund returns the refund the first attempt made. */
export async function refundPayment(paymentId: string, { amount, receipt, notes = {} }: RefundInput) {
  const existing = (await fetchPaymentRefunds(paymentId)).find(
    (refund) => refund.receipt === receipt && refund.status !== 'failed',
  );
  if (existing) return existing;
  return callRazorpay<RazorpayRefund>('refundPayment', { paymentId, orderId: notes.orderId }, (rzp) =>
    rzp.payments.refund(paymentId, { amount, receipt, notes: { ...notes, receipt } }),
  );
}

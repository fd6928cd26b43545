// Payment confirmation from both sides Razorpay offers: the Checkout triple the client posts
// (POST /payments/verify) and the signed webhook (POST /webhooks/razorpay). Both end in
// orders.recordPaymentSignal, so whichever arrives first resumes the saga and the other changes
// nothing; a capture the order will not keep (late, or a second payment) is refunded.

import { Id } from '../../contract/schemas/common';
import { AppError } from './errors';
import { logger } from './logger';
import {
  type OrderRecord,
  type PaymentSignalOutcome,
  type PublicOrder,
  recordFailedPaymentAttempt,
  recordPaymentSignal,
  refundUnkeptPayment,
  requireOwnOrder,
  toPublicOrder,
} from './orders';
import {
  fetchOrder,
  forgetWebhookEvent,
  PaymentProviderRejectedError,
  parseWebhookEvent,
  type RazorpayWebhookEvent,
  razorpayKeys,
  recordWebhookEvent,
  verifyCheckoutSignature,
  verifyWebhookSignature,
} from './payments';

export interface CheckoutTriple {
  orderId: string;
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

/** POST /payments/verify: the shopper's own order, a valid Checkout signature, then the signal. */
export async function verifyCheckoutPayment(userId: string, triple: CheckoutTriple): Promise<PublicOrder> {
  const order = await requireOwnOrder(triple.orderId, userId);
  const { keySecret } = await razorpayKeys();
  const signed = verifyCheckoutSignature(
    {
      razorpayOrderId: triple.razorpay_order_id,
      razorpayPaymentId: triple.razorpay_payment_id,
      signature: triple.razorpay_signature,
    },
    keySecret,
  );
  if (!signed) throw new AppError('INVALID_SIGNATURE', 'razorpay_signature does not verify');
  if (order.payment?.razorpayOrderId !== triple.razorpay_order_id) {
    throw new AppError('VALIDATION_FAILED', 'razorpay_order_id is not this order’s payment', {
      orderId: triple.orderId,
    });
  }
  const { outcome, order: after } = await recordPaymentSignal(
    {
      orderId: triple.orderId,
      razorpayOrderId: triple.razorpay_order_id,
      razorpayPaymentId: triple.razorpay_payment_id,
    },
    order,
  );
  if (mayBeUnkept(outcome)) await refundUnkept(triple.orderId, triple.razorpay_payment_id, after);
  return toPublicOrder(after ?? order);
}

export interface WebhookDelivery {
  rawBody: string;
  signature: string | undefined;
  eventId: string | undefined;
}

export type WebhookResult = {
  status: 'processed' | 'duplicate' | 'ignored';
  event: string;
  outcome?: string;
};

/** POST /webhooks/razorpay: verified on the raw body, deduplicated by event id, then acted on. */
export async function handleRazorpayWebhook({
  rawBody,
  signature,
  eventId,
}: WebhookDelivery): Promise<WebhookResult> {
  const { webhookSecret } = await razorpayKeys();
  if (!verifyWebhookSignature(rawBody, signature, webhookSecret)) {
    throw new AppError('INVALID_SIGNATURE', 'X-Razorpay-Signature does not verify');
  }
  const event = parsedOrNothing(rawBody);
  // docs/api.md: always 200 once verified. A signed body we cannot read will not read better on retry.
  if (!event) return { status: 'ignored', event: 'unreadable' };
  if (eventId && (await recordWebhookEvent(eventId, event.event)) === 'duplicate') {
    return { status: 'duplicate', event: event.event };
  }
  try {
    return await actOn(event);
  } catch (error) {
    // Let Razorpay's redelivery try again rather than dropping it as a duplicate.
    if (eventId) await forgetWebhookEvent(eventId);
    throw error;
  }
}

/**
 * Every outcome but a fresh acceptance may name a capture the order will not keep: 'closed' and
 * 'superseded', and also 'duplicate' — the order recorded this payment, then ended without keeping
 * it (window closed, mismatch, not capturable) while it was still only authorized, and Razorpay
 * captured it afterwards. refundUnkeptPayment leaves a payment the order keeps alone.
 */
const mayBeUnkept = (outcome: PaymentSignalOutcome) => outcome !== 'accepted' && outcome !== 'unrelated';

function parsedOrNothing(rawBody: string): RazorpayWebhookEvent | undefined {
  try {
    return parseWebhookEvent(rawBody);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    logger.warn('signed webhook that is not a Razorpay event', { issues: error.details });
    return undefined;
  }
}

const PAYMENT_SUCCESS_EVENTS = new Set(['payment.authorized', 'payment.captured', 'order.paid']);

async function actOn(event: RazorpayWebhookEvent): Promise<WebhookResult> {
  const payment = event.payload.payment?.entity;
  if (!payment?.order_id || !(PAYMENT_SUCCESS_EVENTS.has(event.event) || event.event === 'payment.failed')) {
    return { status: 'ignored', event: event.event };
  }
  const orderId = await ourOrderId(payment.order_id, event);
  if (!orderId) {
    logger.warn('webhook for a Razorpay order we did not create', { razorpayOrderId: payment.order_id });
    return { status: 'ignored', event: event.event };
  }
  const signal = { orderId, razorpayOrderId: payment.order_id, razorpayPaymentId: payment.id };
  if (event.event === 'payment.failed') {
    await recordFailedPaymentAttempt({ ...signal, reason: payment.error_description ?? undefined });
    return { status: 'processed', event: event.event, outcome: 'failed_attempt' };
  }
  const { outcome, order } = await recordPaymentSignal(signal);
  // An authorized one too: Razorpay cannot void it, so it is captured and refunded (refundUnkeptPayment).
  const holdsMoney = payment.status === 'captured' || payment.status === 'authorized';
  if (mayBeUnkept(outcome) && holdsMoney && !(await refundUnkept(orderId, payment.id, order))) {
    return { status: 'processed', event: event.event, outcome: 'refund_refused' };
  }
  return { status: 'processed', event: event.event, outcome };
}

/**
 * Refunds a capture the order does not keep. Razorpay refusing the refund (4xx: unknown or not
 * refundable payment) will not change on a retry, so it is logged for a person, not answered 500;
 * false then. Transient failures still throw (503, and Razorpay redelivers).
 */
async function refundUnkept(orderId: string, paymentId: string, seen?: OrderRecord): Promise<boolean> {
  try {
    // The signal's own consistent read of the order decides: no second read for a duplicate.
    await refundUnkeptPayment(orderId, paymentId, seen);
    return true;
  } catch (error) {
    if (!(error instanceof PaymentProviderRejectedError)) throw error;
    logger.error('Razorpay refused to refund a payment the order does not keep', {
      orderId,
      paymentId,
      error: error as Error,
    });
    return false;
  }
}

/** Our orderId travels in the Razorpay order's notes; payment events carry only the Razorpay order id.
 *  A Razorpay order that Razorpay refuses to fetch (unknown id), or notes without one of our ids,
 *  is not one of ours. */
async function ourOrderId(razorpayOrderId: string, event: RazorpayWebhookEvent): Promise<string | undefined> {
  const notes = event.payload.order?.entity.notes ?? (await fetchOrderNotes(razorpayOrderId));
  const orderId = notes && !Array.isArray(notes) ? notes.orderId : undefined;
  return Id.safeParse(orderId).success ? (orderId as string) : undefined;
}

async function fetchOrderNotes(razorpayOrderId: string) {
  try {
    return (await fetchOrder(razorpayOrderId)).notes;
  } catch (error) {
    if (error instanceof PaymentProviderRejectedError) return undefined;
    throw error;
  }
}

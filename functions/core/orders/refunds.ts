// Money going back: what Razorpay still holds of a payment is refunded once per (order, payment)
// and recorded on the order once per refund id, whoever gets there first (the saga's compensation,
// a late-capture webhook, a cancel, the cancelled-order settlement).
import { createHash } from 'node:crypto';
import { FAILED_CHECKOUT_STATUSES } from '../../../contract/order-status';
import { logger } from '../logger';
import { countRefundFailure } from '../metrics';
import {
  capturePayment,
  fetchPayment,
  fetchPaymentRefunds,
  PaymentProviderRejectedError,
  type RazorpayPayment,
  type RazorpayRefund,
  refundPayment,
} from '../payments';
import { refundFailureNotRecorded, refundNotRecorded } from './conditions';
import { OPEN_STATUSES, type OrderRecord } from './model';
import { isUnknownPayment } from './saga-outcomes';
import { changeOrder, OrderChangeRefusedError, readOrder } from './store';

/** Razorpay caps receipts at 40 characters; the hash names one refund per (order, payment). */
export const refundReceipt = (orderId: string, paymentId: string) =>
  `rf-${createHash('sha256').update(`${orderId}#${paymentId}`).digest('hex').slice(0, 32)}`;

/**
 * Refunds what Razorpay still holds of `paymentId` and records it on the order. Safe to repeat.
 * A payment id Razorpay does not know (a forged or mistaken signal) holds no money: nothing to do.
 * `releaseAuthorized`: an authorized payment is captured first, as Razorpay's API cannot void one
 * (left alone, the shopper's money stays blocked until Razorpay's auto-refund days later).
 */
export async function refundIfCaptured(
  order: OrderRecord,
  paymentId: string,
  { releaseAuthorized = false } = {},
): Promise<boolean> {
  let payment: RazorpayPayment;
  try {
    payment = await fetchPayment(paymentId);
  } catch (error) {
    if (isUnknownPayment(error)) return false;
    throw error;
  }
  if (payment.order_id !== order.payment?.razorpayOrderId) return false;
  if (payment.status === 'authorized' && releaseAuthorized) {
    payment = await capturePayment(paymentId, payment.amount, payment.currency);
  }
  const receipt = refundReceipt(order.orderId, paymentId);
  const outstanding = payment.amount - payment.amount_refunded;
  if (payment.status !== 'captured' || outstanding <= 0) {
    // An earlier run may have refunded and then failed before recording it: record it now.
    if (payment.amount_refunded > 0) await recordOurRefunds(order, paymentId, receipt);
    return false;
  }
  let refund: RazorpayRefund;
  try {
    refund = await refundPayment(paymentId, {
      amount: outstanding,
      receipt,
      notes: { orderId: order.orderId },
    });
  } catch (error) {
    // Two refunders (the saga, a late-capture webhook, a repeated cancel) can both find the
    // refund not made yet; Razorpay refuses the second as over-refund. If nothing is left to
    // refund now, the other one did it (and records it): done, not a failure.
    if (!(error instanceof PaymentProviderRejectedError)) throw error;
    const now = await fetchPayment(paymentId);
    if (now.amount - now.amount_refunded <= 0) return false;
    throw error;
  }
  await recordRefund(order, paymentId, refund);
  return true;
}

/**
 * A payment this order will not keep (it arrived after the order ended or was closing, or a second
 * payment for the same order) is refunded, captured first if it is only authorized. Safe to call
 * for every payment signal: the order's own kept payment is never refunded here, nor one an open
 * order may still keep (no payment recorded yet), and a refund is made once per (order, payment).
 */
export async function refundUnkeptPayment(
  orderId: string,
  paymentId: string,
  /** The order as the caller just read (or wrote) it consistently; read here when absent. */
  seen?: OrderRecord,
): Promise<boolean> {
  const order = seen ?? (await readOrder(orderId));
  if (!order?.payment) return false;
  const keeps =
    order.payment.paymentId === paymentId &&
    !order.closing &&
    !FAILED_CHECKOUT_STATUSES.includes(order.status);
  const mayStillKeep = !order.payment.paymentId && !order.closing && OPEN_STATUSES.includes(order.status);
  if (keeps || mayStillKeep) return false;
  const refunded = await refundIfCaptured(order, paymentId, { releaseAuthorized: true });
  if (refunded) logger.info('refunded a payment the order does not keep', { orderId, paymentId });
  return refunded;
}

async function recordOurRefunds(order: OrderRecord, paymentId: string, receipt: string) {
  const ours = (await fetchPaymentRefunds(paymentId)).filter((refund) => refund.receipt === receipt);
  for (const refund of ours) await recordRefund(order, paymentId, refund);
}

/**
 * Recorded once per refund id: a concurrent refunder may have recorded the same refund already.
 * payment.status becomes `refunded` when this was the order's money: its kept payment, or a late
 * capture on an order that never kept one (an extra payment beside a kept capture leaves it).
 */
async function recordRefund(order: OrderRecord, paymentId: string, refund: RazorpayRefund) {
  const at = new Date().toISOString();
  const kept = order.payment?.paymentId === paymentId || order.payment?.status !== 'captured';
  try {
    await changeOrder({
      orderId: order.orderId,
      at,
      when: [refundNotRecorded(refund.id)],
      set: kept ? { 'payment.status': 'refunded' } : {},
      append: {
        'payment.refunds': [{ refundId: refund.id, paymentId, amount: refund.amount, at }],
        'payment.refundIds': [refund.id],
      },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
  }
}

/**
 * A refund Razorpay refused (or that kept failing) is written on the order for a person to settle,
 * and counted (alarmed): the order still goes on to its terminal status with its stock released.
 */
export async function recordRefundFailure(
  orderId: string,
  failure: { paymentId?: string; error: string; message: string },
): Promise<void> {
  logger.error('refund could not be made; recorded on the order', { orderId, ...failure });
  countRefundFailure();
  try {
    await changeOrder({
      orderId,
      at: new Date().toISOString(),
      when: [refundFailureNotRecorded],
      set: { 'payment.refundFailure': { ...failure, at: new Date().toISOString() } },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error; // recorded by an earlier attempt
  }
}

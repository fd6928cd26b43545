// What happens to an order from outside the saga: a payment signal (POST /payments/verify or a
// Razorpay webhook, whichever comes first), a failed payment attempt, a shopper's cancel, a capture
// that arrives after the order ended. Each is one conditional write on the order, then at most one
// SendTask* with the stored token; duplicates and any order of arrival have one effect.

import { paymentWindowSeconds } from '../config';
import { releaseRider } from '../delivery/riders';
import { invalidState, isRetryable } from '../errors';
import { GuardConditionFailedError, returnSoldStock } from '../inventory';
import { logger } from '../logger';
import { notify } from '../notifications';
import { announceStatus } from './announce';
import { type OrderRecord, type PublicOrder, toPublicOrder } from './model';
import { requireOwnOrder } from './reads';
import { refundIfCaptured } from './saga-steps';
import { changeOrder, enteredAt, OrderChangeRefusedError, orderGuard, readOrder } from './store';
import { failPaymentTask, resumePaymentTask, startCheckoutSaga } from './workflow';

export type PaymentSignalOutcome =
  /** Recorded now; the saga was resumed (or will resume itself when it stores its token). */
  | 'accepted'
  /** The same payment was already recorded: nothing more to do, unless the order ended without
   *  keeping it (then a capture must be refunded: refundUnkeptPayment decides). */
  | 'duplicate'
  /** The order has ended, is ending, or is being cancelled: a captured payment must be refunded. */
  | 'closed'
  /** Another payment was already accepted for this order: this one must be refunded if captured. */
  | 'superseded'
  /** The signal names a Razorpay order that is not this order's. */
  | 'unrelated';

export interface PaymentSignal {
  orderId: string;
  razorpayOrderId: string;
  razorpayPaymentId: string;
}

/**
 * Records that Razorpay says `razorpayPaymentId` paid this order, exactly once, and resumes the
 * AwaitPayment task (SendTaskSuccess with the stored token). If the saga has not stored its token
 * yet, AwaitPayment finds the recorded payment and resumes itself. Verify the signature first.
 */
export async function recordPaymentSignal(signal: PaymentSignal): Promise<{
  outcome: PaymentSignalOutcome;
  order?: OrderRecord;
}> {
  const order = await readOrder(signal.orderId);
  if (!order?.payment || order.payment.razorpayOrderId !== signal.razorpayOrderId) {
    return { outcome: 'unrelated', order };
  }
  try {
    const updated = await changeOrder({
      orderId: signal.orderId,
      at: new Date().toISOString(),
      from: ['awaiting_payment'],
      set: { 'payment.paymentId': signal.razorpayPaymentId, 'payment.signalledAt': new Date().toISOString() },
      when: 'attribute_not_exists(#pay.#paymentId) AND attribute_not_exists(cancelRequested) AND attribute_not_exists(closing)',
      names: { '#pay': 'payment', '#paymentId': 'paymentId' },
    });
    if (updated.paymentTaskToken)
      await resumePaymentTask(updated.paymentTaskToken, { orderId: signal.orderId });
    return { outcome: 'accepted', order: updated };
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
  }
  const now = (await readOrder(signal.orderId))!;
  if (now.payment?.paymentId === signal.razorpayPaymentId) {
    // A crash between the write and SendTaskSuccess is healed by the next duplicate.
    if (now.status === 'awaiting_payment' && now.paymentTaskToken && !now.closing) {
      await resumePaymentTask(now.paymentTaskToken, { orderId: signal.orderId });
    }
    return { outcome: 'duplicate', order: now };
  }
  if (now.payment?.paymentId) return { outcome: 'superseded', order: now };
  return { outcome: 'closed', order: now };
}

/**
 * A capture this order will not keep (it arrived after the order ended or was closing, or a second
 * payment for the same order) is refunded. Safe to call for every capture signal: the order's own
 * kept payment is never refunded here, and a refund is made once per (order, payment).
 */
export async function refundUnkeptPayment(orderId: string, paymentId: string): Promise<boolean> {
  const order = await readOrder(orderId);
  if (!order?.payment) return false;
  const keeps =
    order.payment.paymentId === paymentId &&
    !order.closing &&
    !['rejected', 'payment_failed', 'cancelled'].includes(order.status);
  if (keeps) return false;
  const refunded = await refundIfCaptured(order, paymentId);
  if (refunded) logger.info('refunded a payment the order does not keep', { orderId, paymentId });
  return refunded;
}

/** A failed attempt (payment.failed): recorded and the shopper told; the order keeps waiting. */
export async function recordFailedPaymentAttempt(input: {
  orderId: string;
  razorpayOrderId: string;
  razorpayPaymentId: string;
  reason?: string;
}): Promise<void> {
  const order = await readOrder(input.orderId);
  if (!order?.payment || order.payment.razorpayOrderId !== input.razorpayOrderId) return;
  const at = new Date().toISOString();
  try {
    // The id list makes the append conditional: concurrent redeliveries record the attempt once.
    await changeOrder({
      orderId: input.orderId,
      at,
      append: {
        'payment.failedAttempts': [{ paymentId: input.razorpayPaymentId, reason: input.reason, at }],
        'payment.failedPaymentIds': [input.razorpayPaymentId],
      },
      when: 'NOT contains(#pay.#failedIds, :paymentId)',
      names: { '#pay': 'payment', '#failedIds': 'failedPaymentIds' },
      values: { ':paymentId': input.razorpayPaymentId },
    });
  } catch (error) {
    if (error instanceof OrderChangeRefusedError) return; // recorded already
    throw error;
  }
  if (order.status !== 'awaiting_payment') return;
  await notify({
    userId: order.userId,
    type: 'payment.failed',
    orderId: order.orderId,
    title: 'Payment failed',
    message: `The payment for ${order.orderNumber} did not go through${input.reason ? ` (${input.reason})` : ''}. You can try again before the payment window closes.`,
    at,
    dedupeKey: `${order.orderId}#payment.failed#${input.razorpayPaymentId}`,
  });
}

/**
 * The shopper cancels their order (404 if it is not theirs).
 * - pending / awaiting payment: the saga is told (SendTaskFailure 'OrderCancelled' with the stored
 *   token, or AwaitPayment does it when it stores its token); it releases the stock and ends the
 *   order `cancelled`. Refused with 409 once a payment was signalled (it is being confirmed).
 * - confirmed / rider assigned (before pickup): cancelled now, sold stock returned, payment refunded.
 * - already cancelled: returned as it is.
 */
export async function cancelOrder(orderId: string, userId: string): Promise<PublicOrder> {
  return toPublicOrder(await cancel(await requireOwnOrder(orderId, userId)));
}

async function cancel(order: OrderRecord): Promise<OrderRecord> {
  switch (order.status) {
    case 'pending':
    case 'awaiting_payment':
      return cancelBeforePayment(order);
    case 'confirmed':
    case 'rider_assigned':
      return cancelAfterConfirmation(order);
    case 'cancelled': {
      await freeRider(order);
      const refunded = await finishRefund(order);
      await replayCancellation(refunded);
      return refunded;
    }
    default:
      throw invalidState(`An order that is ${order.status} cannot be cancelled`, { status: order.status });
  }
}

async function cancelBeforePayment(order: OrderRecord): Promise<OrderRecord> {
  let updated: OrderRecord;
  try {
    updated = await changeOrder({
      orderId: order.orderId,
      at: new Date().toISOString(),
      from: ['pending', 'awaiting_payment'],
      set: { cancelRequested: true },
      when: 'attribute_not_exists(#pay.#paymentId)',
      names: { '#pay': 'payment', '#paymentId': 'paymentId' },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    const now = (await readOrder(order.orderId))!;
    if (now.status === 'cancelled') return now;
    if (now.payment?.paymentId && ['pending', 'awaiting_payment'].includes(now.status)) {
      throw invalidState('A payment was received and is being confirmed; cancel once the order is confirmed');
    }
    return cancel((await readOrder(order.orderId))!); // it moved on meanwhile: decide again
  }
  if (updated.paymentTaskToken) {
    await failPaymentTask(
      updated.paymentTaskToken,
      'OrderCancelled',
      `Order ${order.orderId} was cancelled by the shopper`,
    );
  } else if (updated.status === 'pending') {
    // If the checkout's StartExecution never went through, nothing would ever read the cancel
    // request: start the saga (idempotent by name), which sees it and ends the order `cancelled`.
    await startCheckoutSaga({ orderId: order.orderId, paymentWindowSeconds: paymentWindowSeconds() });
  }
  return updated;
}

async function cancelAfterConfirmation(order: OrderRecord): Promise<OrderRecord> {
  const at = new Date().toISOString();
  try {
    await returnSoldStock(
      order.items.map(({ productId, quantity }) => ({ productId, quantity })),
      orderGuard({
        orderId: order.orderId,
        at,
        from: [order.status],
        to: 'cancelled',
        set: {
          stock: 'returned',
          reason: { code: 'CANCELLED_BY_SHOPPER', message: 'Cancelled by the shopper before pickup' },
        },
        remove: ['paymentTaskToken', 'awaitingRider'],
        when: '#stock = :sold',
        names: { '#stock': 'stock' },
        values: { ':sold': 'sold' },
      }),
    );
  } catch (error) {
    if (!(error instanceof GuardConditionFailedError)) throw error;
    return cancel((await readOrder(order.orderId))!); // it moved on meanwhile: decide again
  }
  const cancelled: OrderRecord = {
    ...order,
    status: 'cancelled',
    stock: 'returned',
    timeline: [...order.timeline, { status: 'cancelled', at }],
    updatedAt: at,
  };
  await freeRider(cancelled);
  // Announced before the refund: the `cancelled` event drives settleCancelledOrder, which finishes
  // the refund if this attempt cannot (Razorpay down), so the money never waits on the shopper.
  await announceStatus({ order: cancelled, previousStatus: order.status, at, firstTime: true });
  try {
    return await finishRefund(cancelled);
  } catch (error) {
    if (!isRetryable(error)) throw error;
    logger.warn('refund deferred to the cancelled-order settlement', {
      orderId: order.orderId,
      error: error as Error,
    });
    return cancelled;
  }
}

/**
 * Target of the `cancelled` order event: refunds a cancelled order's captured payment if nothing
 * has yet. Safe to repeat and to race the cancel itself (a refund is made once per payment).
 */
export async function settleCancelledOrder(orderId: string): Promise<'refunded' | 'nothing to do'> {
  const order = await readOrder(orderId);
  if (order?.status !== 'cancelled' || order.payment?.status !== 'captured') return 'nothing to do';
  await finishRefund(order);
  return 'refunded';
}

/**
 * A cancel after confirmation announces only once its refund went through; if the refund failed
 * (503) the retried cancel finishes it and must announce it then (same time: at least once, the
 * notification is written once). The saga announces its own cancellations (CloseOrder).
 */
async function replayCancellation(order: OrderRecord): Promise<void> {
  const at = enteredAt(order, 'cancelled');
  if (order.stock !== 'returned' || !at) return;
  const previousStatus = order.timeline.at(-2)?.status ?? null;
  await announceStatus({ order, previousStatus, at, firstTime: false });
}

/** A cancelled order's rider stops carrying it (guarded by their current order, so safe to repeat). */
async function freeRider(order: OrderRecord): Promise<void> {
  if (order.rider) await releaseRider(order.rider.riderId, order.orderId);
}

/** A cancelled order whose payment is still captured is refunded (again safe after a crash). */
async function finishRefund(order: OrderRecord): Promise<OrderRecord> {
  const paymentId = order.payment?.paymentId;
  if (order.payment?.status !== 'captured' || !paymentId) return order;
  await refundIfCaptured(order, paymentId);
  return (await readOrder(order.orderId))!;
}

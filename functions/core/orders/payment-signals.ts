// A payment reaching an order from outside the saga: a verified signal (POST /payments/verify or a
// Razorpay webhook, whichever comes first) or a failed attempt. Each is one conditional write on
// the order, then at most one SendTask* with the stored token (read after the write: see
// ./payment-task-token); duplicates and any order of arrival have one effect.
import { logger } from '../logger';
import { notify } from '../notifications';
import { cutText } from '../text';
import {
  failedAttemptNotRecorded,
  failedAttemptsBelow,
  noPaymentSignalled,
  notCancelRequested,
  notClosing,
  statusIs,
} from './conditions';
import type { OrderRecord } from './model';
import { taskTokenOf } from './payment-task-token';
import { changeOrder, OrderChangeRefusedError, readOrder } from './store';
import { resumePaymentTask } from './workflow';

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
export async function recordPaymentSignal(
  signal: PaymentSignal,
  /** The order as the caller just read it consistently (verify checks ownership first). */
  seen?: OrderRecord,
): Promise<{
  outcome: PaymentSignalOutcome;
  order?: OrderRecord;
}> {
  const order = seen ?? (await readOrder(signal.orderId));
  if (!order?.payment || order.payment.razorpayOrderId !== signal.razorpayOrderId) {
    return { outcome: 'unrelated', order };
  }
  // The write's condition, checked on the consistent read first: a duplicate (a webhook after
  // verify, or the reverse) would only be refused, and a refused write is billed all the same.
  const mayAccept =
    order.status === 'awaiting_payment' &&
    !order.payment.paymentId &&
    !order.cancelRequested &&
    !order.closing;
  if (mayAccept) {
    try {
      const updated = await changeOrder({
        orderId: signal.orderId,
        at: new Date().toISOString(),
        when: [statusIs('awaiting_payment'), noPaymentSignalled, notCancelRequested, notClosing],
        set: {
          'payment.paymentId': signal.razorpayPaymentId,
          'payment.signalledAt': new Date().toISOString(),
        },
      });
      const token = await taskTokenOf(updated);
      if (token) await resumePaymentTask(token, { orderId: signal.orderId });
      return { outcome: 'accepted', order: updated };
    } catch (error) {
      if (!(error instanceof OrderChangeRefusedError)) throw error;
    }
  }
  const now = mayAccept ? (await readOrder(signal.orderId))! : order;
  if (now.payment?.paymentId === signal.razorpayPaymentId) {
    // A crash between the write and SendTaskSuccess is healed by the next duplicate.
    const token = now.status === 'awaiting_payment' && !now.closing ? await taskTokenOf(now) : undefined;
    if (token) await resumePaymentTask(token, { orderId: signal.orderId });
    return { outcome: 'duplicate', order: now };
  }
  if (now.payment?.paymentId) return { outcome: 'superseded', order: now };
  return { outcome: 'closed', order: now };
}

/** A shopper may fail a payment many times in one window (each is a webhook appended to the order,
 *  ~130 bytes): past this many the order records no more, so it never nears DynamoDB's 400 KB item,
 *  past which every write to it would fail. */
export const MAX_RECORDED_FAILED_ATTEMPTS = 100;

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
  const reason = input.reason === undefined ? undefined : cutText(input.reason, 200); // Razorpay's text, bounded
  try {
    // The id list makes the append conditional: concurrent redeliveries record the attempt once.
    await changeOrder({
      orderId: input.orderId,
      at,
      when: [
        failedAttemptNotRecorded(input.razorpayPaymentId),
        failedAttemptsBelow(MAX_RECORDED_FAILED_ATTEMPTS),
      ],
      append: {
        'payment.failedAttempts': [{ paymentId: input.razorpayPaymentId, reason, at }],
        'payment.failedPaymentIds': [input.razorpayPaymentId],
      },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    // Recorded already, or the list is full: nothing else to do.
    if ((order.payment.failedPaymentIds?.length ?? 0) >= MAX_RECORDED_FAILED_ATTEMPTS) {
      logger.warn('failed payment attempt not recorded: the order holds the most it keeps', {
        orderId: input.orderId,
        paymentId: input.razorpayPaymentId,
      });
    }
    return;
  }
  if (order.status !== 'awaiting_payment') return;
  await notify({
    userId: order.userId,
    type: 'payment.failed',
    orderId: order.orderId,
    title: 'Payment failed',
    message: `The payment for ${order.orderNumber} did not go through${reason ? ` (${reason})` : ''}. You can try again before the payment window closes.`,
    at,
    dedupeKey: `${order.orderId}#payment.failed#${input.razorpayPaymentId}`,
  });
}

// The shopper's cancel, in every state it can reach the order in, and the refund that follows a
// cancel after confirmation (finished by settleCancelledOrder if Razorpay was down).
import { paymentWindowSeconds } from '../config';
import { invalidState, isRetryable } from '../errors';
import { GuardConditionFailedError, returnSoldStock } from '../inventory';
import { logger } from '../logger';
import { notify } from '../notifications';
import { announceStatus } from './announce';
import { noPaymentSignalled, statusIn, statusIs, stockIs } from './conditions';
import { OPEN_STATUSES, type OrderRecord, type PublicOrder, stockTakenBy, toPublicOrder } from './model';
import { openMarker } from './open-marker';
import { taskTokenOf } from './payment-task-token';
import { requireOwnOrder } from './reads';
import { refundIfCaptured } from './refunds';
import { changeOrder, enteredAt, OrderChangeRefusedError, orderGuard, readOrder } from './store';
import { failPaymentTask, startCheckoutSaga } from './workflow';

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
      when: [statusIn(OPEN_STATUSES), noPaymentSignalled],
      set: { cancelRequested: true },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    const now = (await readOrder(order.orderId))!;
    if (now.status === 'cancelled') return now;
    if (now.payment?.paymentId && OPEN_STATUSES.includes(now.status)) {
      throw invalidState('A payment was received and is being confirmed; cancel once the order is confirmed');
    }
    return cancel((await readOrder(order.orderId))!); // it moved on meanwhile: decide again
  }
  // Read after the write (./payment-task-token): AwaitPayment stores first, then reads the order.
  const token = await taskTokenOf(updated);
  if (token) {
    await failPaymentTask(token, 'OrderCancelled', `Order ${order.orderId} was cancelled by the shopper`);
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
      stockTakenBy(order),
      orderGuard({
        orderId: order.orderId,
        at,
        when: [statusIs(order.status), stockIs('sold')],
        to: 'cancelled',
        set: {
          stock: 'returned',
          reason: { code: 'CANCELLED_BY_SHOPPER', message: 'Cancelled by the shopper before pickup' },
          // A refund is owed from now: listed for the reconciler until it is made, so the money
          // never rests on the cancel or on the `cancelled` event's retries alone.
          ...openMarker(order.orderId, new Date(at)),
        },
        remove: ['paymentTaskToken', 'awaitingRider'],
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
  // The rider is freed by delivery's consumer of this `cancelled` event (freeRiderOf), so orders
  // never reaches into delivery.
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
 * has yet, and tells the shopper once it went through. Safe to repeat and to race the cancel
 * itself (a refund is made once per payment, the notification written once). Razorpay still down
 * throws, so the event's retries (and after them the reconciler) try again.
 */
export async function settleCancelledOrder(orderId: string): Promise<'refunded' | 'nothing to do'> {
  const order = await readOrder(orderId);
  if (order?.status !== 'cancelled' || order.payment?.status !== 'captured') return 'nothing to do';
  const settled = await finishRefund(order);
  if (settled.payment?.status !== 'refunded') return 'nothing to do';
  const amount = (settled.payment.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);
  await notify({
    userId: settled.userId,
    type: 'refund.processed',
    orderId,
    title: 'Refund processed',
    message: `₹${(amount / 100).toFixed(2)} for ${settled.orderNumber} is on its way back to you.`,
    at: settled.payment.refunds?.at(-1)?.at,
    dedupeKey: `${orderId}#refund.processed`,
  });
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

/** A cancelled order whose payment is still captured is refunded (again safe after a crash). */
async function finishRefund(order: OrderRecord): Promise<OrderRecord> {
  const paymentId = order.payment?.paymentId;
  if (order.payment?.status !== 'captured' || !paymentId) return order;
  await refundIfCaptured(order, paymentId);
  return (await readOrder(order.orderId))!;
}

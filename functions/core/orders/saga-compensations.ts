// The checkout saga's compensations, in the order it runs them: refund what was paid, release the
// reserved stock, close the order with the terminal status the failure calls for. Each is
// idempotent and leaves a confirmed order alone.
import { FAILED_CHECKOUT_STATUSES } from '../../../contract/order-status';
import { GuardConditionFailedError, releaseReservation } from '../inventory';
import { logger } from '../logger';
import { PaymentProviderRejectedError } from '../payments';
import { announceStatus } from './announce';
import { paymentStatusIs, statusIn, statusIs, stockIs, stockIsNot } from './conditions';
import { UnexpectedOrderStateError } from './errors';
import { OPEN_STATUSES, type OrderRecord, stockTakenBy } from './model';
import { terminalOutcome } from './outcomes';
import { recordRefundFailure, refundIfCaptured } from './refunds';
import { changeOrder, enteredAt, OrderChangeRefusedError, orderGuard, requireOrder } from './store';

const nowIso = () => new Date().toISOString();

/**
 * RefundPayment, the first compensation: closes the order to payment signals, then refunds the
 * signalled payment if Razorpay captured it. A confirmed order is never compensated.
 */
export async function refundOrderPayment(orderId: string): Promise<void> {
  let order = await requireOrder(orderId);
  if (!OPEN_STATUSES.includes(order.status) && !FAILED_CHECKOUT_STATUSES.includes(order.status)) {
    logger.warn('compensation reached an order past payment; leaving it alone', {
      orderId,
      status: order.status,
    });
    return;
  }
  if (OPEN_STATUSES.includes(order.status) && !order.closing) {
    order = await changeOrder({
      orderId,
      at: nowIso(),
      when: [statusIn(OPEN_STATUSES)],
      set: { closing: true },
    }).catch(async (error) => {
      if (!(error instanceof OrderChangeRefusedError)) throw error;
      return requireOrder(orderId);
    });
  }
  const paymentId = order.payment?.paymentId;
  if (!paymentId) return;
  try {
    await refundIfCaptured(order, paymentId);
  } catch (error) {
    // Razorpay refusing the refund will refuse it again: recorded for a person, compensation goes on.
    if (!(error instanceof PaymentProviderRejectedError)) throw error;
    await recordRefundFailure(orderId, { paymentId, error: error.name, message: error.message });
  }
}

/** ReleaseStock: reserved → available with the order's stock reserved → released, in one transaction. */
export async function releaseOrderStock(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.stock !== 'reserved' || !OPEN_STATUSES.includes(order.status)) return;
  try {
    await releaseReservation(
      stockTakenBy(order),
      orderGuard({
        orderId,
        at: nowIso(),
        when: [statusIn(OPEN_STATUSES), stockIs('reserved')],
        set: { stock: 'released' },
      }),
    );
  } catch (error) {
    if (!(error instanceof GuardConditionFailedError)) throw error;
  }
}

type Failure = { Error?: string; Cause?: string };

/**
 * CloseOrder, the last compensation: the terminal status the failure calls for, and the shopper
 * told. `refundFailure` is a refund that kept failing through RefundPayment's retries: recorded.
 */
export async function closeOrder(orderId: string, failure?: Failure, refundFailure?: Failure): Promise<void> {
  if (refundFailure) {
    await recordRefundFailure(orderId, {
      error: refundFailure.Error ?? 'Error',
      message: refundFailure.Cause ?? 'The refund kept failing',
    });
  }
  const order = await requireOrder(orderId);
  if (!OPEN_STATUSES.includes(order.status)) {
    const at = enteredAt(order, order.status);
    if (at && FAILED_CHECKOUT_STATUSES.includes(order.status)) {
      const previous = order.timeline.at(-2)?.status ?? null;
      await announceStatus({ order, previousStatus: previous, at, firstTime: false });
    }
    return;
  }
  const outcome = terminalOutcome(order, failure?.Error);
  const at = nowIso();
  // payment.status moves to failed only from the created it was read as: a late capture refunded
  // meanwhile (refundUnkeptPayment) has set it to refunded, which must stay.
  const paymentFailed = order.payment?.status === 'created';
  let closed: OrderRecord;
  try {
    closed = await changeOrder({
      orderId,
      at,
      when: [
        statusIs(order.status),
        stockIsNot('reserved'),
        ...(paymentFailed ? [paymentStatusIs('created')] : []),
      ],
      to: outcome.status,
      set: {
        reason: outcome.reason,
        ...(paymentFailed ? { 'payment.status': 'failed' } : {}),
      },
      remove: ['paymentTaskToken'],
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    const now = await requireOrder(orderId);
    if (OPEN_STATUSES.includes(now.status) && now.stock === 'reserved') {
      throw new UnexpectedOrderStateError(`Order ${orderId} still holds reserved stock; not closing it`);
    }
    return closeOrder(orderId, failure); // closed meanwhile (replay its announcement) or payment moved
  }
  await announceStatus({ order: closed, previousStatus: order.status, at, firstTime: true });
}

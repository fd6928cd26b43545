// The checkout saga's steps as domain operations on one order. Each takes only the orderId (and
// what Step Functions hands it), reads everything else from the order, and is idempotent: its
// write is guarded by the order's status / stock / payment state, so running it again after it
// succeeded changes nothing and returns as if it had just succeeded.
import { createHash } from 'node:crypto';
import { removeCheckedOutLines } from '../cart';
import {
  commitReservation,
  GuardConditionFailedError,
  InsufficientStockError,
  releaseReservation,
  reserveStock,
  type StockLine,
} from '../inventory';
import { logger } from '../logger';
import { recordPaymentLatency } from '../metrics';
import {
  capturePayment,
  createOrder,
  fetchPayment,
  fetchPaymentRefunds,
  PaymentProviderRejectedError,
  type RazorpayRefund,
  razorpayKeys,
  refundPayment,
} from '../payments';
import { announceStatus } from './announce';
import {
  OrderCancelledError,
  PaymentMismatchError,
  PaymentNotCapturedError,
  UnexpectedOrderStateError,
} from './errors';
import type { OrderRecord, OrderStatus, ShortItem } from './model';
import { terminalOutcome } from './outcomes';
import { changeOrder, enteredAt, OrderChangeRefusedError, orderGuard, requireOrder } from './store';
import { failPaymentTask, resumePaymentTask } from './workflow';

const OPEN: readonly OrderStatus[] = ['pending', 'awaiting_payment'];
const nowIso = () => new Date().toISOString();
const linesOf = (order: OrderRecord): StockLine[] =>
  order.items.map(({ productId, quantity }) => ({ productId, quantity }));

/** ReserveStock: every line in one transaction with the order's stock none → reserved. */
export async function reserveOrderStock(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.stock !== 'none') return;
  const guard = orderGuard({
    orderId,
    at: nowIso(),
    from: ['pending'],
    set: { stock: 'reserved' },
    when: '#stock = :none',
    names: { '#stock': 'stock' },
    values: { ':none': 'none' },
  });
  try {
    await reserveStock(linesOf(order), guard);
  } catch (error) {
    if (error instanceof GuardConditionFailedError) {
      const now = await requireOrder(orderId);
      if (now.stock === 'reserved') return;
      throw new UnexpectedOrderStateError(`Order ${orderId} is ${now.status} with stock ${now.stock}`);
    }
    if (error instanceof InsufficientStockError) await recordShortage(order, error);
    throw error;
  }
}

/** Keeps which items were short on the order, for RejectOrder to show; the error still ends the step. */
async function recordShortage(order: OrderRecord, error: InsufficientStockError) {
  const items: ShortItem[] = error.shortages.map((s) => ({
    ...s,
    name: order.items.find((i) => i.productId === s.productId)?.name,
  }));
  await changeOrder({
    orderId: order.orderId,
    at: nowIso(),
    from: ['pending'],
    set: { reason: { code: 'OUT_OF_STOCK', message: 'Not enough stock for some items', items } },
    when: '#stock = :none',
    names: { '#stock': 'stock' },
    values: { ':none': 'none' },
  }).catch((refused) => {
    if (!(refused instanceof OrderChangeRefusedError)) throw refused;
  });
}

/** CreatePaymentOrder: a Razorpay order for the total; the order becomes awaiting_payment. */
export async function createOrderPayment(orderId: string): Promise<void> {
  let order = await requireOrder(orderId);
  if (order.payment) return replayAnnouncement(order, 'awaiting_payment', 'pending');
  if (order.cancelRequested) throw new OrderCancelledError(orderId);
  if (order.status !== 'pending' || order.stock !== 'reserved') {
    throw new UnexpectedOrderStateError(`Order ${orderId} is ${order.status} with stock ${order.stock}`);
  }
  // A retry after a lost write makes a second Razorpay order; the unused one just expires unpaid.
  const [razorpayOrder, keys] = await Promise.all([
    createOrder({
      amount: order.total,
      currency: 'INR',
      receipt: order.orderNumber,
      notes: { orderId, orderNumber: order.orderNumber },
    }),
    razorpayKeys(),
  ]);
  const at = nowIso();
  try {
    order = await changeOrder({
      orderId,
      at,
      from: ['pending'],
      to: 'awaiting_payment',
      set: {
        payment: {
          provider: 'razorpay',
          razorpayOrderId: razorpayOrder.id,
          keyId: keys.keyId,
          amount: order.total,
          currency: 'INR',
          status: 'created',
        },
      },
      when: 'attribute_not_exists(payment) AND #stock = :reserved AND attribute_not_exists(cancelRequested)',
      names: { '#stock': 'stock' },
      values: { ':reserved': 'reserved' },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    const now = await requireOrder(orderId);
    if (now.payment) return replayAnnouncement(now, 'awaiting_payment', 'pending');
    if (now.cancelRequested) throw new OrderCancelledError(orderId);
    throw new UnexpectedOrderStateError(`Order ${orderId} is ${now.status}`);
  }
  await announceStatus({ order, previousStatus: 'pending', at, firstTime: true });
}

/**
 * AwaitPayment: stores the task token on the order (only while it awaits payment and is not
 * closing). A signal or a cancellation that came before the token is acted on here, since its
 * sender found no token to use.
 */
export async function storePaymentTaskToken(orderId: string, taskToken: string): Promise<void> {
  let order: OrderRecord;
  try {
    order = await changeOrder({
      orderId,
      at: nowIso(),
      from: ['awaiting_payment'],
      set: { paymentTaskToken: taskToken },
      when: 'attribute_not_exists(closing)',
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    await failPaymentTask(taskToken, 'UnexpectedOrderStateError', `Order ${orderId} is not awaiting payment`);
    return;
  }
  if (order.cancelRequested) {
    await failPaymentTask(taskToken, 'OrderCancelled', `Order ${orderId} was cancelled by the shopper`);
  } else if (order.payment?.paymentId) {
    await resumePaymentTask(taskToken, { orderId });
  }
}

/** VerifyPayment: the signalled payment must be for this Razorpay order, amount and currency; captured if only authorized. */
export async function verifyOrderPayment(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  const expected = order.payment;
  if (expected?.status === 'captured') return;
  if (!expected?.paymentId || order.status !== 'awaiting_payment') {
    throw new UnexpectedOrderStateError(`Order ${orderId} has no signalled payment to verify`);
  }
  const payment = await fetchPayment(expected.paymentId);
  if (
    payment.order_id !== expected.razorpayOrderId ||
    payment.amount !== order.total ||
    payment.currency !== 'INR'
  ) {
    throw new PaymentMismatchError(
      `Payment ${payment.id} (${payment.order_id}, ${payment.amount} ${payment.currency}) does not match order ${orderId} (${expected.razorpayOrderId}, ${order.total} INR)`,
    );
  }
  if (payment.status === 'authorized') await capturePayment(payment.id, payment.amount, 'INR');
  else if (payment.status !== 'captured') {
    throw new PaymentNotCapturedError(`Payment ${payment.id} is ${payment.status}`);
  }
  const at = nowIso();
  try {
    await changeOrder({
      orderId,
      at,
      from: ['awaiting_payment'],
      set: { 'payment.status': 'captured', 'payment.capturedAt': at },
      when: '#pay.#payStatus = :created',
      names: { '#pay': 'payment', '#payStatus': 'status' },
      values: { ':created': 'created' },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    if ((await requireOrder(orderId)).payment?.status === 'captured') return;
    throw error;
  }
  const waitingSince = enteredAt(order, 'awaiting_payment');
  if (waitingSince) recordPaymentLatency(Date.parse(at) - Date.parse(waitingSince));
}

/** ConfirmOrder: reserved → sold with the order → confirmed in one transaction; then the cart is cleared. */
export async function confirmOrder(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.status !== 'awaiting_payment') return afterConfirmation(order, false);
  const at = nowIso();
  const guard = orderGuard({
    orderId,
    at,
    from: ['awaiting_payment'],
    to: 'confirmed',
    set: { stock: 'sold' },
    remove: ['paymentTaskToken'],
    when: '#stock = :reserved AND #pay.#payStatus = :captured',
    names: { '#stock': 'stock', '#pay': 'payment', '#payStatus': 'status' },
    values: { ':reserved': 'reserved', ':captured': 'captured' },
  });
  try {
    await commitReservation(linesOf(order), guard);
  } catch (error) {
    if (!(error instanceof GuardConditionFailedError)) throw error;
    return afterConfirmation(await requireOrder(orderId), false);
  }
  const confirmed: OrderRecord = {
    ...order,
    status: 'confirmed',
    stock: 'sold',
    timeline: [...order.timeline, { status: 'confirmed', at }],
    updatedAt: at,
  };
  await afterConfirmation(confirmed, true);
}

async function afterConfirmation(order: OrderRecord, firstTime: boolean) {
  const at = enteredAt(order, 'confirmed');
  if (!at) throw new UnexpectedOrderStateError(`Order ${order.orderId} is ${order.status}, not confirmed`);
  await removeCheckedOutLines(
    order.userId,
    order.items.map((item) => item.productId),
    order.createdAt,
  );
  await announceStatus({ order, previousStatus: 'awaiting_payment', at, firstTime });
}

/**
 * RefundPayment, the first compensation: closes the order to payment signals, then refunds the
 * signalled payment if Razorpay captured it. A confirmed order is never compensated.
 */
export async function refundOrderPayment(orderId: string): Promise<void> {
  let order = await requireOrder(orderId);
  if (!OPEN.includes(order.status) && !['rejected', 'payment_failed', 'cancelled'].includes(order.status)) {
    logger.warn('compensation reached an order past payment; leaving it alone', {
      orderId,
      status: order.status,
    });
    return;
  }
  if (OPEN.includes(order.status) && !order.closing) {
    order = await changeOrder({ orderId, at: nowIso(), from: OPEN, set: { closing: true } }).catch(
      async (error) => {
        if (!(error instanceof OrderChangeRefusedError)) throw error;
        return requireOrder(orderId);
      },
    );
  }
  const paymentId = order.payment?.paymentId;
  if (paymentId) await refundIfCaptured(order, paymentId);
}

/** Razorpay caps receipts at 40 characters; the hash names one refund per (order, payment). */
export const refundReceipt = (orderId: string, paymentId: string) =>
  `rf-${createHash('sha256').update(`${orderId}#${paymentId}`).digest('hex').slice(0, 32)}`;

/** Refunds what Razorpay still holds of `paymentId` and records it on the order. Safe to repeat. */
export async function refundIfCaptured(order: OrderRecord, paymentId: string): Promise<boolean> {
  const payment = await fetchPayment(paymentId);
  if (payment.order_id !== order.payment?.razorpayOrderId) return false;
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

async function recordOurRefunds(order: OrderRecord, paymentId: string, receipt: string) {
  const ours = (await fetchPaymentRefunds(paymentId)).filter((refund) => refund.receipt === receipt);
  for (const refund of ours) await recordRefund(order, paymentId, refund);
}

/** Recorded once per refund id: a concurrent refunder may have recorded the same refund already. */
async function recordRefund(order: OrderRecord, paymentId: string, refund: RazorpayRefund) {
  const at = nowIso();
  const kept = order.payment?.paymentId === paymentId;
  try {
    await changeOrder({
      orderId: order.orderId,
      at,
      set: kept ? { 'payment.status': 'refunded' } : {},
      append: {
        'payment.refunds': [{ refundId: refund.id, paymentId, amount: refund.amount, at }],
        'payment.refundIds': [refund.id],
      },
      when: 'attribute_not_exists(#pay.#refundIds) OR NOT contains(#pay.#refundIds, :refundId)',
      names: { '#pay': 'payment', '#refundIds': 'refundIds' },
      values: { ':refundId': refund.id },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
  }
}

/** ReleaseStock: reserved → available with the order's stock reserved → released, in one transaction. */
export async function releaseOrderStock(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.stock !== 'reserved' || !OPEN.includes(order.status)) return;
  try {
    await releaseReservation(
      linesOf(order),
      orderGuard({
        orderId,
        at: nowIso(),
        from: OPEN,
        set: { stock: 'released' },
        when: '#stock = :reserved',
        names: { '#stock': 'stock' },
        values: { ':reserved': 'reserved' },
      }),
    );
  } catch (error) {
    if (!(error instanceof GuardConditionFailedError)) throw error;
  }
}

/** CloseOrder, the last compensation: the terminal status the failure calls for, and the shopper told. */
export async function closeOrder(
  orderId: string,
  failure?: { Error?: string; Cause?: string },
): Promise<void> {
  const order = await requireOrder(orderId);
  if (!OPEN.includes(order.status)) {
    const at = enteredAt(order, order.status);
    if (at && ['rejected', 'payment_failed', 'cancelled'].includes(order.status)) {
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
      from: [order.status],
      to: outcome.status,
      set: {
        reason: outcome.reason,
        ...(paymentFailed ? { 'payment.status': 'failed' } : {}),
      },
      remove: ['paymentTaskToken'],
      when: `#stock <> :reserved${paymentFailed ? ' AND #pay.#payStatus = :created' : ''}`,
      names: { '#stock': 'stock', ...(paymentFailed ? { '#pay': 'payment', '#payStatus': 'status' } : {}) },
      values: { ':reserved': 'reserved', ...(paymentFailed ? { ':created': 'created' } : {}) },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    const now = await requireOrder(orderId);
    if (OPEN.includes(now.status) && now.stock === 'reserved') {
      throw new UnexpectedOrderStateError(`Order ${orderId} still holds reserved stock; not closing it`);
    }
    return closeOrder(orderId, failure); // closed meanwhile (replay its announcement) or payment moved
  }
  await announceStatus({ order: closed, previousStatus: order.status, at, firstTime: true });
}

/** A retried step whose change is already made sends its announcement again (at least once). */
async function replayAnnouncement(order: OrderRecord, status: OrderStatus, previousStatus: OrderStatus) {
  const at = enteredAt(order, status);
  // Once the order moved on, repeating an older status would only confuse its watchers.
  if (order.status !== status || !at) return;
  await announceStatus({ order, previousStatus, at, firstTime: false });
}

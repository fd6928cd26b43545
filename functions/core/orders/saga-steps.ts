// The checkout saga's forward steps as domain operations on one order. Each takes only the orderId
// (and what Step Functions hands it), reads everything else from the order, and is idempotent: its
// write is guarded by the order's status / stock / payment state, so running it again after it
// succeeded changes nothing and returns as if it had just succeeded.

import type { OrderStatus } from '../../../contract/order-status';
import { removeCheckedOutLines } from '../cart';
import {
  commitReservation,
  GuardConditionFailedError,
  InsufficientStockError,
  reserveStock,
  type StockLine,
} from '../inventory';
import { logger } from '../logger';
import { recordPaymentLatency } from '../metrics';
import { capturePayment, createOrder, fetchPayment, type RazorpayPayment, razorpayKeys } from '../payments';
import { announceStatus } from './announce';
import {
  hasNoPayment,
  notCancelRequested,
  notClosing,
  paymentIdIs,
  paymentStatusIs,
  statusIs,
  stockIs,
} from './conditions';
import {
  OrderCancelledError,
  PaymentMismatchError,
  PaymentNotCapturedError,
  UnexpectedOrderStateError,
} from './errors';
import { type OrderRecord, type ShortItem, stockLinesOf, stockTakenBy } from './model';
import { storeTaskToken } from './payment-task-token';
import { isUnknownPayment, type StepOutcome } from './saga-outcomes';
import { changeOrder, enteredAt, OrderChangeRefusedError, orderGuard, requireOrder } from './store';
import { failPaymentTask, resumePaymentTask } from './workflow';

const nowIso = () => new Date().toISOString();

/** ReserveStock: every line in one transaction with the order's stock none → reserved. */
export async function reserveOrderStock(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.stock !== 'none') return;
  const at = nowIso();
  // The order records the shard items taken in the reservation's own transaction.
  const guard = (stockTaken: StockLine[]) =>
    orderGuard({
      orderId,
      at,
      when: [statusIs('pending'), stockIs('none')],
      set: { stock: 'reserved', stockTaken },
    });
  try {
    await reserveStock(stockLinesOf(order), guard);
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
    when: [statusIs('pending'), stockIs('none')],
    set: { reason: { code: 'OUT_OF_STOCK', message: 'Not enough stock for some items', items } },
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
      when: [statusIs('pending'), stockIs('reserved'), hasNoPayment, notCancelRequested],
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
 * AwaitPayment: stores the task token in its own item (./payment-task-token), then reads the order.
 * A signal or a cancellation that came before the token is acted on here, since its sender found
 * no token to use; an order no longer awaiting payment (or closing) fails the task.
 */
export async function storePaymentTaskToken(orderId: string, taskToken: string): Promise<void> {
  await storeTaskToken(orderId, taskToken);
  const order = await requireOrder(orderId);
  if (order.status !== 'awaiting_payment' || order.closing) {
    await failPaymentTask(taskToken, 'UnexpectedOrderStateError', `Order ${orderId} is not awaiting payment`);
  } else if (order.cancelRequested) {
    await failPaymentTask(taskToken, 'OrderCancelled', `Order ${orderId} was cancelled by the shopper`);
  } else if (order.payment?.paymentId) {
    await resumePaymentTask(taskToken, { orderId });
  }
}

/**
 * VerifyPayment: the signalled payment must be for this Razorpay order, amount and currency;
 * captured if only authorized. A payment Razorpay does not know is no payment: the signal is
 * discarded and the order goes back to awaiting one (`paymentUnknown`).
 */
export async function verifyOrderPayment(orderId: string): Promise<StepOutcome | undefined> {
  const order = await requireOrder(orderId);
  const expected = order.payment;
  if (expected?.status === 'captured') return;
  if (!expected?.paymentId || order.status !== 'awaiting_payment') {
    throw new UnexpectedOrderStateError(`Order ${orderId} has no signalled payment to verify`);
  }
  let payment: RazorpayPayment;
  try {
    payment = await fetchPayment(expected.paymentId);
  } catch (error) {
    if (!isUnknownPayment(error)) throw error;
    await discardPaymentSignal(order, expected.paymentId);
    return { outcome: 'paymentUnknown' };
  }
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
      when: [statusIs('awaiting_payment'), paymentStatusIs('created')],
      set: {
        'payment.status': 'captured',
        'payment.capturedAt': at,
        ...(payment.method ? { 'payment.method': payment.method } : {}),
      },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    if ((await requireOrder(orderId)).payment?.status === 'captured') return;
    throw error;
  }
  const waitingSince = enteredAt(order, 'awaiting_payment');
  if (waitingSince) recordPaymentLatency(Date.parse(at) - Date.parse(waitingSince));
}

/** Forgets a signalled payment id Razorpay does not know, so a real payment can still be signalled. */
async function discardPaymentSignal(order: OrderRecord, paymentId: string) {
  logger.warn('discarding a payment signal Razorpay does not know', { orderId: order.orderId, paymentId });
  try {
    await changeOrder({
      orderId: order.orderId,
      at: nowIso(),
      when: [statusIs('awaiting_payment'), paymentIdIs(paymentId), paymentStatusIs('created'), notClosing],
      remove: ['payment.paymentId', 'payment.signalledAt', 'paymentTaskToken'],
      append: { 'payment.discardedPaymentIds': [paymentId] },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error; // discarded already, or it moved on
  }
}

/** ConfirmOrder: reserved → sold with the order → confirmed in one transaction; then the cart is cleared. */
export async function confirmOrder(orderId: string): Promise<void> {
  const order = await requireOrder(orderId);
  if (order.status !== 'awaiting_payment') return afterConfirmation(order, false);
  const at = nowIso();
  const guard = orderGuard({
    orderId,
    at,
    when: [statusIs('awaiting_payment'), stockIs('reserved'), paymentStatusIs('captured')],
    to: 'confirmed',
    set: { stock: 'sold' },
    remove: ['paymentTaskToken'],
  });
  try {
    await commitReservation(stockTakenBy(order), guard);
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

/** A retried step whose change is already made sends its announcement again (at least once). */
async function replayAnnouncement(order: OrderRecord, status: OrderStatus, previousStatus: OrderStatus) {
  const at = enteredAt(order, status);
  // Once the order moved on, repeating an older status would only confuse its watchers.
  if (order.status !== status || !at) return;
  await announceStatus({ order, previousStatus, at, firstTime: false });
}

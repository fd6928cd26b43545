// One order past its deadline, driven to its rightful end with the saga's own guarded steps, so the
// saga racing it (still running, or resumed by a late signal) finds each change made and does nothing:
//   paid (captured or authorized, right order/amount/currency) and stock held → verify, confirm;
//   nothing paid (or cancelling, or the stock already gone) → refund the signal's capture, release
//   the stock, close (payment_failed when the window ran out);
//   then any capture the order does not keep (late, duplicate, or of an ended order) is refunded.
import type { ReconcileFix } from '../metrics';
import {
  closeOrder,
  confirmOrder,
  type OrderRecord,
  readOrder,
  recordPaymentSignal,
  refundOrderPayment,
  refundUnkeptPayment,
  releaseOrderStock,
  settleCancelledOrder,
  verifyOrderPayment,
} from '../orders';
import { OPEN_STATUSES } from '../orders/model';
import { fetchOrderPayments, type RazorpayPayment } from '../payments';
import { sagaStateOf, stopSaga } from './execution';
import { forgetOpenOrder } from './open-orders';

/** The payment that pays this order in full: the one it recorded if that one did, else any. */
function keepablePayment(order: OrderRecord, payments: RazorpayPayment[]): RazorpayPayment | undefined {
  const pays = (p: RazorpayPayment) =>
    (p.status === 'captured' || p.status === 'authorized') &&
    p.order_id === order.payment?.razorpayOrderId &&
    p.amount === order.total &&
    p.currency === 'INR';
  const recorded = order.payment?.paymentId;
  if (recorded) return payments.find((p) => p.id === recorded && pays(p));
  return payments.find(pays);
}

const paymentsOf = async (order: OrderRecord) =>
  order.payment ? fetchOrderPayments(order.payment.razorpayOrderId) : [];

async function settleOpenOrder(order: OrderRecord): Promise<ReconcileFix> {
  const { orderId } = order;
  const paid = keepablePayment(order, await paymentsOf(order));
  if (paid && order.stock === 'reserved' && !order.closing && !order.cancelRequested) {
    if (!order.payment?.paymentId) {
      await recordPaymentSignal({
        orderId,
        razorpayOrderId: paid.order_id!,
        razorpayPaymentId: paid.id,
      });
    }
    await verifyOrderPayment(orderId);
    await confirmOrder(orderId);
    return 'confirmed';
  }
  await refundOrderPayment(orderId);
  await releaseOrderStock(orderId);
  // States.Timeout is what the saga's own AwaitPayment would have ended with.
  await closeOrder(orderId, {
    Error: order.cancelRequested ? 'OrderCancelled' : 'States.Timeout',
    Cause: 'Settled by the reconciler past the order’s deadline',
  });
  return 'closed';
}

/** Refunds every payment holding money (captured, or authorized: captured then refunded) on the
 *  order's Razorpay order that the order does not keep. */
async function refundUnkeptCaptures(orderId: string): Promise<boolean> {
  const order = await readOrder(orderId);
  if (!order) return false;
  let refunded = false;
  for (const payment of await paymentsOf(order)) {
    const holdsMoney = payment.status === 'captured' || payment.status === 'authorized';
    if (!holdsMoney || payment.amount_refunded >= payment.amount) continue;
    if (await refundUnkeptPayment(orderId, payment.id)) refunded = true;
  }
  return refunded;
}

/** What was fixed on the order (empty: it was already where it should be). */
export async function settleOrder(orderId: string): Promise<ReconcileFix[]> {
  const found = await readOrder(orderId);
  if (!found) return [];
  const fixes: ReconcileFix[] = [];
  const wasOpen = OPEN_STATUSES.includes(found.status);
  if (wasOpen) fixes.push(await settleOpenOrder(found));
  // A cancel after confirmation owes the kept payment back (its own try and the event's failed).
  // First: it also tells the shopper, which a refund of it as an unkept payment would not.
  if ((await settleCancelledOrder(orderId)) === 'refunded') fixes.push('refunded');
  if (await refundUnkeptCaptures(orderId)) fixes.push('refunded');
  // Settled for it: a saga still running (stuck in a wait) would only find its steps done.
  if (wasOpen && (await sagaStateOf(orderId)) === 'RUNNING') {
    await stopSaga(orderId, 'The reconciler settled this order past its deadline');
    fixes.push('execution_stopped');
  }
  const now = await readOrder(orderId);
  // Ended (or confirmed) with nothing owed: out of the index. Still open, or cancelled with the
  // payment still captured, means a step failed (Razorpay down): the next run tries again.
  const refundOwed = now?.status === 'cancelled' && now.payment?.status === 'captured';
  if (now && !OPEN_STATUSES.includes(now.status) && !refundOwed) await forgetOpenOrder(orderId, now.status);
  return fixes;
}

// What follows a status change here: a notification to the shopper and a metric. Run after the
// conditional write, and run again (same `at`) when a retry finds the write already done: the
// notification is deduplicated by its id. The OrderStatusChanged event is not sent from here: the
// orders table's stream carries it (functions/streams/publish-order-events.ts).

import type { OrderStatus } from '../../../contract/order-status';
import { countOrder, type OrderMetric } from '../metrics';
import { notify } from '../notifications';
import type { OrderRecord } from './model';

const metricFor: Partial<Record<OrderStatus, OrderMetric>> = {
  confirmed: 'OrdersConfirmed',
  rejected: 'OrdersRejected',
  payment_failed: 'PaymentFailed',
  cancelled: 'OrdersCancelled',
  delivered: 'OrdersDelivered',
};

const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;

function messageFor(order: OrderRecord): { title: string; message: string } | undefined {
  const number = order.orderNumber;
  switch (order.status) {
    case 'confirmed':
      return { title: 'Order confirmed', message: `${number} is confirmed and being packed.` };
    case 'rejected': {
      const short = order.reason?.items?.map((i) => `${i.name ?? i.productId} (${i.available} left)`);
      return {
        title: 'Order not placed',
        message: `${number} could not be placed: ${short?.length ? `not enough stock of ${short.join(', ')}` : 'items unavailable'}. You were not charged.`,
      };
    }
    case 'payment_failed':
      return {
        title: 'Payment not completed',
        message: `We did not receive the payment for ${number}; the order was not placed.${refundNote(order)}`,
      };
    case 'cancelled':
      return { title: 'Order cancelled', message: `${number} was cancelled.${refundNote(order)}` };
    case 'rider_assigned':
      return {
        title: 'Rider assigned',
        message: `${order.rider?.name ?? 'A delivery partner'} will pick up ${number}.`,
      };
    case 'picked_up':
      return { title: 'Order picked up', message: `${number} has been picked up.` };
    case 'out_for_delivery':
      return { title: 'Out for delivery', message: `${number} is on its way to you.` };
    case 'delivered':
      return { title: 'Order delivered', message: `${number} was delivered. Enjoy!` };
    default:
      return undefined;
  }
}

/** A cancel after confirmation is announced before its refund is made (./cancel.ts): a payment
 *  still captured then is the amount about to be refunded, as the email says. */
const refundNote = (order: OrderRecord) => {
  const refunded = order.payment?.refunds?.reduce((sum, r) => sum + r.amount, 0) ?? 0;
  const owed = refunded > 0 ? refunded : order.payment?.status === 'captured' ? order.payment.amount : 0;
  return owed > 0 ? ` ${rupees(owed)} is being refunded.` : '';
};

export interface Announcement {
  order: OrderRecord;
  /** Kept for the callers; the event's previousStatus comes from the stream's old image. */
  previousStatus: OrderStatus | null;
  at: string;
  /** false on a replay: the metric was counted by the attempt that made the change. */
  firstTime: boolean;
}

export async function announceStatus({ order, at, firstTime }: Announcement): Promise<void> {
  const text = messageFor(order);
  if (text) {
    await notify({
      userId: order.userId,
      type: `order.${order.status}`,
      orderId: order.orderId,
      ...text,
      at,
      dedupeKey: `${order.orderId}#${order.status}`,
    });
  }
  const metric = metricFor[order.status];
  if (firstTime && metric) countOrder(metric);
}

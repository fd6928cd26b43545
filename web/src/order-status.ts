// Order statuses in their order (the contract's own list), so a late or repeated message never moves one back.
import { ORDER_STATUSES, type OrderStatus, TERMINAL_STATUSES } from '../../contract/order-status';

export type { OrderStatus };

const isOrderStatus = (status: string): status is OrderStatus =>
  (ORDER_STATUSES as readonly string[]).includes(status);

export const isTerminal = (status: string): boolean =>
  isOrderStatus(status) && TERMINAL_STATUSES.includes(status);

// Every terminal status ranks after the whole happy path; within it, the declared order.
const rank = (status: string): number =>
  isTerminal(status) ? ORDER_STATUSES.length : Math.max(ORDER_STATUSES.indexOf(status as OrderStatus), 0);

export const isLater = (next: string, current: string | undefined): boolean =>
  current === undefined || (!isTerminal(current) && rank(next) > rank(current));

const words: Record<OrderStatus, string> = {
  pending: 'Placing your order…',
  awaiting_payment: 'Waiting for your payment',
  confirmed: 'Confirmed: we are packing it',
  rider_assigned: 'A rider is on the way to the store',
  picked_up: 'Picked up',
  out_for_delivery: 'On the way to you',
  delivered: 'Delivered. Enjoy!',
  rejected: 'Sorry, some items ran out: nothing was charged',
  payment_failed: 'The payment did not go through in time',
  cancelled: 'Cancelled',
};

export const statusInWords = (status: string): string =>
  isOrderStatus(status) ? words[status] : status.replace(/_/g, ' ');

/** A status from the wire, or undefined when this page does not know it (a newer server). */
export const knownStatus = (status: string): OrderStatus | undefined =>
  isOrderStatus(status) ? status : undefined;

/** The shopper may cancel until pickup (POST /orders/{orderId}/cancel refuses later ones). */
export const isCancellable = (status: string): boolean =>
  ['pending', 'awaiting_payment', 'confirmed', 'rider_assigned'].includes(status);

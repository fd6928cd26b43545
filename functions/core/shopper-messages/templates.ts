// The shopper's email and SMS for each order event: short, with the order number, the items, the
// total in ₹ and, while the order is on its way, the ETA. SMS stays one segment where it can.
import type { OrderStatus } from '../../../contract/order-status';
import type { OrderRecord } from '../orders';
import { rupees } from './rupees';

export type MessageKind = 'confirmed' | 'payment_failed' | 'cancelled' | 'rider_assigned' | 'delivered';

export const MESSAGE_KINDS: readonly MessageKind[] = [
  'confirmed',
  'payment_failed',
  'cancelled',
  'rider_assigned',
  'delivered',
];

export const isMessageKind = (status: OrderStatus): status is MessageKind =>
  (MESSAGE_KINDS as readonly string[]).includes(status);

export interface MessageFacts {
  /** Minutes to the door (confirmed, rider_assigned). */
  etaMinutes?: number;
}

export interface ShopperMessage {
  subject: string;
  email: string;
  sms: string;
}

const itemsLine = (order: OrderRecord) => order.items.map((i) => `${i.quantity} × ${i.name}`).join(', ');

const refundedPaise = (order: OrderRecord) =>
  order.payment?.refunds?.reduce((sum, r) => sum + r.amount, 0) ?? 0;

/** What the shopper gets back for an ended order: refunded already, on its way, or nothing paid. */
function refundLine(order: OrderRecord): string {
  const refunded = refundedPaise(order);
  if (refunded > 0) return `${rupees(refunded)} has been refunded to your original payment method.`;
  if (order.payment?.status === 'captured') {
    return `${rupees(order.payment.amount)} will be refunded to your original payment method.`;
  }
  return 'You were not charged.';
}

const eta = (facts: MessageFacts) =>
  facts.etaMinutes === undefined ? '' : ` in about ${facts.etaMinutes} min`;

export function shopperMessage(kind: MessageKind, order: OrderRecord, facts: MessageFacts): ShopperMessage {
  const number = order.orderNumber;
  const hello = order.contact?.name ? `Hi ${order.contact.name},` : 'Hi,';
  const summary = [`Items: ${itemsLine(order)}`, `Total: ${rupees(order.total)}`];
  const email = (...lines: string[]) => [hello, '', ...lines, '', '— Quick Commerce'].join('\n');
  switch (kind) {
    case 'confirmed':
      return {
        subject: `Order ${number} confirmed: arriving${eta(facts)}`,
        email: email(`Your order ${number} is confirmed and arriving${eta(facts)}.`, '', ...summary),
        sms: `Order ${number} confirmed, ${rupees(order.total)}. Arriving${eta(facts)}.`,
      };
    case 'payment_failed':
      return {
        subject: `Payment for order ${number} did not go through`,
        email: email(
          `We did not receive the payment for order ${number}, so it was not placed.`,
          refundLine(order),
          '',
          ...summary,
        ),
        sms: `Payment for order ${number} did not go through; the order was not placed. ${refundLine(order)}`,
      };
    case 'cancelled':
      return {
        subject: `Order ${number} cancelled`,
        email: email(`Your order ${number} was cancelled.`, refundLine(order), '', ...summary),
        sms: `Order ${number} was cancelled. ${refundLine(order)}`,
      };
    case 'rider_assigned': {
      const rider = order.rider?.name ?? 'Your delivery partner';
      return {
        subject: `${rider} is bringing order ${number}`,
        email: email(`${rider} is bringing your order ${number}, arriving${eta(facts)}.`, '', ...summary),
        sms: `${rider} is bringing order ${number}, arriving${eta(facts)}.`,
      };
    }
    case 'delivered':
      return {
        subject: `Order ${number} delivered`,
        email: email(`Your order ${number} was delivered. Enjoy!`, '', ...summary),
        sms: `Order ${number} was delivered. Enjoy!`,
      };
  }
}

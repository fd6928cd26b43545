// The order's statuses (docs/api.md "Order"), declared once for the schemas, the domain and the event rules.

export const ORDER_STATUSES = [
  'pending',
  'awaiting_payment',
  'confirmed',
  'rider_assigned',
  'picked_up',
  'out_for_delivery',
  'delivered',
  'rejected',
  'payment_failed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses no saga step or signal may move an order out of. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'rejected',
  'payment_failed',
  'cancelled',
  'delivered',
];

/** The terminal statuses of a checkout that never became a paid order. */
export const FAILED_CHECKOUT_STATUSES: readonly OrderStatus[] = ['rejected', 'payment_failed', 'cancelled'];

/** An order not yet paid nor ended: it holds its cart and counts toward the shopper's open orders. */
export const UNPAID_STATUSES: readonly OrderStatus[] = ['pending', 'awaiting_payment'];

export const isTerminal = (status: OrderStatus) => TERMINAL_STATUSES.includes(status);

export const PAYMENT_STATUSES = ['created', 'captured', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

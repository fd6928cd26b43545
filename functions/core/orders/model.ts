// The order as stored, and the public Order of docs/api.md (which never shows the task token or
// other saga internals).

import type { OrderStatus, PaymentStatus } from '../../../contract/order-status';
import type { DeliveryAddress } from '../../../contract/schemas/orders';
import type { StockLine } from '../inventory';
import type { ShopperContact } from '../notifications/contact';

/** Still in checkout: the saga has not confirmed nor ended it, and it can still be compensated. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['pending', 'awaiting_payment'];

/** Where the order's units are: the saga moves this only together with the stock counters. */
export type StockState = 'none' | 'reserved' | 'sold' | 'released' | 'returned';

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Refund {
  refundId: string;
  paymentId: string;
  amount: number;
  at: string;
}

export interface OrderPayment {
  provider: 'razorpay';
  razorpayOrderId: string;
  keyId: string;
  amount: number;
  currency: 'INR';
  status: PaymentStatus;
  /** The payment a verified signal named (POST /payments/verify or a webhook). */
  paymentId?: string;
  signalledAt?: string;
  capturedAt?: string;
  /** How the shopper paid, as Razorpay reports it (`upi`, `card`, `netbanking`, `wallet`, …). */
  method?: string;
  /** Failed attempts Razorpay reported; the order keeps waiting for another try. */
  failedAttempts?: { paymentId: string; reason?: string; at: string }[];
  /** The ids in failedAttempts, so recording an attempt can be conditional. */
  failedPaymentIds?: string[];
  /** Signalled payment ids Razorpay said do not exist: discarded, the order kept waiting. */
  discardedPaymentIds?: string[];
  /** A refund that could not be made (Razorpay refused it, or kept failing): a person settles it. */
  refundFailure?: { paymentId?: string; error: string; message: string; at: string };
  refunds?: Refund[];
  /** The ids in `refunds`, so a refund is recorded once (a condition can test a list of strings). */
  refundIds?: string[];
}

export interface TimelineEntry {
  status: OrderStatus;
  at: string;
}

export interface ShortItem {
  productId: string;
  name?: string;
  requested: number;
  available: number;
}

export interface OrderRecord {
  orderId: string;
  orderNumber: string;
  userId: string;
  status: OrderStatus;
  items: OrderLine[];
  subtotal: number;
  deliveryFee: number;
  handlingFee: number;
  total: number;
  currency: 'INR';
  deliveryAddress: DeliveryAddress;
  notes?: string;
  payment?: OrderPayment;
  stock: StockState;
  timeline: TimelineEntry[];
  /** Why the order ended where it did: for `rejected`, which items and how many are left. */
  reason?: { code: string; message: string; items?: ShortItem[] };
  /** The shard items the reservation took from, set in its transaction: release and commit go back to
   *  exactly these. Absent on orders placed before sharding, which took from shard 0. */
  stockTaken?: StockLine[];
  /** The rider who carries it, set in the same write that makes it `rider_assigned`. */
  rider?: AssignedRider;
  /** The rider's last reported position and the ETA computed from it. */
  currentLocation?: { lat: number; lng: number; at: string };
  etaMinutes?: number;
  /** Email / phone / name from the shopper's verified token at checkout, for email and SMS. */
  contact?: ShopperContact;
  createdAt: string;
  updatedAt: string;
  // Saga internals, never shown to clients:
  /** Orders from before 2026-12-02 only: the AwaitPayment task token now lives in its own control
   *  item (./payment-task-token), which reads this as a fallback. */
  paymentTaskToken?: string;
  /** The shopper asked to cancel before payment; AwaitPayment ends the saga with OrderCancelled. */
  cancelRequested?: boolean;
  /** Compensation has begun: payment signals are refused from here on (a late capture is refunded). */
  closing?: boolean;
  /** The sparse `openByDeadline` index (./open-marker): set at checkout, removed by the reconciler. */
  openShard?: string;
  openDeadline?: string;
  /** Confirmed, but no rider was free: the sparse `awaitingRider` index lists it until one claims it. */
  awaitingRider?: 'waiting';
}

/** The order's lines as a reservation sees them. */
export const stockLinesOf = (order: OrderRecord): StockLine[] =>
  order.items.map(({ productId, quantity }) => ({ productId, quantity }));

/** What the order's reservation took, shard by shard (an order from before sharding: shard 0). */
export const stockTakenBy = (order: OrderRecord): StockLine[] =>
  order.stockTaken ?? stockLinesOf(order).map((line) => ({ ...line, shard: 0 }));

export interface AssignedRider {
  riderId: string;
  name: string;
  phone?: string;
}

/** docs/api.md's Order: the record without the saga's internals or the rider fields (see tracking). */
export type PublicOrder = Pick<
  OrderRecord,
  | 'orderId'
  | 'orderNumber'
  | 'status'
  | 'items'
  | 'subtotal'
  | 'deliveryFee'
  | 'handlingFee'
  | 'total'
  | 'currency'
  | 'deliveryAddress'
  | 'notes'
  | 'reason'
  | 'timeline'
  | 'createdAt'
  | 'updatedAt'
> & {
  payment?: Omit<
    OrderPayment,
    | 'signalledAt'
    | 'failedAttempts'
    | 'failedPaymentIds'
    | 'refundIds'
    | 'discardedPaymentIds'
    | 'refundFailure'
  >;
};

export function toPublicOrder(order: OrderRecord): PublicOrder {
  const payment = order.payment && {
    provider: order.payment.provider,
    razorpayOrderId: order.payment.razorpayOrderId,
    keyId: order.payment.keyId,
    amount: order.payment.amount,
    currency: order.payment.currency,
    status: order.payment.status,
    ...(order.payment.paymentId ? { paymentId: order.payment.paymentId } : {}),
    ...(order.payment.method ? { method: order.payment.method } : {}),
    ...(order.payment.capturedAt ? { capturedAt: order.payment.capturedAt } : {}),
    ...(order.payment.refunds?.length ? { refunds: order.payment.refunds } : {}),
  };
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    status: order.status,
    items: order.items,
    subtotal: order.subtotal,
    deliveryFee: order.deliveryFee,
    handlingFee: order.handlingFee,
    total: order.total,
    currency: order.currency,
    deliveryAddress: order.deliveryAddress,
    ...(order.notes ? { notes: order.notes } : {}),
    ...(payment ? { payment } : {}),
    ...(order.reason ? { reason: order.reason } : {}),
    timeline: order.timeline,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

// The order's guards, one named piece each: a change lists the ones that must hold, and the store
// joins them into its ConditionExpression. A step then reads as the transition it makes
// (`statusIs('pending'), stockIs('none')` → reserved), never as raw DynamoDB placeholders.
import type { OrderStatus, PaymentStatus } from '../../../contract/order-status';
import type { StockState } from './model';

/** Placeholders handed out by the store: `name('payment.status')` → `#p0.#p1`, `value(x)` → `:v2`. */
export interface Placeholders {
  name: (dottedPath: string) => string;
  value: (value: unknown) => string;
}

/** One piece of an order's ConditionExpression. */
export type OrderCondition = (placeholders: Placeholders) => string;

export const statusIs =
  (status: OrderStatus): OrderCondition =>
  ({ name, value }) =>
    `${name('status')} = ${value(status)}`;

export const statusIsNot =
  (status: OrderStatus): OrderCondition =>
  ({ name, value }) =>
    `${name('status')} <> ${value(status)}`;

export const statusIn =
  (statuses: readonly OrderStatus[]): OrderCondition =>
  ({ name, value }) =>
    `${name('status')} IN (${statuses.map(value).join(', ')})`;

/** Where the order's units are (moved only together with the stock counters). */
export const stockIs =
  (stock: StockState): OrderCondition =>
  ({ name, value }) =>
    `${name('stock')} = ${value(stock)}`;

export const stockIsNot =
  (stock: StockState): OrderCondition =>
  ({ name, value }) =>
    `${name('stock')} <> ${value(stock)}`;

/** No Razorpay order was created for it yet. */
export const hasNoPayment: OrderCondition = ({ name }) => `attribute_not_exists(${name('payment')})`;

export const paymentStatusIs =
  (status: PaymentStatus): OrderCondition =>
  ({ name, value }) =>
    `${name('payment.status')} = ${value(status)}`;

/** The signalled payment is this one. */
export const paymentIdIs =
  (paymentId: string): OrderCondition =>
  ({ name, value }) =>
    `${name('payment.paymentId')} = ${value(paymentId)}`;

/** No verified payment signal was recorded on it yet. */
export const noPaymentSignalled: OrderCondition = ({ name }) =>
  `attribute_not_exists(${name('payment.paymentId')})`;

export const notCancelRequested: OrderCondition = ({ name }) =>
  `attribute_not_exists(${name('cancelRequested')})`;

/** Compensation has not begun: payment signals are still welcome. */
export const notClosing: OrderCondition = ({ name }) => `attribute_not_exists(${name('closing')})`;

export const refundNotRecorded =
  (refundId: string): OrderCondition =>
  ({ name, value }) =>
    `(attribute_not_exists(${name('payment.refundIds')}) OR NOT contains(${name('payment.refundIds')}, ${value(refundId)}))`;

export const refundFailureNotRecorded: OrderCondition = ({ name }) =>
  `attribute_exists(${name('payment')}) AND attribute_not_exists(${name('payment.refundFailure')})`;

export const failedAttemptNotRecorded =
  (paymentId: string): OrderCondition =>
  ({ name, value }) =>
    `NOT contains(${name('payment.failedPaymentIds')}, ${value(paymentId)})`;

/** Room for one more failed attempt: the list stays far inside DynamoDB's 400 KB item. */
export const failedAttemptsBelow =
  (max: number): OrderCondition =>
  ({ name, value }) =>
    `(attribute_not_exists(${name('payment.failedPaymentIds')}) OR size(${name('payment.failedPaymentIds')}) < ${value(max)})`;

export const hasNoRider: OrderCondition = ({ name }) => `attribute_not_exists(${name('rider')})`;

export const hasRider: OrderCondition = ({ name }) => `attribute_exists(${name('rider')})`;

export const carriedBy =
  (riderId: string): OrderCondition =>
  ({ name, value }) =>
    `${name('rider.riderId')} = ${value(riderId)}`;

/** Listed in the sparse index of confirmed orders still waiting for a rider. */
export const awaitsRider: OrderCondition = ({ name }) => `attribute_exists(${name('awaitingRider')})`;

export const anyOf =
  (...conditions: OrderCondition[]): OrderCondition =>
  (placeholders) =>
    `(${conditions.map((condition) => `(${condition(placeholders)})`).join(' OR ')})`;

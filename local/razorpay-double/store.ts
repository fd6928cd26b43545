// The double's in-memory Razorpay account: orders, payments and refunds, with the rules
// Razorpay enforces (amount limits, capture once and in full, no over-refund). Given a file, it
// starts from what the file holds and writes every change to it, so a restart keeps the account.
import { randomBytes } from 'node:crypto';
import type {
  Notes,
  RazorpayOrder,
  RazorpayPayment,
  RazorpayRefund,
} from '../../functions/core/payments/entities';
import { readStateFile, writeStateFile } from '../state-file';
import { badRequest } from './razorpay-error';

interface StoredAccount {
  orders: RazorpayOrder[];
  payments: RazorpayPayment[];
  refunds: RazorpayRefund[];
}

/** Razorpay-looking ids: prefix + 14 base62 characters. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const razorpayId = (prefix: string) =>
  `${prefix}_${[...randomBytes(14)].map((b) => BASE62[b % 62]).join('')}`;

const nowSeconds = () => Math.floor(Date.now() / 1000);

const notesOf = (value: unknown): Notes => {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw badRequest('The notes field must be an object', 'notes');
  if (Object.keys(value).length > 15) throw badRequest('Number of notes cannot be more than 15', 'notes');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
};

const positiveAmount = (value: unknown, min: number, field = 'amount'): number => {
  if (typeof value !== 'number' && typeof value !== 'string')
    throw badRequest(`The ${field} field is required.`, field);
  const amount = Number(value);
  if (!Number.isInteger(amount)) throw badRequest(`The ${field} must be an integer.`, field);
  if (amount < min) throw badRequest(`The ${field} must be atleast INR ${(min / 100).toFixed(2)}.`, field);
  return amount;
};

export class RazorpayStore {
  readonly orders = new Map<string, RazorpayOrder>();
  readonly payments = new Map<string, RazorpayPayment>();
  readonly refunds = new Map<string, RazorpayRefund>();

  /** `file` (optional): where the account is kept across restarts. */
  constructor(private readonly file?: string) {
    const stored = readStateFile<StoredAccount>(file);
    for (const order of stored?.orders ?? []) this.orders.set(order.id, order);
    for (const payment of stored?.payments ?? []) this.payments.set(payment.id, payment);
    for (const refund of stored?.refunds ?? []) this.refunds.set(refund.id, refund);
  }

  private persist() {
    writeStateFile(this.file, {
      orders: [...this.orders.values()],
      payments: [...this.payments.values()],
      refunds: [...this.refunds.values()],
    } satisfies StoredAccount);
  }

  createOrder(body: Record<string, unknown>): RazorpayOrder {
    const amount = positiveAmount(body.amount, 100);
    const currency = body.currency ?? 'INR';
    if (currency !== 'INR') throw badRequest('Currency is not supported', 'currency');
    if (body.receipt !== undefined && (typeof body.receipt !== 'string' || body.receipt.length > 40)) {
      throw badRequest('The receipt may not be greater than 40 characters.', 'receipt');
    }
    const order: RazorpayOrder = {
      id: razorpayId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency,
      receipt: (body.receipt as string | undefined) ?? null,
      status: 'created',
      attempts: 0,
      notes: notesOf(body.notes),
      created_at: nowSeconds(),
    };
    this.orders.set(order.id, order);
    this.persist();
    return order;
  }

  order(id: string): RazorpayOrder {
    const order = this.orders.get(id);
    if (!order) throw badRequest('The id provided does not exist', 'id');
    return order;
  }

  payment(id: string): RazorpayPayment {
    const payment = this.payments.get(id);
    if (!payment) throw badRequest('The id provided does not exist', 'id');
    return payment;
  }

  orderPayments(orderId: string): RazorpayPayment[] {
    this.order(orderId);
    return [...this.payments.values()].filter((p) => p.order_id === orderId).reverse();
  }

  paymentRefunds(paymentId: string): RazorpayRefund[] {
    this.payment(paymentId);
    return [...this.refunds.values()].filter((r) => r.payment_id === paymentId).reverse();
  }

  /** A shopper's payment attempt on an order, as Checkout makes it. `amount` may be tampered. */
  attemptPayment(orderId: string, outcome: 'success' | 'failure', amount?: number): RazorpayPayment {
    const order = this.order(orderId);
    if (order.status === 'paid') throw badRequest('Order has already been paid', 'order_id');
    order.attempts += 1;
    order.status = 'attempted';
    const failed = outcome === 'failure';
    const payment: RazorpayPayment = {
      id: razorpayId('pay'),
      entity: 'payment',
      amount: amount ?? order.amount,
      currency: order.currency,
      status: failed ? 'failed' : 'authorized',
      order_id: order.id,
      method: 'upi',
      captured: false,
      amount_refunded: 0,
      refund_status: null,
      error_code: failed ? 'BAD_REQUEST_ERROR' : null,
      error_description: failed ? 'Payment failed because the payer declined it' : null,
      error_reason: failed ? 'payment_failed' : null,
      notes: {},
      created_at: nowSeconds(),
    };
    this.payments.set(payment.id, payment);
    this.persist();
    return payment;
  }

  capture(paymentId: string, body: Record<string, unknown>): RazorpayPayment {
    const payment = this.payment(paymentId);
    const amount = positiveAmount(body.amount, 100);
    if (body.currency !== undefined && body.currency !== payment.currency) {
      throw badRequest('The currency should be same as the payment currency', 'currency');
    }
    if (payment.status === 'captured' || payment.status === 'refunded') {
      throw badRequest('This payment has already been captured');
    }
    if (payment.status !== 'authorized') {
      throw badRequest('Only payments which have been authorized and not yet captured can be captured');
    }
    if (amount !== payment.amount) {
      throw badRequest('Capture amount must be equal to the amount authorized', 'amount');
    }
    payment.status = 'captured';
    payment.captured = true;
    const order = payment.order_id ? this.orders.get(payment.order_id) : undefined;
    if (order) {
      order.status = 'paid';
      order.amount_paid = payment.amount;
      order.amount_due = Math.max(0, order.amount - payment.amount);
    }
    this.persist();
    return payment;
  }

  refund(paymentId: string, body: Record<string, unknown>): RazorpayRefund {
    const payment = this.payment(paymentId);
    if (!payment.captured) throw badRequest('The payment has not been captured');
    const remaining = payment.amount - payment.amount_refunded;
    const amount = body.amount === undefined ? remaining : positiveAmount(body.amount, 100);
    if (remaining === 0) throw badRequest('The payment has been fully refunded already');
    if (amount > remaining) {
      throw badRequest('The refund amount provided is greater than amount captured', 'amount');
    }
    if (body.receipt !== undefined && (typeof body.receipt !== 'string' || body.receipt.length > 40)) {
      throw badRequest('The receipt may not be greater than 40 characters.', 'receipt');
    }
    const refund: RazorpayRefund = {
      id: razorpayId('rfnd'),
      entity: 'refund',
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      receipt: (body.receipt as string | undefined) ?? null,
      status: 'processed',
      notes: notesOf(body.notes),
      created_at: nowSeconds(),
    };
    this.refunds.set(refund.id, refund);
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    this.persist();
    return refund;
  }
}

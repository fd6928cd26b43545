// The order flow a test needs before it can test anything else: a shopper with a cart checks out
// (`checkedOut`), the saga asks for payment (`placedOrder`), the shopper pays through the Razorpay
// double (`paidOrder`). Each step resolves when the order got there, and hands on what comes next.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { readOrder, recordPaymentSignal } from '../../functions/core/orders';
import type { OrderRecord } from '../../functions/core/orders/model';
import { handler as createPaymentOrder } from '../../functions/saga/create-payment-order';
import { handler as reserveStock } from '../../functions/saga/reserve-stock';
import {
  ADDRESS,
  checkoutAs,
  hasStatus,
  type ProductSpec,
  seedPendingOrder,
  shopperWithCart,
  type useCheckoutSystem,
  waitForOrder,
} from './checkout';

export type CheckoutSystem = ReturnType<typeof useCheckoutSystem>;

export interface OrderSpec {
  /** What is in the cart; by default `quantity` of one new product made from `product`. */
  lines?: { productId: string; quantity: number }[];
  quantity?: number;
  product?: ProductSpec;
  /** Overrides of the default delivery address (e.g. a location). */
  deliveryAddress?: Partial<typeof ADDRESS>;
}

/** A shopper checked out (202); the saga may not have reached anything yet. */
export async function checkedOut(shop: CheckoutSystem, spec: OrderSpec = {}) {
  const product = spec.lines ? undefined : await shop.product({ stock: 10, price: 5000, ...spec.product });
  const lines = spec.lines ?? [{ productId: product!.productId, quantity: spec.quantity ?? 1 }];
  const shopper = await shopperWithCart(shop.api(), lines);
  const res = await checkoutAs(shop.api(), shopper.token, randomUUID(), {
    deliveryAddress: { ...ADDRESS, ...spec.deliveryAddress },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return {
    ...shopper,
    product,
    /** The first line's product. */
    productId: lines[0]!.productId,
    orderId: res.body.orderId as string,
    /** The 202 body. */
    placed: res.body,
  };
}

export type CheckedOut = Awaited<ReturnType<typeof checkedOut>>;

/** A shopper's order the saga has reserved and opened a Razorpay order for: `awaiting_payment`. */
export async function placedOrder(shop: CheckoutSystem, spec: OrderSpec = {}) {
  const checked = await checkedOut(shop, spec);
  const order = await waitForOrder(checked.orderId, hasStatus('awaiting_payment'));
  return { ...checked, order, razorpayOrderId: order.payment!.razorpayOrderId };
}

export type PlacedOrder = Awaited<ReturnType<typeof placedOrder>>;

export interface PaySpec {
  /** The Checkout triple through POST /payments/verify, or the double's signed webhooks. */
  via: 'verify' | 'webhook';
}

/** Pays a placed order in full through the Razorpay double; resolves once the saga confirmed it. */
export async function payFor(shop: CheckoutSystem, placed: PlacedOrder, { via }: PaySpec) {
  // The local system points the double's webhooks at its own /webhooks/razorpay.
  const paid = shop.razorpay().pay(placed.razorpayOrderId, 'success', {
    webhooks: via === 'verify' ? { drop: true } : {},
  });
  if (paid.outcome !== 'success') throw new Error('the double refused the payment');
  if (via === 'verify') {
    const verified = await shop.api().post('/payments/verify', {
      token: placed.token,
      body: { orderId: placed.orderId, ...checkoutTriple(paid) },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  } else {
    const deliveries = await paid.webhooks;
    expect(deliveries.every((d) => d.delivered && d.attempts.at(-1) === 200)).toBe(true);
  }
  // Confirmed at some point: a free rider may already have taken it further.
  const order = await waitForOrder(placed.orderId, (o) => o.timeline.some((t) => t.status === 'confirmed'));
  return { ...placed, order, paid };
}

/** A shopper's order paid in full and `confirmed` by the saga. */
export async function paidOrder(shop: CheckoutSystem, spec: OrderSpec & PaySpec) {
  return payFor(shop, await placedOrder(shop, spec), spec);
}

export type PaidOrder = Awaited<ReturnType<typeof paidOrder>>;

/** What Razorpay Checkout hands the client after a payment, as POST /payments/verify takes it. */
export function checkoutTriple(paid: {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature?: string;
}) {
  return {
    razorpay_order_id: paid.razorpay_order_id,
    razorpay_payment_id: paid.razorpay_payment_id,
    razorpay_signature: paid.razorpay_signature,
  };
}

/**
 * Driven step by step, no execution: a seeded `pending` order with its stock reserved, a Razorpay
 * order, and a payment the double authorized (not captured) signalled to it.
 */
export async function signalledAuthorizedPayment(
  shop: CheckoutSystem,
  { quantity = 1, product = {} }: { quantity?: number; product?: ProductSpec } = {},
) {
  const p = await shop.product({ stock: 10, price: 5000, ...product });
  const seeded = await seedPendingOrder([{ productId: p.productId, quantity }]);
  const { orderId } = seeded;
  await reserveStock({ orderId });
  await createPaymentOrder({ orderId });
  const order = (await readOrder(orderId)) as OrderRecord;
  const paid = shop.razorpay().pay(order.payment!.razorpayOrderId, 'success', {
    capture: false,
    webhooks: { drop: true },
  });
  const signal = await recordPaymentSignal({
    orderId,
    razorpayOrderId: paid.razorpay_order_id,
    razorpayPaymentId: paid.razorpay_payment_id,
  });
  expect(signal.outcome).toBe('accepted');
  return { ...seeded, productId: p.productId, paid, paymentId: paid.razorpay_payment_id };
}

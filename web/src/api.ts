// The HTTP API (API.md), as the page uses it.
import type { z } from 'zod';
import type { CartIssue, Cart as CartSchema } from '../../contract/schemas/cart';
import type { Product as ProductSchema } from '../../contract/schemas/catalog';
import type { Tracking as TrackingSchema } from '../../contract/schemas/delivery';
import type { DeliveryAddress, Order as OrderSchema } from '../../contract/schemas/orders';
import type { VerifyPaymentInput } from '../../contract/schemas/payments';
import { ApiError } from './errors';

// The page's types are the contract's own response schemas (type-only: no zod reaches the page).
export type Product = z.infer<typeof ProductSchema>;
export type Cart = z.infer<typeof CartSchema>;
export type CartLine = Cart['items'][number];
export type CartNotice = z.infer<typeof CartIssue>;
export type Address = z.infer<typeof DeliveryAddress>;
export type Order = z.infer<typeof OrderSchema>;
export type Tracking = z.infer<typeof TrackingSchema>;
export type PaymentTriple = Omit<z.infer<typeof VerifyPaymentInput>, 'orderId'>;

/** An unfinished order ends within the hour (payment budget, delivery): it is among the newest 20. */
const RECENT_ORDERS = 20;

export class Api {
  token?: string;

  constructor(readonly baseUrl: string) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = (
        payload as
          | { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
          | undefined
      )?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message,
        error?.details,
      );
    }
    return payload as T;
  }

  products = () => this.call<{ items: Product[] }>('GET', '/products?limit=50');
  cart = () => this.call<Cart>('GET', '/cart');
  addToCart = (productId: string, quantity = 1) =>
    this.call<Cart>('POST', '/cart/items', { productId, quantity });
  setQuantity = (productId: string, quantity: number) =>
    this.call<Cart>('PATCH', `/cart/items/${encodeURIComponent(productId)}`, { quantity });
  checkout = (deliveryAddress: Address, idempotencyKey: string) =>
    this.call<Order>('POST', '/checkout', { deliveryAddress }, { 'idempotency-key': idempotencyKey });
  /** The newest orders (one page), where a reloaded page looks for the order it is in the middle of. */
  recentOrders = () =>
    this.call<{ items: Order[] }>('GET', `/orders?limit=${RECENT_ORDERS}`).then(({ items }) => items);
  order = (orderId: string) => this.call<Order>('GET', `/orders/${encodeURIComponent(orderId)}`);
  cancelOrder = (orderId: string) =>
    this.call<Order>('POST', `/orders/${encodeURIComponent(orderId)}/cancel`);
  tracking = (orderId: string) =>
    this.call<Tracking>('GET', `/orders/${encodeURIComponent(orderId)}/tracking`);
  verifyPayment = (orderId: string, triple: PaymentTriple) =>
    this.call<Order>('POST', '/payments/verify', { orderId, ...triple });
}

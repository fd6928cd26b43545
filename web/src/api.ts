// The HTTP API (API.md), as the page uses it.
import { ApiError } from './errors';

export interface Product {
  productId: string;
  name: string;
  category: string;
  price: number;
  mrp: number;
  unit: string;
  imageUrl?: string;
  available: number;
  maxPerOrder: number;
}

export interface CartLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  available: number;
}

export interface CartNotice {
  code: string;
  productId?: string;
  message?: string;
  available?: number;
  oldPrice?: number;
  newPrice?: number;
}

export interface Cart {
  items: CartLine[];
  subtotal: number;
  deliveryFee: number;
  handlingFee: number;
  total: number;
  errors: CartNotice[];
  warnings: CartNotice[];
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  pincode: string;
  lat: number;
  lng: number;
}

export interface Order {
  orderId: string;
  orderNumber: string;
  status: string;
  total: number;
  deliveryAddress: Address;
  payment?: { razorpayOrderId?: string; keyId?: string; amount?: number; currency?: string; status?: string };
}

export interface Tracking {
  status: string;
  currentLocation?: { lat: number; lng: number };
  etaMinutes?: number;
}

export interface PaymentTriple {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

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
      const error = (payload as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message);
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
  order = (orderId: string) => this.call<Order>('GET', `/orders/${encodeURIComponent(orderId)}`);
  tracking = (orderId: string) =>
    this.call<Tracking>('GET', `/orders/${encodeURIComponent(orderId)}/tracking`);
  verifyPayment = (orderId: string, triple: PaymentTriple) =>
    this.call<Order>('POST', '/payments/verify', { orderId, ...triple });
}

// The one declaration of the HTTP API: every route, who may call it, what it accepts and
// returns, and what its function may touch. Read by the CDK stack, the local gateway,
// the handlers' middleware (access, schemas, rate limits) and the OpenAPI generator.
// Everything here is deployed; the local runtime's own /dev/* routes are in local/dev/routes.ts.

import type { RateLimitBucket, Role } from './access';
import type { Grants } from './grants';
import { AddCartItemInput, Cart, SetCartItemInput } from './schemas/cart';
import {
  Product,
  ProductIdParams,
  ProductInput,
  ProductList,
  ProductListQuery,
  ReceiveStockInput,
  StockLevels,
} from './schemas/catalog';
import {
  DeliveryLocation,
  Rider,
  RiderAvailabilityInput,
  RiderLocationInput,
  RiderOrder,
  RiderStatusInput,
  Tracking,
} from './schemas/delivery';
import {
  CheckoutHeaders,
  CheckoutInput,
  NotificationList,
  NotificationListQuery,
  Order,
  OrderIdParams,
  OrderList,
  OrderListQuery,
} from './schemas/orders';
import { VerifyPaymentInput, WebhookAck, WebhookHeaders } from './schemas/payments';
import type * as z from './schemas/zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The groups of the API reference (OpenAPI tags), in the order it shows them. */
export const apiTags = {
  catalog: 'Products a shopper can browse',
  cart: 'The shopper’s cart, priced and validated on every read',
  orders: 'Checkout, the shopper’s orders and notifications',
  payments: 'Razorpay: Checkout’s result and webhooks',
  delivery: 'Riders and live tracking',
  admin: 'Catalog and stock management',
  meta: 'Health and this API’s own documents',
} as const;
export type ApiTag = keyof typeof apiTags;

export interface RouteDeclaration<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** API Gateway syntax: /products/{productId} */
  path: string;
  /** Handler file, relative to the project root; it exports `handler`. */
  handler: string;
  summary: string;
  /** 'public', or the roles allowed. */
  access: 'public' | readonly Role[];
  params?: Params;
  query?: Query;
  body?: Body;
  response?: z.ZodType;
  successStatus?: number;
  /** The success response's media type when it is not JSON (the /docs page and its script). */
  responseType?: 'text/html' | 'text/javascript';
  /** Its group in the API reference; every deployed route has one. */
  tag?: ApiTag;
  /** Headers the route reads, with their rules (documented in OpenAPI; the handler checks them). */
  headers?: z.ZodObject;
  /** What the route's own rules can answer beyond input, auth and limits: 404 where there is
   *  something to find, 409 where a business rule can refuse. */
  refusals?: readonly (404 | 409)[];
  rateLimit?: RateLimitBucket;
  /** The handler needs the body exactly as sent (signature checks). */
  rawBody?: boolean;
  grants?: Grants;
}

/** One route, keeping its schemas' types for httpHandler. */
export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  declaration: RouteDeclaration<P, Q, B>,
) => declaration;

export const routes = {
  health: route({
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    summary: 'Liveness',
    access: 'public',
    tag: 'meta',
  }),
  openApi: route({
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/openapi.ts',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    tag: 'meta',
  }),
  asyncApi: route({
    method: 'GET',
    path: '/asyncapi.json',
    handler: 'functions/http/asyncapi.ts',
    summary: 'The WebSocket API as an AsyncAPI 3.0 document',
    access: 'public',
    tag: 'meta',
  }),
  docs: route({
    method: 'GET',
    path: '/docs',
    handler: 'functions/http/docs/page.ts',
    responseType: 'text/html',
    summary: 'This API’s reference for people (an HTML page rendering /openapi.json)',
    access: 'public',
    tag: 'meta',
  }),
  docsScript: route({
    method: 'GET',
    path: '/docs/redoc.standalone.js',
    handler: 'functions/http/docs/redoc-script.ts',
    responseType: 'text/javascript',
    summary: 'The script that renders /docs (Redoc’s standalone bundle)',
    access: 'public',
    tag: 'meta',
  }),

  // Catalog
  listProducts: route({
    method: 'GET',
    path: '/products',
    handler: 'functions/http/catalog/list-products.ts',
    summary: 'Active products, optionally by category',
    access: 'public',
    tag: 'catalog',
    query: ProductListQuery,
    response: ProductList,
    grants: { tables: { products: 'read' } },
  }),
  getProduct: route({
    method: 'GET',
    path: '/products/{productId}',
    handler: 'functions/http/catalog/get-product.ts',
    summary: 'One active product with the stock a shopper can buy now',
    access: 'public',
    tag: 'catalog',
    refusals: [404],
    params: ProductIdParams,
    response: Product,
    grants: { tables: { products: 'read' } },
  }),
  putProduct: route({
    method: 'PUT',
    path: '/admin/products/{productId}',
    handler: 'functions/http/admin/put-product.ts',
    summary: 'Create or update a product',
    access: ['admin'],
    tag: 'admin',
    params: ProductIdParams,
    body: ProductInput,
    response: Product,
    grants: { tables: { products: 'readwrite' } },
  }),
  receiveStock: route({
    method: 'POST',
    path: '/admin/inventory/{productId}/receive',
    handler: 'functions/http/admin/receive-stock.ts',
    summary: 'Add received stock',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    body: ReceiveStockInput,
    response: StockLevels,
    grants: { tables: { products: 'readwrite' } },
  }),
  getStockLevels: route({
    method: 'GET',
    path: '/admin/inventory/{productId}',
    handler: 'functions/http/admin/get-stock-levels.ts',
    summary: 'Stock counters of a product',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    response: StockLevels,
    grants: { tables: { products: 'read' } },
  }),

  // Cart
  getCart: route({
    method: 'GET',
    path: '/cart',
    handler: 'functions/http/cart/get-cart.ts',
    summary: 'The cart, validated against current stock and prices',
    access: ['shopper'],
    tag: 'cart',
    response: Cart,
    grants: { tables: { carts: 'read', products: 'read' } },
  }),
  addCartItem: route({
    method: 'POST',
    path: '/cart/items',
    handler: 'functions/http/cart/add-item.ts',
    summary: 'Add a product (merges with a line already there)',
    access: ['shopper'],
    tag: 'cart',
    refusals: [409],
    body: AddCartItemInput,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
  }),
  setCartItem: route({
    method: 'PATCH',
    path: '/cart/items/{productId}',
    handler: 'functions/http/cart/set-item.ts',
    summary: 'Set a line’s quantity; 0 removes it',
    access: ['shopper'],
    tag: 'cart',
    refusals: [409],
    params: ProductIdParams,
    body: SetCartItemInput,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
  }),
  removeCartItem: route({
    method: 'DELETE',
    path: '/cart/items/{productId}',
    handler: 'functions/http/cart/remove-item.ts',
    summary: 'Remove a line',
    access: ['shopper'],
    tag: 'cart',
    params: ProductIdParams,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
  }),
  clearCart: route({
    method: 'DELETE',
    path: '/cart',
    handler: 'functions/http/cart/clear-cart.ts',
    summary: 'Empty the cart',
    access: ['shopper'],
    tag: 'cart',
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
  }),

  // Orders
  checkout: route({
    method: 'POST',
    path: '/checkout',
    handler: 'functions/http/orders/checkout.ts',
    summary: 'Turn the cart into an order and start its checkout saga (Idempotency-Key required)',
    access: ['shopper'],
    tag: 'orders',
    refusals: [409],
    body: CheckoutInput,
    response: Order,
    successStatus: 202,
    headers: CheckoutHeaders,
    rateLimit: 'checkout',
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite', carts: 'read', products: 'read' },
      stateMachine: ['start'],
      // Reads the Razorpay secret only to refuse checkout while it holds placeholder or wrong-mode keys.
      razorpay: true,
    },
  }),
  listOrders: route({
    method: 'GET',
    path: '/orders',
    handler: 'functions/http/orders/list-orders.ts',
    summary: 'The caller’s orders, newest first',
    access: ['shopper'],
    tag: 'orders',
    query: OrderListQuery,
    response: OrderList,
    grants: { tables: { orders: 'read' } },
  }),
  getOrder: route({
    method: 'GET',
    path: '/orders/{orderId}',
    handler: 'functions/http/orders/get-order.ts',
    summary: 'One of the caller’s orders (someone else’s is a 404)',
    access: ['shopper'],
    tag: 'orders',
    refusals: [404],
    params: OrderIdParams,
    response: Order,
    grants: { tables: { orders: 'read' } },
  }),
  cancelOrder: route({
    method: 'POST',
    path: '/orders/{orderId}/cancel',
    handler: 'functions/http/orders/cancel-order.ts',
    summary: 'Cancel before pickup: stock released or returned, captured money refunded',
    access: ['shopper'],
    tag: 'orders',
    refusals: [404, 409],
    params: OrderIdParams,
    response: Order,
    grants: {
      tables: {
        orders: 'readwrite',
        products: 'readwrite',
        control: 'readwrite',
        notifications: 'readwrite',
        riders: 'readwrite',
      },
      stateMachine: ['start', 'taskResponse'],
      razorpay: true,
    },
  }),

  // Payments
  verifyCheckoutPayment: route({
    method: 'POST',
    path: '/payments/verify',
    handler: 'functions/http/payments/verify-checkout-payment.ts',
    summary: 'Confirm a payment with the triple Razorpay Checkout hands the client',
    access: ['shopper'],
    tag: 'payments',
    refusals: [404],
    body: VerifyPaymentInput,
    response: Order,
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite' },
      stateMachine: ['taskResponse'],
      razorpay: true,
    },
  }),
  razorpayWebhook: route({
    method: 'POST',
    path: '/webhooks/razorpay',
    handler: 'functions/http/payments/razorpay-webhook.ts',
    summary: 'Razorpay webhooks: signature on the raw body, deduplicated by x-razorpay-event-id',
    access: 'public',
    tag: 'payments',
    rawBody: true,
    headers: WebhookHeaders,
    response: WebhookAck,
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite', notifications: 'readwrite' },
      stateMachine: ['taskResponse'],
      razorpay: true,
    },
  }),
  listNotifications: route({
    method: 'GET',
    path: '/notifications',
    handler: 'functions/http/notifications/list-notifications.ts',
    summary: 'The caller’s in-app notifications, newest first',
    access: ['shopper'],
    tag: 'orders',
    query: NotificationListQuery,
    response: NotificationList,
    grants: { tables: { notifications: 'read' } },
  }),

  // Delivery
  getTracking: route({
    method: 'GET',
    path: '/orders/{orderId}/tracking',
    handler: 'functions/http/orders/get-tracking.ts',
    summary: 'Where one of the caller’s orders is: status, rider, last location and ETA',
    access: ['shopper'],
    tag: 'delivery',
    refusals: [404],
    params: OrderIdParams,
    response: Tracking,
    grants: { tables: { orders: 'read' } },
  }),
  setRiderAvailability: route({
    method: 'PUT',
    path: '/rider/availability',
    handler: 'functions/http/rider/set-rider-availability.ts',
    summary: 'A rider goes on or off duty; a free rider takes the oldest order waiting near them',
    access: ['rider'],
    tag: 'delivery',
    body: RiderAvailabilityInput,
    response: Rider,
    grants: {
      tables: { riders: 'readwrite', orders: 'readwrite', notifications: 'readwrite' },
    },
  }),
  advanceDelivery: route({
    method: 'POST',
    path: '/rider/orders/{orderId}/status',
    handler: 'functions/http/rider/advance-delivery.ts',
    summary: 'The assigned rider moves the order forward: picked_up, out_for_delivery, delivered',
    access: ['rider'],
    tag: 'delivery',
    refusals: [404, 409],
    params: OrderIdParams,
    body: RiderStatusInput,
    response: RiderOrder,
    grants: {
      tables: { orders: 'readwrite', riders: 'readwrite', notifications: 'readwrite' },
    },
  }),
  reportRiderLocation: route({
    method: 'POST',
    path: '/rider/location',
    handler: 'functions/http/rider/report-rider-location.ts',
    summary: 'The assigned rider’s position: stored with an ETA and pushed to the order’s watchers',
    access: ['rider'],
    tag: 'delivery',
    refusals: [404, 409],
    body: RiderLocationInput,
    response: DeliveryLocation,
    grants: { tables: { orders: 'readwrite', riders: 'readwrite' } },
  }),
} satisfies Record<string, RouteDeclaration>;

export type RouteName = keyof typeof routes;
export const routeList = Object.entries(routes).map(([name, r]) => ({ name, ...r })) as (RouteDeclaration & {
  name: string;
})[];

export const routeKey = (r: Pick<RouteDeclaration, 'method' | 'path'>) => `${r.method} ${r.path}`;

export const routeByKey: ReadonlyMap<string, RouteDeclaration & { name: string }> = new Map(
  routeList.map((r) => [routeKey(r), r]),
);

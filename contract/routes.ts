// The one declaration of the HTTP API: every route, who may call it, what it accepts and
// returns, and what its function may touch. Read by the CDK stack, the local gateway,
// the handlers' middleware (access, schemas, rate limits) and the OpenAPI generator.
// Everything here is deployed; the local runtime's own /dev/* routes are in local/dev/routes.ts.

import type { RateLimitBucket, Role } from './access';
import type { FunctionName } from './functions';
import type { Grants } from './grants';
import { AddCartItemInput, Cart, SetCartItemInput } from './schemas/cart';
import {
  Product,
  ProductIdParams,
  ProductInput,
  ProductList,
  ProductListQuery,
  ReceiveStockInput,
  SetStockShardsInput,
  ShardedStockLevels,
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
import { Health } from './schemas/health';
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
  /** Headers the route reads, with their rules (documented in OpenAPI; checked at the edge before
   *  any rate limit, except on a rawBody route, whose handler checks its signature headers itself). */
  headers?: z.ZodObject;
  /** What the route's own rules can answer beyond input, auth and limits: 404 where there is
   *  something to find, 409 where a business rule can refuse. */
  refusals?: readonly (404 | 409)[];
  rateLimit?: RateLimitBucket;
  /** API Gateway's stage throttle for this route (all callers together); default `defaultRouteThrottle`. */
  throttle?: RouteThrottle;
  /** 'handler': the handler spends the limit itself (`request.spendRateLimit()`) once it knows the
   *  request is new work, so an idempotent replay is answered first and never counts. */
  rateLimitSpentBy?: 'handler';
  /** The body of its 503 when it is not the error shape (GET /health answers with its report). */
  unavailableResponse?: z.ZodType;
  /** The handler needs the body exactly as sent (signature checks). */
  rawBody?: boolean;
  grants?: Grants;
  /** Calls the Razorpay API, so its bundle carries the SDK (and has the larger budget). */
  callsRazorpay?: boolean;
  /** Its Lambda's timeout; default DEFAULT_ROUTE_TIMEOUT_SECONDS. At most the HTTP API's 30 s
   *  integration timeout. Razorpay calls stop short of it (functions/core/payments/deadline.ts). */
  timeoutSeconds?: number;
}

/** A route's Lambda timeout unless it declares one. */
export const DEFAULT_ROUTE_TIMEOUT_SECONDS = 10;

/** The HTTP API's integration timeout: past it API Gateway answers 503 {"message":"Service Unavailable"}. */
export const HTTP_API_INTEGRATION_TIMEOUT_SECONDS = 30;

export const routeTimeoutSeconds = (route: Pick<RouteDeclaration, 'timeoutSeconds'>): number =>
  route.timeoutSeconds ?? DEFAULT_ROUTE_TIMEOUT_SECONDS;

/** API Gateway's token bucket for one route key: `rateLimit` requests a second on average, at most
 *  `burstLimit` at once. Past it API Gateway answers 429 {"message":"Too Many Requests"} itself. */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** For routes that declare none, and the stage default (which also covers the $default route). */
export const defaultRouteThrottle: RouteThrottle = { rateLimit: 100, burstLimit: 200 };

/** Catalog browsing: every shopper, all day, before any sign-in. */
const highTraffic: RouteThrottle = { rateLimit: 1000, burstLimit: 2000 };
/** Money moves and admin work: modest, a burst there is more likely abuse than customers. */
const modest: RouteThrottle = { rateLimit: 50, burstLimit: 100 };
/** A shopper's taps between browsing and paying (cart edits, tracking while the order comes). */
const shopping: RouteThrottle = { rateLimit: 500, burstLimit: 1000 };

export const throttleOf = (route: Pick<RouteDeclaration, 'throttle'>): RouteThrottle =>
  route.throttle ?? defaultRouteThrottle;

/** The HTTP API's `$default` route: any request no declared route matches (unknown path, HEAD, a
 *  non-preflight OPTIONS) reaches this function of contract/functions.ts, which answers 404 NOT_FOUND
 *  in the error shape instead of API Gateway's own {"message":"Not Found"}. */
export const unmatchedRoute = { routeKey: '$default', function: 'httpNotFound' } as const satisfies {
  routeKey: string;
  function: FunctionName;
};

/** One route, keeping its schemas' types for httpHandler. */
export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  declaration: RouteDeclaration<P, Q, B>,
) => declaration;

export const routes = {
  health: route({
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    summary: 'Liveness and each dependency’s state (503 while one is down)',
    access: 'public',
    tag: 'meta',
    response: Health,
    unavailableResponse: Health,
    // A GetItem on one known key of the control table tells whether DynamoDB answers.
    grants: { tables: { control: 'read' } },
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
    throttle: highTraffic,
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
    throttle: highTraffic,
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
    throttle: modest,
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
    throttle: modest,
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
    throttle: modest,
  }),
  setStockShards: route({
    method: 'PUT',
    path: '/admin/inventory/{productId}/shards',
    handler: 'functions/http/admin/set-stock-shards.ts',
    summary: 'Spread a hot product’s stock over this many counters (totals unchanged)',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    body: SetStockShardsInput,
    response: ShardedStockLevels,
    grants: { tables: { products: 'readwrite' } },
    throttle: modest,
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
    throttle: shopping,
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
    throttle: shopping,
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
    throttle: shopping,
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
    throttle: shopping,
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
    throttle: shopping,
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
    rateLimitSpentBy: 'handler',
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite', carts: 'read', products: 'read' },
      stateMachine: ['start'],
      // Reads the Razorpay secret only to refuse checkout while it holds placeholder or wrong-mode keys.
      razorpay: true,
    },
    throttle: modest,
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
    // Polled by the app from checkout until the payment step appears.
    throttle: { rateLimit: 200, burstLimit: 400 },
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
    throttle: modest,
    callsRazorpay: true,
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
    throttle: modest,
    callsRazorpay: true,
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
    // Several events per payment; a 429 only makes Razorpay deliver it again later.
    throttle: { rateLimit: 200, burstLimit: 400 },
    callsRazorpay: true,
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
    throttle: shopping,
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
    // 1,000 riders reporting every 10 s is 100 req/s: room for five times that.
    throttle: { rateLimit: 500, burstLimit: 1000 },
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

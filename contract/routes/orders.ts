// Checkout and the shopper's orders: their routes and only their schemas, so an order function
// builds nothing of another area at cold start (docs/decisions.md, 2026-12-02).

import { CheckoutHeaders, CheckoutInput, Order, OrderList, OrderListQuery } from '../schemas/orders';
import { OrderIdParams } from '../schemas/params';
import { type RouteDeclaration, route, throttles } from './declaration';

export const orderRoutes = {
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
    throttle: throttles.modest,
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
    throttle: throttles.modest,
    callsRazorpay: true,
  }),
} satisfies Record<string, RouteDeclaration>;

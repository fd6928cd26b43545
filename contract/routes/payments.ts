// Razorpay's side of checkout: the payment result and the webhooks, with their schemas (and the
// order they answer with), apart from the other areas (docs/decisions.md, 2026-12-02).

import { Order } from '../schemas/orders';
import { VerifyPaymentInput, WebhookAck, WebhookHeaders } from '../schemas/payments';
import { type RouteDeclaration, route, throttles } from './declaration';

export const paymentRoutes = {
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
    throttle: throttles.modest,
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
} satisfies Record<string, RouteDeclaration>;

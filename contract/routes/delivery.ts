// Riders and live tracking: their routes and only their schemas, so the riders' frequent calls
// build nothing of another area at cold start (docs/decisions.md, 2026-12-02).

import {
  DeliveryLocation,
  Rider,
  RiderAvailabilityInput,
  RiderLocationInput,
  RiderOrder,
  RiderStatusInput,
  Tracking,
} from '../schemas/delivery';
import { OrderIdParams } from '../schemas/params';
import { type RouteDeclaration, route, throttles } from './declaration';

export const deliveryRoutes = {
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
    throttle: throttles.shopping,
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

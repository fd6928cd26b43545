// Delivery: riders, assigning them to confirmed orders, the rider's steps, and tracking. Plain
// values in and out; nothing here knows API Gateway or EventBridge.
//
//   setRiderAvailability(riderId, { available, location }, { name?, phone? }) → PublicRider
//       PUT /rider/availability. Creates or updates the rider; a rider now free (available, no
//       order) claims the oldest order waiting for a rider within reach.
//
//   assignRider(orderId) → { outcome, riderId? }
//       On OrderStatusChanged 'confirmed'. Claims the nearest free rider (rider + order in ONE
//       conditional transaction); none free → the order is marked waiting. A repeat is a no-op.
//
//   freeRiderOf(orderId) → claimed orderId?
//       On OrderStatusChanged 'delivered' / 'cancelled'. The order's rider stops carrying it (if
//       still holding it) and, when available, takes a waiting order. Safe to repeat.
//
//   advanceDelivery(riderId, orderId, status) → RiderOrderView
//       POST /rider/orders/{orderId}/status. Forward only: rider_assigned → picked_up →
//       out_for_delivery → delivered. Same status again: 200, no change. Skip or back: 409.
//       Not the order's rider: 404. Delivered frees the rider.
//
//   reportRiderLocation(riderId, { orderId, lat, lng }) → DeliveryLocation
//       POST /rider/location. Stores currentLocation and etaMinutes on the order and publishes
//       DeliveryLocationUpdated. Not the rider's order: 404; delivered or cancelled: 409.
//
//   getTracking(orderId, userId) → Tracking         GET /orders/{orderId}/tracking (own, else 404)
//
//   releaseRider(riderId, orderId)   for the orders module: a cancel frees the order's rider.
export { type AssignmentOutcome, assignRider, freeRiderOf } from './assignment';
export { setRiderAvailability } from './availability';
export { type EtaInput, etaMinutes, haversineKm, orderEtaMinutes, type Point } from './eta';
export {
  advanceDelivery,
  type DeliveryLocation,
  type RiderOrderView,
  type RiderStatusUpdate,
  reportRiderLocation,
} from './rider-orders';
export { type PublicRider, type RiderProfile, type RiderRecord, releaseRider } from './riders';
export { getTracking, type Tracking } from './tracking';

// GET /orders/{orderId}/tracking: where the shopper's order is, who brings it and when.
import { riderSpeedKmph, storeLocation } from '../config';
import { type OrderRecord, requireOwnOrder } from '../orders';
import { orderEtaMinutes } from './eta';

export interface Tracking {
  orderId: string;
  status: OrderRecord['status'];
  timeline: OrderRecord['timeline'];
  rider?: { riderId: string; name: string; phone?: string };
  currentLocation?: { lat: number; lng: number; at: string };
  etaMinutes?: number;
}

export const toTracking = (order: OrderRecord): Tracking => {
  // The same function the confirmation message uses, so both show the same number.
  const eta = orderEtaMinutes(order, storeLocation(), riderSpeedKmph());
  return {
    orderId: order.orderId,
    status: order.status,
    timeline: order.timeline,
    ...(order.rider ? { rider: order.rider } : {}),
    ...(order.currentLocation ? { currentLocation: order.currentLocation } : {}),
    ...(eta !== undefined ? { etaMinutes: eta } : {}),
  };
};

/** 404 for an order that is missing or someone else's. */
export async function getTracking(orderId: string, userId: string): Promise<Tracking> {
  return toTracking(await requireOwnOrder(orderId, userId));
}

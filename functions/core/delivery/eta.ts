// Distances and the ETA a shopper sees: straight-line (haversine) distance at an assumed average
// speed. Roads are longer than the straight line; the speed setting absorbs that.
import { riderSpeedKmph } from '../config';

export interface Point {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

export function haversineKm(a: Point, b: Point): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whole minutes, rounded up, never below 1 (a rider at the door is still a minute away). */
export function etaMinutes(from: Point, to: Point, speedKmph = riderSpeedKmph()): number {
  const minutes = (haversineKm(from, to) / speedKmph) * 60;
  // Floating-point noise must not turn an exact 30 into 31.
  return Math.max(1, Math.ceil(minutes - 1e-9));
}

/** From confirmation until delivery an order has an ETA; before and after it has none. */
const EN_ROUTE = new Set(['confirmed', 'rider_assigned', 'picked_up', 'out_for_delivery']);

export interface EtaInput {
  status: string;
  deliveryAddress: Point;
  /** The rider's last reported position, once there is one. */
  currentLocation?: Point;
}

/**
 * The one ETA a shopper sees (confirmation message and tracking alike): from the rider's last
 * position once one is reported, else from the store; undefined outside confirmed…out_for_delivery.
 */
export function orderEtaMinutes(order: EtaInput, store: Point, speedKmph: number): number | undefined {
  if (!EN_ROUTE.has(order.status)) return undefined;
  return etaMinutes(order.currentLocation ?? store, order.deliveryAddress, speedKmph);
}

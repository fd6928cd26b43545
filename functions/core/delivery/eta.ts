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

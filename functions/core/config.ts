// Tunables, read from the environment at call time (so tests and stages can change them).
import type { RateLimitBucket } from '../../contract/access';
import { type TableKey, tables } from '../../contract/tables';

/** A non-negative integer from the environment, or the fallback when unset. */
export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};

export const tableName = (key: TableKey): string => {
  const name = process.env[tables[key].envVar];
  if (!name) throw new Error(`${tables[key].envVar} is not set`);
  return name;
};

/** Fees in paise. Delivery is free when the subtotal reaches the threshold. */
export const pricing = () => ({
  deliveryFee: envInt('DELIVERY_FEE_PAISE', 2500),
  freeDeliveryThreshold: envInt('FREE_DELIVERY_THRESHOLD_PAISE', 19900),
  handlingFee: envInt('HANDLING_FEE_PAISE', 500),
  /** "Only N left" warning at or below this stock. */
  lowStockThreshold: envInt('LOW_STOCK_THRESHOLD', 5),
});

/** Per-user limits, per fixed one-minute window. */
export const rateLimits = (): Record<RateLimitBucket, { limit: number; windowSeconds: number }> => ({
  cartWrite: { limit: envInt('RATE_LIMIT_CART_WRITES_PER_MINUTE', 120), windowSeconds: 60 },
  checkout: { limit: envInt('RATE_LIMIT_CHECKOUTS_PER_MINUTE', 10), windowSeconds: 60 },
});

/**
 * How long a shopper has to pay. 0 would start every saga with an already-expired wait, so it fails
 * every checkout: refused here (the stack refuses < 60, `npm start` < 10; tests use 1 in-process).
 */
export const paymentWindowSeconds = () => {
  const seconds = envInt('PAYMENT_WINDOW_SECONDS', 600);
  if (seconds < 1) throw new Error('PAYMENT_WINDOW_SECONDS must be a positive integer');
  return seconds;
};

/** How long past its deadline an order is left to its saga before the reconciler settles it. */
export const reconcileGraceSeconds = () => envInt('RECONCILE_GRACE_SECONDS', 60);

/** Riders' assumed average speed, for the ETA a shopper sees (at least 1). */
export const riderSpeedKmph = () => Math.max(1, envInt('RIDER_SPEED_KMPH', 20));

/** A coordinate from the environment, or the fallback when unset. */
const envDegrees = (name: string, fallback: number, limit: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || Math.abs(value) > limit) throw new Error(`${name} must be within ±${limit}`);
  return value;
};

/** Where orders are packed and riders start from (default: a dark store in Indiranagar, Bengaluru). */
export const storeLocation = () => ({
  lat: envDegrees('STORE_LAT', 12.9784, 90),
  lng: envDegrees('STORE_LNG', 77.6408, 180),
});

/** How far (km, straight line) a free rider may be from an order's address to be given it. */
export const riderSearchRadiusKm = () => Math.max(1, envInt('RIDER_SEARCH_RADIUS_KM', 15));

/** Unpaid (pending / awaiting_payment) orders one shopper may hold at once (at least 1). */
export const maxOpenOrdersPerShopper = () => Math.max(1, envInt('MAX_OPEN_ORDERS_PER_SHOPPER', 3));

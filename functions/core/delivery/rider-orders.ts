// What the assigned rider does to an order: move it forward (picked_up → out_for_delivery →
// delivered) and report where they are. Only the order's own rider may; to anyone else it does
// not exist (404). Each move is one conditional write on the order's status and rider.

import type { OrderStatus } from '../../../contract/order-status';
import { riderSpeedKmph, storeLocation } from '../config';
import { invalidState, notFound } from '../errors';
import {
  announceStatus,
  carriedBy,
  changeOrder,
  enteredAt,
  OrderChangeRefusedError,
  type OrderRecord,
  readOrder,
  statusIn,
  statusIs,
} from '../orders';
import { orderEtaMinutes, type Point } from './eta';
import { moveRider, releaseRider } from './riders';

/** The delivery half of the order's life, in order; a rider moves it one step at a time. */
const DELIVERY_FLOW = ['rider_assigned', 'picked_up', 'out_for_delivery', 'delivered'] as const;
export type RiderStatusUpdate = 'picked_up' | 'out_for_delivery' | 'delivered';

/** Statuses in which the rider is on the way and reports a location. */
const IN_TRANSIT: readonly OrderStatus[] = ['rider_assigned', 'picked_up', 'out_for_delivery'];

export interface RiderOrderView {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  items: { productId: string; name: string; quantity: number }[];
  deliveryAddress: OrderRecord['deliveryAddress'];
  notes?: string;
  timeline: OrderRecord['timeline'];
}

const toRiderView = (order: OrderRecord): RiderOrderView => ({
  orderId: order.orderId,
  orderNumber: order.orderNumber,
  status: order.status,
  items: order.items.map(({ productId, name, quantity }) => ({ productId, name, quantity })),
  deliveryAddress: order.deliveryAddress,
  ...(order.notes ? { notes: order.notes } : {}),
  timeline: order.timeline,
});

async function requireRidersOrder(orderId: string, riderId: string): Promise<OrderRecord> {
  const order = await readOrder(orderId);
  if (!order || order.rider?.riderId !== riderId) throw notFound('Order');
  return order;
}

/**
 * Moves the order one step forward. The status it already has is a no-op (its announcement is
 * repeated, so a retry after a crash still tells the shopper); a skip or a step back is 409.
 * Delivered frees the rider.
 */
export async function advanceDelivery(
  riderId: string,
  orderId: string,
  next: RiderStatusUpdate,
): Promise<RiderOrderView> {
  const order = await requireRidersOrder(orderId, riderId);
  const from = DELIVERY_FLOW[DELIVERY_FLOW.indexOf(next) - 1]!;
  if (order.status === next) {
    await afterStep(order, from, enteredAt(order, next) ?? order.updatedAt, false);
    return toRiderView(order);
  }
  if (order.status !== from) {
    throw invalidState(`An order that is ${order.status} cannot become ${next}`, {
      status: order.status,
      requested: next,
    });
  }
  const at = new Date().toISOString();
  let updated: OrderRecord;
  try {
    updated = await changeOrder({
      orderId,
      at,
      when: [statusIs(from), carriedBy(riderId)],
      to: next,
      ...(next === 'delivered' ? { remove: ['etaMinutes'] } : {}),
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    return advanceDelivery(riderId, orderId, next); // it moved meanwhile (a cancel, a retry): decide again
  }
  await afterStep(updated, from, at, true);
  return toRiderView(updated);
}

async function afterStep(order: OrderRecord, previousStatus: OrderStatus, at: string, firstTime: boolean) {
  if (order.status === 'delivered') await releaseRider(order.rider!.riderId, order.orderId);
  await announceStatus({ order, previousStatus, at, firstTime });
}

export interface DeliveryLocation {
  orderId: string;
  lat: number;
  lng: number;
  etaMinutes: number;
  at: string;
}

/** The rider's position for the order they carry: stored with an ETA; the orders table's stream
 *  turns the stored position into DeliveryLocationUpdated for its watchers. */
export async function reportRiderLocation(
  riderId: string,
  input: { orderId: string } & Point,
): Promise<DeliveryLocation> {
  const order = await requireRidersOrder(input.orderId, riderId);
  const refuse = (status: OrderStatus) =>
    invalidState(`An order that is ${status} takes no location updates`, { status });
  if (!IN_TRANSIT.includes(order.status)) throw refuse(order.status);
  const at = new Date().toISOString();
  const point = { lat: input.lat, lng: input.lng };
  // In transit, so always a number: the same function tracking and the confirmation message use.
  const eta = orderEtaMinutes({ ...order, currentLocation: point }, storeLocation(), riderSpeedKmph()) ?? 1;
  try {
    await changeOrder({
      orderId: order.orderId,
      at,
      when: [statusIn(IN_TRANSIT), carriedBy(riderId)],
      set: { currentLocation: { ...point, at }, etaMinutes: eta },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    throw refuse((await readOrder(order.orderId))!.status); // delivered or cancelled meanwhile
  }
  const location = { orderId: order.orderId, ...point, etaMinutes: eta, at };
  await moveRider(riderId, order.orderId, point, at);
  return location;
}

// What a change to an order item means on the order bus: the events are cut from the stored
// change (the table's stream, old and new image), never announced beside the write, so a crash
// between the write and the publish loses nothing (docs/decisions.md, 2026-12-01).
import type { OrderStatus } from '../../../contract/order-status';
import type { OrderEvent } from '../events';

/** The fields of a stored order the events are made of (a stream image may carry any item). */
export interface OrderImage {
  orderId: string;
  userId: string;
  status: OrderStatus;
  timeline?: { status: OrderStatus; at: string }[];
  currentLocation?: { lat: number; lng: number; at: string };
  etaMinutes?: number;
  updatedAt?: string;
}

/** When the order entered `status`: its latest timeline entry for it (the write's own time). */
const enteredAt = (order: OrderImage, status: OrderStatus): string | undefined =>
  order.timeline?.findLast((entry) => entry.status === status)?.at ?? order.updatedAt;

/**
 * The events one change of an order item stands for, in the order they happened.
 * - creation (no old image): none; an order is born `pending`, which no consumer takes, as before;
 * - a status change: OrderStatusChanged (previousStatus from the old image, `at` from the timeline);
 * - a new rider position: DeliveryLocationUpdated;
 * - any other change, and a removal (no new image): none.
 */
export function eventsFromOrderChange(
  oldImage: OrderImage | undefined,
  newImage: OrderImage | undefined,
): OrderEvent[] {
  if (!oldImage || !newImage) return [];
  const events: OrderEvent[] = [];
  const location = newImage.currentLocation;
  if (location && location.at !== oldImage.currentLocation?.at) {
    events.push({
      detailType: 'DeliveryLocationUpdated',
      detail: {
        orderId: newImage.orderId,
        userId: newImage.userId,
        lat: location.lat,
        lng: location.lng,
        ...(newImage.etaMinutes !== undefined ? { etaMinutes: newImage.etaMinutes } : {}),
        at: location.at,
      },
    });
  }
  if (newImage.status !== oldImage.status) {
    const at = enteredAt(newImage, newImage.status);
    if (at) {
      events.push({
        detailType: 'OrderStatusChanged',
        detail: {
          orderId: newImage.orderId,
          userId: newImage.userId,
          status: newImage.status,
          previousStatus: oldImage.status,
          at,
        },
      });
    }
  }
  return events;
}

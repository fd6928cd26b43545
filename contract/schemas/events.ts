// The `detail` of every event on the order bus (contract/events.ts), one zod schema each: the
// publisher's types are inferred from them and every consumer parses with them, so producer and
// consumers cannot drift apart. Event names are Resource + past-tense verb (docs/conventions.md).
import type { EventName } from '../events';
import { Id, Latitude, Longitude, Timestamp } from './common';
// Its own module, not ./orders: that would carry every order schema into each consumer's bundle.
import { OrderStatusName } from './order-status';
import * as z from './zod';

export const OrderStatusChangedDetail = z.object({
  orderId: Id,
  userId: Id,
  status: OrderStatusName,
  // null for an order's first status; an event without it reads as one.
  previousStatus: OrderStatusName.nullable().default(null),
  at: Timestamp,
});
export type OrderStatusChangedDetail = z.infer<typeof OrderStatusChangedDetail>;

export const DeliveryLocationUpdatedDetail = z.object({
  orderId: Id,
  userId: Id,
  lat: Latitude,
  lng: Longitude,
  etaMinutes: z.number().nonnegative().optional(),
  at: Timestamp,
});
export type DeliveryLocationUpdatedDetail = z.infer<typeof DeliveryLocationUpdatedDetail>;

/** Each event's detail schema by its detail-type; `satisfies` keeps it complete. */
export const eventDetails = {
  OrderStatusChanged: OrderStatusChangedDetail,
  DeliveryLocationUpdated: DeliveryLocationUpdatedDetail,
} satisfies Record<EventName, z.ZodType>;

export type EventDetail<N extends EventName> = z.infer<(typeof eventDetails)[N]>;

/** What EventBridge hands a target, as far as a consumer reads it (Powertools' EventBridgeSchema). */
export const EventBridgeEnvelope = z
  .object({
    id: z.string().min(1),
    'detail-type': z.string().min(1),
    source: z.string().min(1),
    time: z.string(),
    detail: z.unknown(),
  })
  .loose();

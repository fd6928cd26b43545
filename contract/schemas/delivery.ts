import { Id, Latitude, Longitude, Timestamp } from './common';
import { DeliveryAddress } from './delivery-address';
import { OrderStatusName } from './order-status';
import * as z from './zod';

export const GeoPoint = z.object({ lat: Latitude, lng: Longitude }).strict().meta({ id: 'GeoPoint' });

export const RiderAvailabilityInput = z
  .object({ available: z.boolean(), location: GeoPoint })
  .strict()
  .meta({ id: 'RiderAvailabilityInput' });

export const Rider = z
  .object({
    riderId: Id,
    name: z.string(),
    phone: z.string().optional(),
    available: z.boolean(),
    location: GeoPoint,
    currentOrderId: Id.optional().meta({ description: 'The order the rider carries now' }),
    updatedAt: Timestamp,
  })
  .meta({ id: 'Rider' });

export const RiderStatusInput = z
  .object({ status: z.enum(['picked_up', 'out_for_delivery', 'delivered']) })
  .strict()
  .meta({ id: 'RiderStatusInput' });

export const RiderOrder = z
  .object({
    orderId: Id,
    orderNumber: z.string(),
    status: OrderStatusName,
    items: z.array(z.object({ productId: Id, name: z.string(), quantity: z.number().int() })),
    deliveryAddress: DeliveryAddress,
    notes: z.string().optional(),
    timeline: z.array(z.object({ status: OrderStatusName, at: Timestamp })),
  })
  .meta({ id: 'RiderOrder', description: 'An order as its rider sees it (no prices or payment)' });

export const RiderLocationInput = z
  .object({ orderId: Id, lat: Latitude, lng: Longitude })
  .strict()
  .meta({ id: 'RiderLocationInput' });

export const DeliveryLocation = z
  .object({
    orderId: Id,
    lat: Latitude,
    lng: Longitude,
    etaMinutes: z.number().int().min(1),
    at: Timestamp,
  })
  .meta({ id: 'DeliveryLocation' });

export const Tracking = z
  .object({
    orderId: Id,
    status: OrderStatusName,
    timeline: z.array(z.object({ status: OrderStatusName, at: Timestamp })),
    rider: z.object({ riderId: Id, name: z.string(), phone: z.string().optional() }).optional(),
    currentLocation: z.object({ lat: Latitude, lng: Longitude, at: Timestamp }).optional(),
    etaMinutes: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Minutes to the address from the last location, at an assumed average speed' }),
  })
  .meta({ id: 'Tracking' });

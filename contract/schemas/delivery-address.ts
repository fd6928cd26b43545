// Where an order goes, given at checkout and shown to its rider: its own module, so the delivery
// routes do not build every order schema.
import { Latitude, Longitude } from './common';
import * as z from './zod';

export const DeliveryAddress = z
  .object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    pincode: z.string().regex(/^[1-9][0-9]{5}$/, 'a 6-digit Indian pincode'),
    lat: Latitude,
    lng: Longitude,
  })
  .strict()
  .meta({ id: 'DeliveryAddress' });
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

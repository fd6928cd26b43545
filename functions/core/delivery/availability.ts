// PUT /rider/availability as a domain operation: record it, and a rider who is now free takes the
// oldest order that was waiting for one near them.
import { offerWaitingOrder } from './assignment';
import type { Point } from './eta';
import { type PublicRider, type RiderProfile, readRider, setAvailability, toPublicRider } from './riders';

export async function setRiderAvailability(
  riderId: string,
  input: { available: boolean; location: Point },
  profile: RiderProfile,
): Promise<PublicRider> {
  const rider = await setAvailability(riderId, input, profile);
  const claimed = await offerWaitingOrder(rider);
  return toPublicRider(claimed ? ((await readRider(riderId)) ?? rider) : rider);
}

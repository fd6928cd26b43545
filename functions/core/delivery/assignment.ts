// Giving confirmed orders to free riders. A claim is ONE transaction over the rider (available,
// carrying nothing) and the order (confirmed, no rider): two orders never get the same rider and
// an order never gets two. Order with no free rider → marked waiting; a rider who becomes free
// claims the oldest waiting order near them. Every step is safe to repeat (at-least-once events).
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { riderSearchRadiusKm, tableName } from '../config';
import { cancellationCodes, retryOnTransactionConflict } from '../dynamo';
import {
  type AssignedRider,
  announceStatus,
  anyOf,
  awaitsRider,
  changeOrder,
  enteredAt,
  hasNoRider,
  hasRider,
  OrderChangeRefusedError,
  type OrderRecord,
  orderGuard,
  readOrder,
  statusIs,
  statusIsNot,
} from '../orders';
import { haversineKm } from './eta';
import { freeRidersNear, type RiderRecord, releaseRider, riderClaim } from './riders';

const WAITING = 'waiting';
/** One page of the waiting-order index is offered to a rider who becomes free. */
const WAITING_ORDERS_PAGE = 50;

export type AssignmentOutcome =
  /** A rider was claimed for the order now. */
  | 'assigned'
  /** No free rider near it: the order waits for one. */
  | 'waiting'
  /** It already had a rider (a repeated event): nothing changed. */
  | 'already_assigned'
  /** It is not (or no longer) confirmed: nothing to do. */
  | 'not_assignable';

type ClaimResult = 'claimed' | 'rider_taken' | 'order_taken';

/** Finds the nearest free rider for a confirmed order and claims them; otherwise the order waits. */
export async function assignRider(
  orderId: string,
): Promise<{ outcome: AssignmentOutcome; riderId?: string }> {
  const order = await readOrder(orderId);
  if (!order) return { outcome: 'not_assignable' };
  if (order.rider) return replayAssignment(order);
  if (order.status !== 'confirmed') return { outcome: 'not_assignable' };

  const first = await claimNearestRider(order);
  if (first) return first;
  try {
    await changeOrder({
      orderId,
      at: new Date().toISOString(),
      when: [statusIs('confirmed'), hasNoRider],
      set: { awaitingRider: WAITING },
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
    return assignRider(orderId); // assigned or cancelled meanwhile: decide again
  }
  // A rider who turned free between our look and the mark did not see this order: look once more.
  return (await claimNearestRider(order)) ?? { outcome: 'waiting' };
}

async function claimNearestRider(order: OrderRecord) {
  for (const rider of await freeRidersNear(order.deliveryAddress, riderSearchRadiusKm())) {
    const result = await claim(rider, order);
    if (result === 'claimed') return { outcome: 'assigned' as const, riderId: rider.riderId };
    if (result === 'order_taken') {
      const now = await readOrder(order.orderId);
      return now?.rider ? replayAssignment(now) : { outcome: 'not_assignable' as const };
    }
  }
  return undefined;
}

/**
 * A rider who is free now takes the oldest waiting order within reach (orders list by createdAt).
 * Returns the claimed order's id, if any.
 */
export async function offerWaitingOrder(rider: RiderRecord): Promise<string | undefined> {
  if (!rider.available || rider.currentOrderId || !rider.freePool) return undefined;
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName('orders'),
      IndexName: 'awaitingRider',
      KeyConditionExpression: 'awaitingRider = :waiting',
      ExpressionAttributeValues: { ':waiting': WAITING },
      Limit: WAITING_ORDERS_PAGE,
    }),
  );
  const radius = riderSearchRadiusKm();
  for (const order of Items as OrderRecord[]) {
    if (haversineKm(rider.location, order.deliveryAddress) > radius) continue;
    const result = await claim(rider, order);
    if (result === 'claimed') return order.orderId;
    if (result === 'rider_taken') return undefined;
    await forgetStaleWaitingMark(order.orderId);
  }
  return undefined;
}

/** The order's rider (if any) stops carrying it once it is delivered or cancelled, and takes new work. */
export async function freeRiderOf(orderId: string): Promise<string | undefined> {
  const order = await readOrder(orderId);
  if (!order?.rider || !['delivered', 'cancelled'].includes(order.status)) return undefined;
  const rider = await releaseRider(order.rider.riderId, orderId);
  return rider ? offerWaitingOrder(rider) : undefined;
}

async function claim(rider: RiderRecord, order: OrderRecord): Promise<ClaimResult> {
  const at = new Date().toISOString();
  const assigned: AssignedRider = {
    riderId: rider.riderId,
    name: rider.name,
    ...(rider.phone ? { phone: rider.phone } : {}),
  };
  try {
    await retryOnTransactionConflict('claimRider', () =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            riderClaim(rider.riderId, order.orderId, at),
            orderGuard({
              orderId: order.orderId,
              at,
              when: [statusIs('confirmed'), hasNoRider],
              to: 'rider_assigned',
              set: { rider: assigned },
              remove: ['awaitingRider'],
            }),
          ],
        }),
      ),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[1] === 'ConditionalCheckFailed') return 'order_taken';
    if (codes[0] === 'ConditionalCheckFailed') return 'rider_taken';
    throw error;
  }
  const updated = (await readOrder(order.orderId))!;
  await announceStatus({ order: updated, previousStatus: 'confirmed', at, firstTime: true });
  return 'claimed';
}

/** A repeated event finds the rider already there: announce again with the same time (at least once). */
async function replayAssignment(order: OrderRecord) {
  const at = enteredAt(order, 'rider_assigned');
  if (order.status === 'rider_assigned' && at) {
    await announceStatus({ order, previousStatus: 'confirmed', at, firstTime: false });
  }
  return { outcome: 'already_assigned' as const, riderId: order.rider?.riderId };
}

/** A waiting order that was assigned or cancelled elsewhere leaves the waiting index. */
async function forgetStaleWaitingMark(orderId: string) {
  try {
    await changeOrder({
      orderId,
      at: new Date().toISOString(),
      when: [awaitsRider, anyOf(statusIsNot('confirmed'), hasRider)],
      remove: ['awaitingRider'],
    });
  } catch (error) {
    if (!(error instanceof OrderChangeRefusedError)) throw error;
  }
}

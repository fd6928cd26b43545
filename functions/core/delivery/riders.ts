// Rider records. A rider is in the sparse `freeRiders` index (attributes freePool/freeSince) only
// while available AND carrying no order; every write that changes either keeps that true with a
// condition, so assignment can Query free riders instead of scanning all of them.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import { KeptRacingError } from '../errors';
import type { TransactWriteItem } from '../inventory';
import { haversineKm, type Point } from './eta';

export const FREE_POOL = 'free';
/** One page of the free-rider index is searched per assignment (docs/decisions.md). */
const FREE_RIDERS_PAGE = 100;
const DEFAULT_NAME = 'Delivery partner';

export interface RiderRecord {
  riderId: string;
  name: string;
  phone?: string;
  available: boolean;
  location: Point;
  locationAt: string;
  /** The order the rider carries; set only together with the order's `rider`. */
  currentOrderId?: string;
  freePool?: typeof FREE_POOL;
  freeSince?: string;
  updatedAt: string;
}

export interface RiderProfile {
  name?: string;
  phone?: string;
}

export interface PublicRider {
  riderId: string;
  name: string;
  phone?: string;
  available: boolean;
  location: Point;
  currentOrderId?: string;
  updatedAt: string;
}

export const toPublicRider = (rider: RiderRecord): PublicRider => ({
  riderId: rider.riderId,
  name: rider.name,
  ...(rider.phone ? { phone: rider.phone } : {}),
  available: rider.available,
  location: rider.location,
  ...(rider.currentOrderId ? { currentOrderId: rider.currentOrderId } : {}),
  updatedAt: rider.updatedAt,
});

export async function readRider(riderId: string): Promise<RiderRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('riders'), Key: { riderId }, ConsistentRead: true }),
  );
  return Item as RiderRecord | undefined;
}

/**
 * Records a rider's availability and position (creating the rider on first use). Available and
 * free → joins the free pool; available but carrying an order → joins when the order ends.
 */
export async function setAvailability(
  riderId: string,
  input: { available: boolean; location: Point },
  profile: RiderProfile,
): Promise<RiderRecord> {
  const at = new Date().toISOString();
  const base = {
    sets: [
      '#available = :available',
      '#location = :location',
      'locationAt = :at',
      'updatedAt = :at',
      profile.name ? '#name = :name' : '#name = if_not_exists(#name, :name)',
      ...(profile.phone ? ['#phone = :phone'] : []),
    ],
    names: {
      '#available': 'available',
      '#location': 'location',
      '#name': 'name',
      ...(profile.phone ? { '#phone': 'phone' } : {}),
    },
    values: {
      ':available': input.available,
      ':location': { lat: input.location.lat, lng: input.location.lng },
      ':at': at,
      ':name': profile.name ?? DEFAULT_NAME,
      ...(profile.phone ? { ':phone': profile.phone } : {}),
    },
  };
  const update = (extraSet: string[], remove: string[], condition?: string, values = {}) =>
    dynamo().send(
      new UpdateCommand({
        TableName: tableName('riders'),
        Key: { riderId },
        UpdateExpression: `SET ${[...base.sets, ...extraSet].join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: base.names,
        ExpressionAttributeValues: { ...base.values, ...values },
        ReturnValues: 'ALL_NEW',
      }),
    );
  if (!input.available) {
    const { Attributes } = await update([], ['freePool', 'freeSince']);
    return Attributes as RiderRecord;
  }
  // Free or busy decides whether it joins the pool; the condition makes the choice race-free.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { Attributes } = await update(
        ['freePool = :pool', 'freeSince = if_not_exists(freeSince, :at)'],
        [],
        'attribute_not_exists(currentOrderId)',
        { ':pool': FREE_POOL },
      );
      return Attributes as RiderRecord;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    try {
      const { Attributes } = await update([], [], 'attribute_exists(currentOrderId)');
      return Attributes as RiderRecord;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error; // the order ended meanwhile: try as free again
    }
  }
  throw new KeptRacingError(`Rider ${riderId}: availability kept racing with their current order`);
}

/** Free riders within `radiusKm` of `point`, nearest first (one page of the sparse index). */
export async function freeRidersNear(point: Point, radiusKm: number): Promise<RiderRecord[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName('riders'),
      IndexName: 'freeRiders',
      KeyConditionExpression: 'freePool = :pool',
      ExpressionAttributeValues: { ':pool': FREE_POOL },
      Limit: FREE_RIDERS_PAGE,
    }),
  );
  return (Items as RiderRecord[])
    .map((rider) => ({ rider, km: haversineKm(rider.location, point) }))
    .filter(({ km }) => km <= radiusKm)
    .sort((a, b) => a.km - b.km)
    .map(({ rider }) => rider);
}

/** The rider half of an assignment: only a rider still available and carrying nothing. */
export function riderClaim(riderId: string, orderId: string, at: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName('riders'),
      Key: { riderId },
      UpdateExpression: 'SET currentOrderId = :orderId, updatedAt = :at REMOVE freePool, freeSince',
      ConditionExpression: '#available = :true AND attribute_not_exists(currentOrderId)',
      ExpressionAttributeNames: { '#available': 'available' },
      ExpressionAttributeValues: { ':orderId': orderId, ':at': at, ':true': true },
    },
  };
}

/**
 * The order ended (delivered or cancelled): the rider stops carrying it and, if still available,
 * rejoins the free pool. Only undoes this order's claim, so a repeat or a late call changes nothing.
 * Returns the rider as it is now.
 */
export async function releaseRider(riderId: string, orderId: string): Promise<RiderRecord | undefined> {
  const at = new Date().toISOString();
  // Available or not decides whether the rider rejoins the pool; the two conditions exclude each
  // other, so an availability change racing this release is seen by the next round.
  const attempts = [
    {
      update: 'SET freePool = :pool, freeSince = :at, updatedAt = :at REMOVE currentOrderId',
      condition: 'currentOrderId = :orderId AND #available = :true',
      values: { ':pool': FREE_POOL, ':at': at, ':orderId': orderId, ':true': true },
    },
    {
      update: 'SET updatedAt = :at REMOVE currentOrderId',
      condition: 'currentOrderId = :orderId AND #available <> :true',
      values: { ':at': at, ':orderId': orderId, ':true': true },
    },
  ];
  for (let round = 0; round < 3; round++) {
    for (const attempt of attempts) {
      try {
        const { Attributes } = await dynamo().send(
          new UpdateCommand({
            TableName: tableName('riders'),
            Key: { riderId },
            UpdateExpression: attempt.update,
            ConditionExpression: attempt.condition,
            ExpressionAttributeNames: { '#available': 'available' },
            ExpressionAttributeValues: attempt.values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes as RiderRecord;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    const rider = await readRider(riderId);
    if (rider?.currentOrderId !== orderId) return rider; // already released (or never held this order)
  }
  throw new KeptRacingError(
    `Rider ${riderId}: release of order ${orderId} kept racing with availability changes`,
  );
}

/** The rider's own position follows their location reports while they carry the order. */
export async function moveRider(
  riderId: string,
  orderId: string,
  location: Point,
  at: string,
): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('riders'),
        Key: { riderId },
        UpdateExpression: 'SET #location = :location, locationAt = :at, updatedAt = :at',
        ConditionExpression: 'currentOrderId = :orderId',
        ExpressionAttributeNames: { '#location': 'location' },
        ExpressionAttributeValues: {
          ':location': { lat: location.lat, lng: location.lng },
          ':at': at,
          ':orderId': orderId,
        },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

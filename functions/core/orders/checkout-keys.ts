// Idempotency-Key records of POST /checkout: a key maps to exactly one order, and the body that
// first used it (hashed), so a replay with a different body is refused.
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutInput } from '../../../contract/schemas/orders';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';

/** Replays of a key are honoured this long (clients retry within minutes, not days). */
const IDEMPOTENCY_HOURS = 24;

export interface IdempotencyRecord {
  pk: string;
  bodyHash: string;
  orderId: string;
}

/** Key order must not change the hash: {a,b} and {b,a} are the same body. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

export const hashOf = (input: CheckoutInput) =>
  createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');

export const idempotencyKeyOf = (userId: string, key: string) => `idem#checkout#${userId}#${key}`;

/** The record as a transaction's Put (item 0 of the checkout transaction). */
export const putRecord = (record: IdempotencyRecord, now: Date) => ({
  Put: {
    TableName: tableName('control'),
    Item: { ...record, expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600 },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Records that the key was answered with an order that already existed (the cart's open order);
 *  false if the key got a record meanwhile. */
export async function recordKey(record: IdempotencyRecord, now: Date): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(putRecord(record, now).Put));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export async function readIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('control'), Key: { pk }, ConsistentRead: true }),
  );
  return Item as IdempotencyRecord | undefined;
}

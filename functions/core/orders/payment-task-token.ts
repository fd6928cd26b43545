// Where the AwaitPayment task token lives: its own small item in the control table
// (`taskToken#<orderId>`), never on the order. An AWS token is up to 1 KB; on the order it made
// every write of the order while it waited for payment cost one more write unit or two, and the
// change stream carried it to every consumer. Orders written before this (the token as
// `paymentTaskToken` on the order item) are still read.
//
// The store and the signals no longer meet on one item, so each side writes its own item first and
// then reads the other's (both strongly consistent): AwaitPayment puts the token, then reads the
// order; a payment signal or a cancel writes the order, then reads the token. Whichever comes second
// sees the first, so a signal is never left with no one to resume the saga (at worst both resume
// it, and the second SendTask* finds the token spent, which is harmless).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { paymentWindowSeconds, tableName } from '../config';
import type { OrderRecord } from './model';

/** Kept a day past the payment window: by then the task has long ended one way or the other. */
const KEEP_SECONDS_AFTER_WINDOW = 24 * 3600;

const keyOf = (orderId: string) => `taskToken#${orderId}`;

export async function storeTaskToken(orderId: string, taskToken: string): Promise<void> {
  const expiresAt = Math.floor(Date.now() / 1000) + paymentWindowSeconds() + KEEP_SECONDS_AFTER_WINDOW;
  // Unconditional: a retried AwaitPayment (a fresh token) replaces the spent one.
  await dynamo().send(
    new PutCommand({
      TableName: tableName('control'),
      Item: { pk: keyOf(orderId), taskToken, expiresAt },
    }),
  );
}

/** The order's current token: its own item, else (an order from before) the order's attribute.
 *  The item comes first: a saga retried since then stored a fresh token there. */
export async function taskTokenOf(
  order: Pick<OrderRecord, 'orderId' | 'paymentTaskToken'>,
): Promise<string | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName('control'),
      Key: { pk: keyOf(order.orderId) },
      ConsistentRead: true,
      ProjectionExpression: 'taskToken',
    }),
  );
  return (Item?.taskToken as string | undefined) ?? order.paymentTaskToken;
}

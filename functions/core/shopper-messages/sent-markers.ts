// One marker per (order event, channel) in the control table, so a redelivered event sends nothing
// new and one channel's retry never resends the other. The marker is claimed BEFORE sending, so two
// concurrent deliveries cannot both send; a failed send releases it for the retry; a claim whose
// holder crashed mid-send is retaken after the lease (a crash may repeat one message, never lose it).
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';

/** Longer than the notifier's timeout: a claim this old was left by a crashed invocation. */
const LEASE_SECONDS = 120;
const KEEP_DAYS = 30;

export type Channel = 'email' | 'sms';

const pkOf = (eventKey: string, channel: Channel) => `sent#${eventKey}#${channel}`;

/** Thrown when another invocation is sending this message right now: retry later. */
export class SendInProgressError extends Error {
  override name = 'SendInProgressError';
}

/** true: ours to send. false: already sent. Throws SendInProgressError while another holds it. */
export async function claimSend(eventKey: string, channel: Channel): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('control'),
        Item: {
          pk: pkOf(eventKey, channel),
          state: 'sending',
          claimedAt: now,
          expiresAt: now + KEEP_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :staleBefore)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':staleBefore': now - LEASE_SECONDS },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName('control'),
        Key: { pk: pkOf(eventKey, channel) },
        ConsistentRead: true,
      }),
    );
    if (Item?.state === 'sent') return false;
    throw new SendInProgressError(`${channel} for ${eventKey} is being sent by another invocation`);
  }
}

export async function markSent(eventKey: string, channel: Channel): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('control'),
      Key: { pk: pkOf(eventKey, channel) },
      UpdateExpression: 'SET #state = :sent',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent' },
    }),
  );
}

/** The send failed: free the claim so the retry sends. */
export async function releaseSend(eventKey: string, channel: Channel): Promise<void> {
  await dynamo()
    .send(
      new DeleteCommand({
        TableName: tableName('control'),
        Key: { pk: pkOf(eventKey, channel) },
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    )
    .catch(() => {
      // Left claimed, it is retaken after the lease.
    });
}

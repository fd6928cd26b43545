// In-app notifications for shoppers, newest first. A notification about an order event has an id
// derived from the event (its time and what happened), so a retried saga step writes it once.
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime, ulid } from 'ulid';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import { newestFirstForUser, type PageRequest } from '../page-cursor';

const KEEP_DAYS = 30;

export interface NotificationInput {
  userId: string;
  type: string;
  orderId?: string;
  title: string;
  message: string;
  /** When it happened (ISO); defaults to now. */
  at?: string;
  /** Same key and time → same notification, written once. */
  dedupeKey?: string;
}

export interface Notification {
  notificationId: string;
  type: string;
  orderId?: string;
  title: string;
  message: string;
  createdAt: string;
}

/** Time-ordered like a ULID (so the sort key lists newest first), but deterministic when deduped. */
const notificationIdFor = (at: string, dedupeKey?: string) =>
  dedupeKey
    ? `${encodeTime(Date.parse(at), 10)}${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16).toUpperCase()}`
    : ulid(Date.parse(at));

export async function notify(input: NotificationInput): Promise<void> {
  const createdAt = input.at ?? new Date().toISOString();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('notifications'),
        Item: {
          userId: input.userId,
          notificationId: notificationIdFor(createdAt, input.dedupeKey),
          type: input.type,
          orderId: input.orderId,
          title: input.title,
          message: input.message,
          createdAt,
          expiresAt: Math.floor(Date.parse(createdAt) / 1000) + KEEP_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(notificationId)',
      }),
    );
  } catch (error) {
    // Already written by an earlier attempt of the same step.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

export async function listNotifications(
  userId: string,
  page: PageRequest,
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  const { items, nextCursor } = await newestFirstForUser(
    { tableName: tableName('notifications'), userId, keyAttributes: ['userId', 'notificationId'] },
    page,
  );
  return {
    items: items.map((item) => ({
      notificationId: item.notificationId as string,
      type: item.type as string,
      ...(item.orderId ? { orderId: item.orderId as string } : {}),
      title: item.title as string,
      message: item.message as string,
      createdAt: item.createdAt as string,
    })),
    nextCursor,
  };
}

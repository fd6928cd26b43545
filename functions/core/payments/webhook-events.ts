// Razorpay webhooks arrive at least once and in any order: each event id is recorded once,
// and the envelope is parsed by zod before anything acts on it.
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../../contract/schemas/zod';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import { AppError } from '../errors';

const WEEK_SECONDS = 7 * 24 * 3600;

/** The event's record key. The header is the sender's to choose: one too long for a DynamoDB key
 *  (2048 bytes) is keyed by its SHA-256 instead, so it is still deduplicated rather than a 500. */
const eventKey = (eventId: string) =>
  Buffer.byteLength(eventId) <= 256
    ? `webhook#${eventId}`
    : `webhook#sha256:${createHash('sha256').update(eventId).digest('hex')}`;

/** 'new' the first time an event id is seen, 'duplicate' on every redelivery. */
export async function recordWebhookEvent(
  eventId: string,
  eventType: string,
  expiresInSeconds = WEEK_SECONDS,
): Promise<'new' | 'duplicate'> {
  const now = Date.now();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('control'),
        Item: {
          pk: eventKey(eventId),
          eventType,
          receivedAt: new Date(now).toISOString(),
          expiresAt: Math.floor(now / 1000) + expiresInSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'new';
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'duplicate';
    throw error;
  }
}

/** Forgets an event whose processing failed, so Razorpay's redelivery is processed again. */
export async function forgetWebhookEvent(eventId: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName('control'), Key: { pk: eventKey(eventId) } }));
}

const Notes = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const WebhookPaymentEntity = z.object({
  id: z.string(),
  entity: z.literal('payment').optional(),
  order_id: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['created', 'authorized', 'captured', 'refunded', 'failed']),
  captured: z.boolean().optional(),
  amount_refunded: z.number().int().optional(),
  error_code: z.string().nullable().optional(),
  error_description: z.string().nullable().optional(),
  notes: Notes.optional(),
  created_at: z.number().optional(),
});

export const WebhookOrderEntity = z.object({
  id: z.string(),
  entity: z.literal('order').optional(),
  amount: z.number().int(),
  amount_paid: z.number().int().optional(),
  currency: z.string(),
  receipt: z.string().nullable().optional(),
  status: z.enum(['created', 'attempted', 'paid']),
  notes: Notes.optional(),
});

export const WebhookRefundEntity = z.object({
  id: z.string(),
  entity: z.literal('refund').optional(),
  payment_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  receipt: z.string().nullable().optional(),
  status: z.string(),
  notes: Notes.optional(),
});

/** The envelope of every Razorpay webhook; unknown event types still parse (and can be ignored). */
export const RazorpayWebhookEvent = z.object({
  entity: z.literal('event').optional(),
  account_id: z.string().optional(),
  event: z.string().min(1),
  contains: z.array(z.string()).optional(),
  payload: z.object({
    payment: z.object({ entity: WebhookPaymentEntity }).optional(),
    order: z.object({ entity: WebhookOrderEntity }).optional(),
    refund: z.object({ entity: WebhookRefundEntity }).optional(),
  }),
  created_at: z.number().int(),
});

export type RazorpayWebhookEvent = z.infer<typeof RazorpayWebhookEvent>;

/** Parses a verified raw body; a body that is not a Razorpay event is a 400, never a 500. */
export function parseWebhookEvent(rawBody: string): RazorpayWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Webhook body is not valid JSON');
  }
  const parsed = RazorpayWebhookEvent.safeParse(json);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Webhook body is not a Razorpay event', parsed.error.issues);
  return parsed.data;
}

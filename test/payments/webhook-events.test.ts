// Webhook event ids are recorded once (conditional put in the control table); envelopes are parsed by zod.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { AppError } from '../../functions/core/errors';
import { parseWebhookEvent, recordWebhookEvent } from '../../functions/core/payments';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

describe('recordWebhookEvent', () => {
  it('is new once, then a duplicate; the record expires through TTL', async () => {
    const before = Math.floor(Date.now() / 1000);
    expect(await recordWebhookEvent('evt_once', 'payment.captured', 3600)).toBe('new');
    expect(await recordWebhookEvent('evt_once', 'payment.captured', 3600)).toBe('duplicate');
    expect(await recordWebhookEvent('evt_other', 'payment.captured')).toBe('new');
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName('control'), Key: { pk: 'webhook#evt_once' } }),
    );
    expect(Item?.eventType).toBe('payment.captured');
    expect(Item?.expiresAt).toBeGreaterThanOrEqual(before + 3600);
    expect(Item?.expiresAt).toBeLessThan(before + 3700);
  });

  it('of 10 concurrent deliveries of one event exactly one is new', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => recordWebhookEvent('evt_concurrent', 'order.paid')),
    );
    expect(results.filter((r) => r === 'new')).toHaveLength(1);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(9);
  });
});

describe('parseWebhookEvent', () => {
  const event = {
    entity: 'event',
    account_id: 'acc_1',
    event: 'order.paid',
    contains: ['payment', 'order'],
    payload: {
      payment: {
        entity: {
          id: 'pay_1',
          entity: 'payment',
          order_id: 'order_1',
          amount: 9000,
          currency: 'INR',
          status: 'captured',
          notes: [],
        },
      },
      order: {
        entity: { id: 'order_1', entity: 'order', amount: 9000, currency: 'INR', status: 'paid', notes: {} },
      },
    },
    created_at: 1_700_000_000,
  };

  it('parses a Razorpay envelope, and unknown event types too', () => {
    const parsed = parseWebhookEvent(JSON.stringify(event));
    expect(parsed.payload.payment?.entity).toMatchObject({ id: 'pay_1', order_id: 'order_1', amount: 9000 });
    expect(parsed.payload.order?.entity.status).toBe('paid');
    expect(parseWebhookEvent(JSON.stringify({ ...event, event: 'dispute.created', payload: {} })).event).toBe(
      'dispute.created',
    );
  });

  it('refuses non-JSON and malformed envelopes with a 400, never an unhandled error', () => {
    const bodies = [
      'not json',
      'null',
      JSON.stringify({ ...event, payload: { payment: { entity: { id: 'pay_1', amount: '9000' } } } }),
      JSON.stringify({ ...event, created_at: undefined }),
    ];
    for (const body of bodies) {
      let thrown: unknown;
      try {
        parseWebhookEvent(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).status).toBe(400);
    }
  });
});

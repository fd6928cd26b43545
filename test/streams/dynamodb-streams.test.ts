// The local stream poller against the suite's real DynamoDB Local: a write to the orders table
// reaches the local bus as the event it stands for, through the same consumer Lambda runs, and a
// publisher killed between the write and the event loses nothing — the write is durable, and a
// poller started again from the saved position (or TRIM_HORIZON) still delivers it: at least once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../contract/functions';
import { dynamo } from '../../functions/core/clients';
import { filePositions, type StreamPoller, startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { type EventBridgeLocal, startEventBridgeLocal } from '../../local/emulators/eventbridge';
import { useLocalAws, useLocalResources } from '../../local/lambda-environment';
import { calls } from '../fixtures/streams/crashing-consumer';
import { seen } from '../fixtures/streams/refuses-first-record';
import { useFreshTables } from '../support/tables';

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
const consumers = {
  publishOrderEvents: functions.publishOrderEvents,
  crashing: { handler: 'test/fixtures/streams/crashing-consumer.ts' },
  refusesFirst: { handler: 'test/fixtures/streams/refuses-first-record.ts' },
};
let ordersTable: string;
let bus: EventBridgeLocal;
const pollers: StreamPoller[] = [];
const logs: string[] = [];

const poll = async (consumer: keyof typeof consumers, options: { positionsFile?: string } = {}) => {
  const poller = await startStreamPoller({
    tableName: ordersTable,
    consumer,
    functions: consumers,
    endpoint,
    intervalMs: 50,
    retry: { attempts: 100, delayMs: 20 },
    ...(options.positionsFile ? { positions: filePositions(options.positionsFile) } : {}),
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  pollers.push(poller);
  return poller;
};

beforeAll(async () => {
  const prefix = await useFreshTables();
  ordersTable = `${prefix}orders`;
  // No rules: the bus only records what reaches it.
  bus = await startEventBridgeLocal({ port: 0, busName: 'streams-test', rules: {}, log: () => {} });
  useLocalAws({ eventbridge: bus.url });
  useLocalResources({ eventBusName: 'streams-test' });
});
afterEach(async () => {
  for (const poller of pollers.splice(0)) await poller.stop();
});
afterAll(async () => {
  await bus.stop();
});

const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;

async function placeOrder() {
  const orderId = ulid();
  await dynamo().send(
    new PutCommand({
      TableName: ordersTable,
      Item: {
        orderId,
        userId: 'u-streams',
        status: 'pending',
        timeline: [{ status: 'pending', at: at(0) }],
        updatedAt: at(0),
      },
    }),
  );
  return orderId;
}

/** The status write the saga makes; nothing is published beside it. */
const moveTo = (orderId: string, status: string, second: number) =>
  dynamo().send(
    new UpdateCommand({
      TableName: ordersTable,
      Key: { orderId },
      UpdateExpression: 'SET #s = :s, timeline = list_append(timeline, :t), updatedAt = :at',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status, ':t': [{ status, at: at(second) }], ':at': at(second) },
    }),
  );

const eventsOf = (orderId: string) => bus.events.filter((e) => e.detail.orderId === orderId);

describe('local DynamoDB stream poller', () => {
  it('puts a status change written to the orders table on the bus, once, in order', async () => {
    const poller = await poll('publishOrderEvents');
    const orderId = await placeOrder();
    await moveTo(orderId, 'awaiting_payment', 1);
    await moveTo(orderId, 'confirmed', 2);
    await bus.waitFor((e) => e.detail.orderId === orderId && e.detail.status === 'confirmed');
    await poller.caughtUp();
    expect(
      eventsOf(orderId).map((e) => [e['detail-type'], e.detail.previousStatus, e.detail.status, e.detail.at]),
    ).toEqual([
      ['OrderStatusChanged', 'pending', 'awaiting_payment', at(1)],
      ['OrderStatusChanged', 'awaiting_payment', 'confirmed', at(2)],
    ]);
    expect(eventsOf(orderId)[0]).toMatchObject({
      source: 'quick-commerce.orders',
      time: '2026-12-01T10:00:01Z',
    });
  });

  it('a publisher killed between the write and the event: the restarted poller still delivers it', async () => {
    const positionsFile = join(mkdtempSync(join(tmpdir(), 'qc-streams-')), 'positions.json');
    // Caught up on what the table held, then the publisher dies on every batch.
    const before = await poll('publishOrderEvents', { positionsFile });
    await before.caughtUp();
    await before.stop();
    const crashing = await poll('crashing', { positionsFile });
    const orderId = await placeOrder();
    await moveTo(orderId, 'awaiting_payment', 3);
    await crashing.caughtUp();
    await crashing.caughtUp();
    expect(calls.length).toBeGreaterThan(0);
    await crashing.stop(); // killed
    expect(eventsOf(orderId)).toEqual([]);

    // Started again on the saved position: the durable write becomes its event.
    await poll('publishOrderEvents', { positionsFile });
    const event = await bus.waitFor((e) => e.detail.orderId === orderId);
    expect(event.detail).toMatchObject({ status: 'awaiting_payment', previousStatus: 'pending', at: at(3) });
  });

  it('a poller with no saved position reads from TRIM_HORIZON: what was written while none ran arrives', async () => {
    const orderId = await placeOrder();
    await moveTo(orderId, 'rejected', 4);
    await poll('publishOrderEvents');
    const event = await bus.waitFor((e) => e.detail.orderId === orderId);
    expect(event.detail).toMatchObject({ status: 'rejected', previousStatus: 'pending' });
  });

  it('retries from the record the consumer reports failed, and nothing after it is published ahead of it', async () => {
    const orderId = await placeOrder();
    await moveTo(orderId, 'awaiting_payment', 5);
    await moveTo(orderId, 'payment_failed', 6);
    const poller = await poll('refusesFirst');
    await bus.waitFor((e) => e.detail.orderId === orderId && e.detail.status === 'payment_failed');
    await poller.caughtUp();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[1]![0]).toBe(seen[0]![0]); // the refused record came back first
    expect(eventsOf(orderId).map((e) => e.detail.status)).toEqual(['awaiting_payment', 'payment_failed']);
  });
});

// The local EventBridge endpoint, driven by the real @aws-sdk/client-eventbridge, with fixture
// rules and fixture targets.
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EventBridgeLocal, startEventBridgeLocal } from '../../local/emulators/eventbridge';
import { received } from '../fixtures/eventbridge/received';

const BUS = 'test-orders';
let bus: EventBridgeLocal;
let client: EventBridgeClient;
const logs: string[] = [];

beforeAll(async () => {
  bus = await startEventBridgeLocal({
    port: 0,
    busName: BUS,
    rules: {
      confirmedOrders: {
        description: 'confirmed orders of at least ₹100',
        pattern: {
          source: ['test.orders'],
          'detail-type': ['OrderStatusChanged'],
          detail: { status: ['CONFIRMED'], totalPaise: [{ numeric: ['>=', 10000] }] },
        },
        targets: ['record'],
      },
      riderLocations: {
        description: 'rider locations, delivered by a flaky pusher',
        pattern: { source: ['test.orders'], 'detail-type': ['DeliveryLocationUpdated'] },
        targets: ['flaky'],
      },
    },
    functions: {
      record: { handler: 'test/fixtures/eventbridge/record-target.ts' },
      flaky: { handler: 'test/fixtures/eventbridge/flaky-target.ts' },
    },
    retry: { attempts: 3, delayMs: 5 },
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  client = new EventBridgeClient({ endpoint: bus.url });
});

afterAll(async () => {
  await bus?.stop();
});

beforeEach(() => {
  received.length = 0;
});

const put = (detailType: string, detail: unknown, extra: Record<string, unknown> = {}) =>
  client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: BUS,
          Source: 'test.orders',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
          ...extra,
        },
      ],
    }),
  );

describe('PutEvents', () => {
  it('accepts an entry, routes it to the matching rule target in an EventBridge envelope', async () => {
    const orderId = randomUUID();
    const time = new Date('2026-11-01T10:00:00.000Z');
    const result = await put(
      'OrderStatusChanged',
      { orderId, status: 'CONFIRMED', totalPaise: 24900 },
      { Time: time },
    );
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries![0]!.EventId!;
    expect(eventId).toBeTruthy();

    const delivery = await bus.waitForDelivery((d) => d.eventId === eventId);
    expect(delivery).toMatchObject({ rule: 'confirmedOrders', target: 'record', ok: true, attempts: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.event).toEqual({
      version: '0',
      id: eventId,
      'detail-type': 'OrderStatusChanged',
      source: 'test.orders',
      account: '000000000000',
      time: '2026-11-01T10:00:00Z',
      region: process.env.AWS_REGION,
      resources: [],
      detail: { orderId, status: 'CONFIRMED', totalPaise: 24900 },
    });
  });

  it('keeps non-matching events in the log without invoking any target', async () => {
    const orderId = randomUUID();
    await put('OrderStatusChanged', { orderId, status: 'CONFIRMED', totalPaise: 500 });
    await put('OrderStatusChanged', { orderId, status: 'CANCELLED', totalPaise: 50000 });
    await put('SomethingElse', { orderId, status: 'CONFIRMED', totalPaise: 50000 });
    const logged = await bus.waitFor(
      (e) => e.detail.orderId === orderId && e['detail-type'] === 'SomethingElse',
    );
    expect(logged.source).toBe('test.orders');
    await bus.idle();
    expect(received).toHaveLength(0);
    expect(bus.events.filter((e) => e.detail.orderId === orderId)).toHaveLength(3);
  });

  it('waitFor resolves for an event published after it was called', async () => {
    const orderId = randomUUID();
    const waiting = bus.waitFor((e) => e.detail.orderId === orderId);
    await put('OrderStatusChanged', { orderId, status: 'PLACED', totalPaise: 1 });
    expect((await waiting).detail).toMatchObject({ orderId, status: 'PLACED' });
    await expect(bus.waitFor((e) => e.detail.orderId === 'never', 50)).rejects.toThrow(/No event matched/);
  });

  it('retries a failing target, and gives up after the bounded attempts', async () => {
    const recovered = await put('DeliveryLocationUpdated', { orderId: randomUUID(), failures: 2 });
    const recoveredId = recovered.Entries![0]!.EventId!;
    expect(await bus.waitForDelivery((d) => d.eventId === recoveredId)).toMatchObject({
      ok: true,
      attempts: 3,
    });

    const lost = await put('DeliveryLocationUpdated', { orderId: randomUUID(), failures: 10 });
    const lostId = lost.Entries![0]!.EventId!;
    const delivery = await bus.waitForDelivery((d) => d.eventId === lostId);
    expect(delivery).toMatchObject({ ok: false, attempts: 3 });
    expect(delivery.error).toMatch(/^GoneException: push failed/);
    expect(received.filter((r) => r.event.id === lostId)).toHaveLength(3);
    expect(logs).toContainEqual(
      expect.stringMatching(new RegExp(`^error: riderLocations → flaky failed after 3 .*${lostId}`)),
    );
  });

  it('refuses malformed entries one by one, and too many entries as a whole', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: BUS,
            Source: 'test.orders',
            DetailType: 'OrderStatusChanged',
            Detail: '{"ok":true}',
          },
          { EventBusName: BUS, Source: 'test.orders', DetailType: 'OrderStatusChanged', Detail: 'not json' },
          { EventBusName: BUS, DetailType: 'OrderStatusChanged', Detail: '{}' },
          { EventBusName: 'no-such-bus', Source: 'test.orders', DetailType: 'X', Detail: '{}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries!.map((e) => e.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
    ]);
    const eleven = Array.from({ length: 11 }, () => ({
      EventBusName: BUS,
      Source: 'test.orders',
      DetailType: 'X',
      Detail: '{}',
    }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('routes nothing from the default bus (the rules live on the custom bus)', async () => {
    const orderId = randomUUID();
    await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'test.orders',
            DetailType: 'OrderStatusChanged',
            Detail: JSON.stringify({ orderId, status: 'CONFIRMED', totalPaise: 50000 }),
          },
        ],
      }),
    );
    const logged = await bus.waitFor((e) => e.detail.orderId === orderId);
    expect(logged.busName).toBe('default');
    await bus.idle();
    expect(received).toHaveLength(0);
    expect(logs).toContainEqual(
      expect.stringMatching(/^warn: OrderStatusChanged was put on the "default" bus/),
    );
  });
});

// The publisher checks a detail against the same schema its consumers parse with, so a detail they
// would drop fails at the producer and never reaches the bus.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../contract/events';
import type { OrderStatusChangedDetail } from '../../contract/schemas/events';
import { publishDeliveryLocationUpdated, publishOrderStatusChanged } from '../../functions/core/events';

const bus = mockClient(EventBridgeClient);
const busName = process.env.EVENT_BUS_NAME;
beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  process.env.EVENT_BUS_NAME = 'orders-test';
});
afterAll(() => {
  bus.restore();
  if (busName === undefined) delete process.env.EVENT_BUS_NAME;
  else process.env.EVENT_BUS_NAME = busName;
});

const detail: OrderStatusChangedDetail = {
  orderId: 'o-1',
  userId: 'u-1',
  status: 'confirmed',
  previousStatus: 'awaiting_payment',
  at: '2026-12-01T10:00:00.000Z',
};

describe('publishing order events', () => {
  it('puts a valid detail on the bus as declared', async () => {
    await publishOrderStatusChanged(detail);
    const [entry] = bus.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({
      EventBusName: 'orders-test',
      Source: EVENT_SOURCE,
      DetailType: 'OrderStatusChanged',
    });
    expect(JSON.parse(entry!.Detail!)).toEqual(detail);
  });

  it('refuses a detail the consumers would drop, without putting it', async () => {
    const wrong = { ...detail, status: 'shipped' } as unknown as OrderStatusChangedDetail;
    await expect(publishOrderStatusChanged(wrong)).rejects.toThrow(/status/);
    const offMap = { orderId: 'o-1', userId: 'u-1', lat: 91, lng: 0, at: detail.at };
    await expect(publishDeliveryLocationUpdated(offMap)).rejects.toThrow(/lat/);
    expect(bus.commandCalls(PutEventsCommand)).toEqual([]);
  });
});

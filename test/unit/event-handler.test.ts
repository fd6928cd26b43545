// The EventBridge edge: a well-formed event reaches `run` typed; a malformed one, or one the
// consumer does not take, is logged, counted and dropped without running; a failure in `run` is
// thrown on so Lambda retries it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';
import { DeliveryLocationUpdatedDetail, OrderStatusChangedDetail } from '../../contract/schemas/events';
import { eventHandler } from '../../functions/core/event-handler';
import { logger } from '../../functions/core/logger';
import { countDroppedEvent } from '../../functions/core/metrics';

vi.mock('../../functions/core/metrics', () => ({
  countDroppedEvent: vi.fn(),
  countColdStart: vi.fn(),
  flushMetrics: vi.fn(),
}));

const envelope = (detailType: string, detail: unknown) => ({
  version: '0',
  id: 'e-1',
  'detail-type': detailType,
  source: EVENT_SOURCE,
  account: '000000000000',
  time: '2026-12-01T10:00:00Z',
  region: 'ap-south-1',
  resources: [],
  detail,
});

const statusChanged = {
  orderId: 'o-1',
  userId: 'u-1',
  status: 'confirmed',
  previousStatus: 'awaiting_payment',
  at: '2026-12-01T10:00:00.000Z',
};
const located = { orderId: 'o-1', userId: 'u-1', lat: 12.97, lng: 77.59, etaMinutes: 6, at: 'now' };

const dropped = { outcome: 'dropped' };
const seen: unknown[] = [];
const handler = eventHandler(
  { OrderStatusChanged: OrderStatusChangedDetail, DeliveryLocationUpdated: DeliveryLocationUpdatedDetail },
  async (event) => {
    seen.push(event);
    return { outcome: 'ran', type: event.detailType };
  },
  dropped,
);

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  seen.length = 0;
  vi.mocked(countDroppedEvent).mockClear();
  warn = vi.spyOn(logger, 'warn');
});
afterEach(() => warn.mockRestore());

const expectDropped = async (event: unknown, reason: string) => {
  expect(await handler(event)).toBe(dropped);
  expect(seen).toEqual([]);
  expect(countDroppedEvent).toHaveBeenCalledTimes(1);
  expect(warn).toHaveBeenCalledWith('dropped an event', expect.objectContaining({ reason }));
};

describe('eventHandler', () => {
  it('runs a valid event with its typed detail, filling what the schema defaults', async () => {
    const { previousStatus: _, ...firstStatus } = statusChanged;
    expect(await handler(envelope(eventTypes.orderStatusChanged, firstStatus))).toEqual({
      outcome: 'ran',
      type: 'OrderStatusChanged',
    });
    expect(seen).toEqual([
      {
        id: 'e-1',
        time: '2026-12-01T10:00:00Z',
        detailType: 'OrderStatusChanged',
        detail: { ...firstStatus, previousStatus: null },
      },
    ]);
    expect(countDroppedEvent).not.toHaveBeenCalled();
  });

  it('picks the schema by detail-type', async () => {
    expect(await handler(envelope(eventTypes.deliveryLocationUpdated, located))).toEqual({
      outcome: 'ran',
      type: 'DeliveryLocationUpdated',
    });
    expect(seen).toEqual([expect.objectContaining({ detail: located })]);
  });

  it.each([
    ['a status that is not an order status', { ...statusChanged, status: 'CONFIRMED' }],
    ['an id with a slash', { ...statusChanged, orderId: 'o/1' }],
    ['a number for a string', { ...statusChanged, at: 1733047200 }],
    ['the other event’s detail', located],
    ['no detail at all', undefined],
    ['an array', [statusChanged]],
  ])('drops an OrderStatusChanged with the wrong detail: %s', async (_, detail) => {
    await expectDropped(envelope(eventTypes.orderStatusChanged, detail), 'malformed detail');
    expect(warn).toHaveBeenCalledWith(
      'dropped an event',
      expect.objectContaining({ id: 'e-1', detailType: 'OrderStatusChanged', issues: expect.any(Array) }),
    );
  });

  it.each(['orderId', 'userId', 'status', 'at'])('drops an OrderStatusChanged missing %s', async (field) => {
    const { [field as keyof typeof statusChanged]: _, ...detail } = statusChanged;
    await expectDropped(envelope(eventTypes.orderStatusChanged, detail), 'malformed detail');
    const logged = warn.mock.calls[0]![1] as { issues: { path: unknown[] }[] };
    expect(logged.issues.map((issue) => issue.path)).toEqual([[field]]);
  });

  it('drops a DeliveryLocationUpdated off the map', async () => {
    await expectDropped(
      envelope(eventTypes.deliveryLocationUpdated, { ...located, lat: 200 }),
      'malformed detail',
    );
  });

  it.each([
    ['a detail-type it does not take', envelope('OrderPlaced', statusChanged)],
    ['a detail-type named like an object property', envelope('constructor', statusChanged)],
  ])('drops %s', async (_, event) => {
    await expectDropped(event, 'not an event this consumer takes');
  });

  it.each([
    ['null', null],
    ['a string', 'OrderStatusChanged'],
    [
      'no detail-type',
      { ...envelope(eventTypes.orderStatusChanged, statusChanged), 'detail-type': undefined },
    ],
    ['no id', { ...envelope(eventTypes.orderStatusChanged, statusChanged), id: '' }],
  ])('drops what is not an EventBridge event: %s', async (_, event) => {
    await expectDropped(event, 'not an EventBridge event');
  });

  it('throws a failure of run on, uncounted, after logging it (its log context: observability-logs.test.ts)', async () => {
    const failing = eventHandler(
      { OrderStatusChanged: OrderStatusChangedDetail },
      async () => {
        throw new Error('push failed');
      },
      dropped,
    );
    await expect(failing(envelope(eventTypes.orderStatusChanged, statusChanged))).rejects.toThrow(
      'push failed',
    );
    expect(countDroppedEvent).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      'event handling failed',
      expect.objectContaining({ error: expect.any(Error) }),
    );
  });
});

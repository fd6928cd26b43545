// A stored change of an order → the events it stands for: what the saga's consumers took from the
// publish-after-write code before (no event for a new `pending` order; one per status change; the
// rider's position), now cut from the stream's old and new images.
import { describe, expect, it } from 'vitest';
import { eventsFromOrderChange, type OrderImage } from '../../functions/core/orders/change-events';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:00:05.000Z';
const T2 = '2026-12-01T10:00:09.000Z';

const pending: OrderImage = {
  orderId: 'o-1',
  userId: 'u-1',
  status: 'pending',
  timeline: [{ status: 'pending', at: T0 }],
  updatedAt: T0,
};
const awaiting: OrderImage = {
  ...pending,
  status: 'awaiting_payment',
  timeline: [...pending.timeline!, { status: 'awaiting_payment', at: T1 }],
  updatedAt: T1,
};
const pickedUp: OrderImage = {
  ...pending,
  status: 'picked_up',
  timeline: [
    { status: 'pending', at: T0 },
    { status: 'picked_up', at: T1 },
  ],
  updatedAt: T1,
};
const located: OrderImage = {
  ...pickedUp,
  currentLocation: { lat: 12.97, lng: 77.64, at: T2 },
  etaMinutes: 7,
  updatedAt: T2,
};

describe('eventsFromOrderChange', () => {
  it.each([
    ['INSERT of a pending order (no consumer takes pending)', undefined, pending],
    ['REMOVE', awaiting, undefined],
    ['same status, other fields changed', awaiting, { ...awaiting, updatedAt: T2, cancelRequested: true }],
    ['the same location written again', located, { ...located, updatedAt: '2026-12-01T10:00:10.000Z' }],
    ['etaMinutes removed on delivery, location kept', located, { ...located, etaMinutes: undefined }],
  ] as const)('%s → nothing', (_case, before, after) => {
    expect(eventsFromOrderChange(before as OrderImage | undefined, after as OrderImage | undefined)).toEqual(
      [],
    );
  });

  it('a status change → one OrderStatusChanged, previousStatus from the old image, `at` from the timeline', () => {
    expect(eventsFromOrderChange(pending, { ...awaiting, updatedAt: T2 })).toEqual([
      {
        detailType: 'OrderStatusChanged',
        detail: {
          orderId: 'o-1',
          userId: 'u-1',
          status: 'awaiting_payment',
          previousStatus: 'pending',
          at: T1,
        },
      },
    ]);
  });

  it('a status entered twice takes its latest timeline entry', () => {
    const again: OrderImage = {
      ...awaiting,
      status: 'confirmed',
      timeline: [...awaiting.timeline!, { status: 'confirmed', at: T1 }, { status: 'confirmed', at: T2 }],
    };
    expect(eventsFromOrderChange(awaiting, again)[0]?.detail.at).toBe(T2);
  });

  it('a new rider position → DeliveryLocationUpdated with the ETA', () => {
    expect(eventsFromOrderChange(pickedUp, located)).toEqual([
      {
        detailType: 'DeliveryLocationUpdated',
        detail: { orderId: 'o-1', userId: 'u-1', lat: 12.97, lng: 77.64, etaMinutes: 7, at: T2 },
      },
    ]);
    const moved = { ...located, currentLocation: { lat: 12.98, lng: 77.64, at: '2026-12-01T10:00:20.000Z' } };
    expect(eventsFromOrderChange(located, moved).map((e) => e.detailType)).toEqual([
      'DeliveryLocationUpdated',
    ]);
  });

  it('a status change and a position in one write → both, the position first', () => {
    const delivered: OrderImage = {
      ...located,
      status: 'delivered',
      currentLocation: { lat: 12.9719, lng: 77.6412, at: T2 },
      timeline: [...pickedUp.timeline!, { status: 'delivered', at: T2 }],
    };
    expect(eventsFromOrderChange(pickedUp, delivered).map((e) => e.detailType)).toEqual([
      'DeliveryLocationUpdated',
      'OrderStatusChanged',
    ]);
  });
});

// Riders, assignment and tracking through the local HTTP API, the saga and the local EventBridge:
// a paid order gets the nearest free rider by itself, waits when none is free, moves forward only
// under its own rider, and its watchers see the rider's location. Each test works in its own area
// (a degree of latitude apart, far beyond the search radius), so riders of one test never reach
// another test's orders.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { assignRider } from '../../functions/core/delivery';
import { readRider } from '../../functions/core/delivery/riders';
import { publishOrderStatusChanged } from '../../functions/core/events';
import { readOrder } from '../../functions/core/orders';
import { signDevToken } from '../../local/dev/auth';
import { tokenFor } from '../support/api';
import { hasStatus, stockOf, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { paidOrder } from '../support/orders';
import { WsTestClient } from '../support/ws';

const shop = useCheckoutSystem();
const api = () => shop.api();

afterEach(async () => {
  await shop.localSystem().eventBridge.idle();
});

/** ~111.2 km per degree of latitude: 0.05° north of a point is 5.56 km away. */
const KM_PER_DEGREE_LAT = (6371 * Math.PI) / 180;

let areas = 0;
/** A fresh area for one test: its own centre, well out of reach of every other test's riders. */
const newArea = () => {
  areas += 1;
  const centre = { lat: 8 + areas, lng: 77.6 };
  return {
    centre,
    /** A point `km` north of the centre. */
    north: (km: number) => ({ lat: centre.lat + km / KM_PER_DEGREE_LAT, lng: centre.lng }),
  };
};

async function riderToken(profile: { name?: string; phone_number?: string } = {}) {
  const riderId = `rider-${randomUUID().slice(0, 8)}`;
  return { riderId, token: await signDevToken(riderId, 'rider', 3600, profile) };
}

const setAvailability = (token: string, body: unknown) => api().put('/rider/availability', { token, body });

async function availableRider(location: { lat: number; lng: number }, profile = {}) {
  const rider = await riderToken(profile);
  const res = await setAvailability(rider.token, { available: true, location });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return rider;
}

/** An order to `location`, paid through /payments/verify, once the assignment consumer saw it confirmed. */
async function paidOrderAt(location: { lat: number; lng: number }) {
  const { orderId, userId, token, product } = await paidOrder(shop, {
    via: 'verify',
    quantity: 2,
    product: { stock: 10, price: 5000 },
    deliveryAddress: location,
  });
  // The assignment consumer has handled the order's OrderStatusChanged(confirmed).
  const bus = shop.localSystem().eventBridge;
  const confirmed = await bus.waitFor((e) => e.detail.orderId === orderId && e.detail.status === 'confirmed');
  await bus.waitForDelivery((d) => d.eventId === confirmed.id && d.target === 'assignRider');
  return { orderId, shopper: { userId, token }, product: product! };
}

const advance = (token: string, orderId: string, status: string) =>
  api().post(`/rider/orders/${orderId}/status`, { token, body: { status } });

describe('PUT /rider/availability', () => {
  it('records the rider, with name and phone from the token, and refuses bad input', async () => {
    const area = newArea();
    const rider = await riderToken({ name: 'Ravi Kumar', phone_number: '+919800000001' });
    const ok = await setAvailability(rider.token, { available: true, location: area.centre });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      riderId: rider.riderId,
      name: 'Ravi Kumar',
      phone: '+919800000001',
      available: true,
      location: area.centre,
    });
    expect(ok.body.currentOrderId).toBeUndefined();

    const off = await setAvailability(rider.token, { available: false, location: area.north(1) });
    expect(off.body).toMatchObject({ available: false, location: area.north(1), name: 'Ravi Kumar' });
    expect((await readRider(rider.riderId))?.freePool).toBeUndefined();

    const anonymous = await riderToken();
    const plain = await setAvailability(anonymous.token, { available: false, location: area.centre });
    expect(plain.status).toBe(200);
    expect(plain.body.name).toEqual(expect.any(String));
    expect(plain.body.phone).toBeUndefined();

    for (const body of [
      {},
      { available: true },
      { available: 'yes', location: area.centre },
      { available: true, location: { lat: 91, lng: 77 } },
      { available: true, location: { lat: 12, lng: -181 } },
      { available: true, location: area.centre, extra: 1 },
    ]) {
      const res = await setAvailability(rider.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const shopper = await setAvailability(await tokenFor('shopper'), {
      available: true,
      location: area.centre,
    });
    expect(shopper.status).toBe(403);
    expect(shopper.body.error.code).toBe('FORBIDDEN');
    expect(
      (await api().put('/rider/availability', { body: { available: true, location: area.centre } })).status,
    ).toBe(401);
  });

  it('takes a coordinate too close to 0 for DynamoDB (1e-300) as 0 instead of failing with 500', async () => {
    const rider = await riderToken();
    const res = await setAvailability(rider.token, {
      available: false,
      location: { lat: 1e-300, lng: -1e-200 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.location).toEqual({ lat: 0, lng: 0 });
  });
});

describe('rider assignment', () => {
  it('gives a paid order to the nearest free rider, and tells the shopper who is coming', async () => {
    const area = newArea();
    const far = await availableRider(area.north(6), { name: 'Far Rider' });
    const near = await availableRider(area.north(1), { name: 'Near Rider', phone_number: '+919800000002' });
    const { orderId, shopper } = await paidOrderAt(area.centre);

    const order = await waitForOrder(orderId, hasStatus('rider_assigned'));
    expect(order.rider).toEqual({ riderId: near.riderId, name: 'Near Rider', phone: '+919800000002' });
    expect((await readRider(near.riderId))?.currentOrderId).toBe(orderId);
    expect((await readRider(far.riderId))?.currentOrderId).toBeUndefined();

    const tracking = await api().get(`/orders/${orderId}/tracking`, { token: shopper.token });
    expect(tracking.status, JSON.stringify(tracking.body)).toBe(200);
    expect(tracking.body).toMatchObject({
      orderId,
      status: 'rider_assigned',
      rider: { riderId: near.riderId, name: 'Near Rider', phone: '+919800000002' },
    });
    expect(tracking.body.timeline.map((t: { status: string }) => t.status)).toEqual([
      'pending',
      'awaiting_payment',
      'confirmed',
      'rider_assigned',
    ]);
    expect(tracking.body.currentLocation).toBeUndefined();
    const notes = await api().get('/notifications', { token: shopper.token });
    expect(notes.body.items.map((n: { type: string }) => n.type)).toContain('order.rider_assigned');

    // Someone else's order does not exist.
    const stranger = await api().get(`/orders/${orderId}/tracking`, { token: await tokenFor('shopper') });
    expect(stranger.status).toBe(404);
    expect((await api().get(`/orders/${orderId}/tracking`, { token: near.token })).status).toBe(403);
  });

  it('keeps an order confirmed while no rider is free; a rider who turns available takes it', async () => {
    const area = newArea();
    const { orderId } = await paidOrderAt(area.centre);
    const waiting = await readOrder(orderId);
    expect(waiting).toMatchObject({ status: 'confirmed', awaitingRider: 'waiting' });
    expect(waiting?.rider).toBeUndefined();

    // A free rider too far away does not get it.
    const distant = await availableRider(area.north(40));
    expect((await readOrder(orderId))?.status).toBe('confirmed');

    const rider = await riderToken({ name: 'Late Rider' });
    const res = await setAvailability(rider.token, { available: true, location: area.north(2) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.currentOrderId).toBe(orderId);
    const assigned = await readOrder(orderId);
    expect(assigned).toMatchObject({ status: 'rider_assigned', rider: { riderId: rider.riderId } });
    expect(assigned?.awaitingRider).toBeUndefined();
    expect((await readRider(distant.riderId))?.currentOrderId).toBeUndefined();
  });

  it('gives one rider to exactly one of two confirmed orders, however the claims race', async () => {
    const area = newArea();
    const first = await paidOrderAt(area.centre);
    const second = await paidOrderAt(area.north(0.5));
    const rider = await riderToken();
    // The rider turning available races two (redelivered) assignment events.
    const [turnedAvailable] = await Promise.all([
      setAvailability(rider.token, { available: true, location: area.north(1) }),
      assignRider(first.orderId),
      assignRider(second.orderId),
    ]);
    expect(turnedAvailable.status).toBe(200);
    const orders = [await readOrder(first.orderId), await readOrder(second.orderId)];
    const assigned = orders.filter((o) => o?.status === 'rider_assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.rider?.riderId).toBe(rider.riderId);
    expect((await readRider(rider.riderId))?.currentOrderId).toBe(assigned[0]?.orderId);
    const other = orders.find((o) => o?.status !== 'rider_assigned');
    expect(other).toMatchObject({ status: 'confirmed', awaitingRider: 'waiting' });
    expect(other?.rider).toBeUndefined();
  });

  it('treats a duplicated OrderStatusChanged(confirmed) as a no-op', async () => {
    const area = newArea();
    const rider = await availableRider(area.north(1));
    const spare = await availableRider(area.north(3));
    const { orderId, shopper } = await paidOrderAt(area.centre);
    const before = await waitForOrder(orderId, hasStatus('rider_assigned'));

    const confirmed = before.timeline.find((t) => t.status === 'confirmed')!;
    for (let i = 0; i < 2; i++) {
      await publishOrderStatusChanged({
        orderId,
        userId: shopper.userId,
        status: 'confirmed',
        previousStatus: 'awaiting_payment',
        at: confirmed.at,
      });
    }
    await shop.localSystem().eventBridge.idle();
    const after = await readOrder(orderId);
    expect(after?.rider).toEqual(before.rider);
    expect(after?.rider?.riderId).toBe(rider.riderId);
    expect(after?.timeline).toEqual(before.timeline);
    expect((await readRider(spare.riderId))?.currentOrderId).toBeUndefined();
    expect((await readRider(spare.riderId))?.freePool).toBe('free');
    const notes = await api().get('/notifications', { token: shopper.token });
    expect(notes.body.items.filter((n: { type: string }) => n.type === 'order.rider_assigned')).toHaveLength(
      1,
    );
    // Any re-announcement carries the original time, so watchers see the same transition.
    await shop.settled();
    const announced = shop.published.filter(
      (e) => e.detail.orderId === orderId && e.detail.status === 'rider_assigned',
    );
    expect(new Set(announced.map((e) => e.detail.at))).toEqual(
      new Set([before.timeline.find((t) => t.status === 'rider_assigned')!.at]),
    );
  });

  it('frees the rider when the shopper cancels at rider_assigned; the rider then takes a waiting order', async () => {
    const area = newArea();
    const rider = await availableRider(area.north(1));
    const first = await paidOrderAt(area.centre);
    await waitForOrder(first.orderId, hasStatus('rider_assigned'));
    const second = await paidOrderAt(area.north(0.5));
    expect(await readOrder(second.orderId)).toMatchObject({ status: 'confirmed', awaitingRider: 'waiting' });

    const cancelled = await api().post(`/orders/${first.orderId}/cancel`, { token: first.shopper.token });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await stockOf(api(), first.product.productId)).toMatchObject({ available: 10, sold: 0 });

    // The cancelled order's event hands the freed rider the waiting order.
    const taken = await waitForOrder(second.orderId, hasStatus('rider_assigned'));
    expect(taken.rider?.riderId).toBe(rider.riderId);
    expect((await readRider(rider.riderId))?.currentOrderId).toBe(second.orderId);
    // The rider no longer reaches the cancelled order.
    const late = await advance(rider.token, first.orderId, 'picked_up');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STATE');
  });
});

describe('POST /rider/orders/{orderId}/status', () => {
  it('moves forward one step at a time, only for the assigned rider, and frees them on delivery', async () => {
    const area = newArea();
    const rider = await availableRider(area.north(1));
    const { orderId, shopper } = await paidOrderAt(area.centre);
    await waitForOrder(orderId, hasStatus('rider_assigned'));

    const other = await availableRider(newArea().centre);
    const stranger = await advance(other.token, orderId, 'picked_up');
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('NOT_FOUND');
    expect((await advance(await tokenFor('shopper'), orderId, 'picked_up')).status).toBe(403);
    expect((await advance(rider.token, orderId, 'confirmed')).status).toBe(400);
    expect((await advance(rider.token, 'no-such-order', 'picked_up')).status).toBe(404);

    const skip = await advance(rider.token, orderId, 'out_for_delivery');
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('INVALID_STATE');

    const picked = await advance(rider.token, orderId, 'picked_up');
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    expect(picked.body).toMatchObject({ orderId, status: 'picked_up' });
    expect(picked.body.deliveryAddress).toMatchObject(area.centre);
    expect(picked.body.payment).toBeUndefined();
    const again = await advance(rider.token, orderId, 'picked_up');
    expect(again.status).toBe(200);
    expect(again.body.timeline).toEqual(picked.body.timeline);

    expect((await advance(rider.token, orderId, 'out_for_delivery')).status).toBe(200);
    const back = await advance(rider.token, orderId, 'picked_up');
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('INVALID_STATE');

    // Past pickup the shopper can no longer cancel.
    expect((await api().post(`/orders/${orderId}/cancel`, { token: shopper.token })).status).toBe(409);

    const delivered = await advance(rider.token, orderId, 'delivered');
    expect(delivered.status).toBe(200);
    expect(delivered.body.timeline.map((t: { status: string }) => t.status).slice(-4)).toEqual([
      'rider_assigned',
      'picked_up',
      'out_for_delivery',
      'delivered',
    ]);
    const freed = await readRider(rider.riderId);
    expect(freed?.currentOrderId).toBeUndefined();
    expect(freed?.freePool).toBe('free');
    expect((await advance(rider.token, orderId, 'out_for_delivery')).status).toBe(409);
    expect((await advance(rider.token, orderId, 'delivered')).status).toBe(200);
  });
});

describe('riders racing the shopper and each other', () => {
  it('a cancel racing the rider’s pickup: exactly one wins, and stock and rider follow it', async () => {
    for (let round = 0; round < 3; round++) {
      const area = newArea();
      const rider = await availableRider(area.north(1));
      const { orderId, shopper, product } = await paidOrderAt(area.centre);
      await waitForOrder(orderId, hasStatus('rider_assigned'));

      const [cancel, pickup] = await Promise.all([
        api().post(`/orders/${orderId}/cancel`, { token: shopper.token }),
        advance(rider.token, orderId, 'picked_up'),
      ]);
      // Each loser is told 409 INVALID_STATE, never a 500; the order is where the winner put it.
      expect([cancel.status, pickup.status].sort(), JSON.stringify([cancel.body, pickup.body])).toEqual([
        200, 409,
      ]);
      const loser = cancel.status === 409 ? cancel : pickup;
      expect(loser.body.error.code).toBe('INVALID_STATE');
      const order = await readOrder(orderId);
      if (cancel.status === 200) {
        expect(order).toMatchObject({ status: 'cancelled', stock: 'returned' });
        expect(await stockOf(api(), product.productId)).toMatchObject({ available: 10, sold: 0 });
        await shop.settled();
        expect((await readRider(rider.riderId))?.currentOrderId).toBeUndefined();
      } else {
        expect(order).toMatchObject({ status: 'picked_up', stock: 'sold' });
        expect(await stockOf(api(), product.productId)).toMatchObject({ available: 8, sold: 2 });
        expect((await readRider(rider.riderId))?.currentOrderId).toBe(orderId);
      }
    }
  });

  it('gives a waiting order to exactly one of riders turning available and unavailable at once', async () => {
    const area = newArea();
    const { orderId } = await paidOrderAt(area.centre);
    expect(await readOrder(orderId)).toMatchObject({ status: 'confirmed', awaitingRider: 'waiting' });
    const riders = await Promise.all(Array.from({ length: 4 }, () => riderToken()));
    await Promise.all(
      riders.map(async (rider, i) => {
        for (const available of [true, false, true]) {
          const res = await setAvailability(rider.token, { available, location: area.north(0.5 + i / 10) });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
      }),
    );
    const assigned = await waitForOrder(orderId, hasStatus('rider_assigned'));
    await shop.settled();
    const carrying = [];
    for (const rider of riders) {
      const record = await readRider(rider.riderId);
      if (record?.currentOrderId) carrying.push({ riderId: rider.riderId, orderId: record.currentOrderId });
    }
    expect(carrying).toEqual([{ riderId: assigned.rider!.riderId, orderId }]);
  });
});

describe('POST /rider/location and tracking', () => {
  it('stores the location with an ETA, shows it in tracking and pushes it to the order’s watchers', async () => {
    const area = newArea();
    const rider = await availableRider(area.north(1));
    const { orderId, shopper } = await paidOrderAt(area.centre);
    await waitForOrder(orderId, hasStatus('rider_assigned'));

    const socket = await WsTestClient.connect(shop.localSystem().wsUrl, shopper.token);
    expect(await socket.request({ action: 'subscribe', orderId })).toEqual({ type: 'subscribed', orderId });

    expect((await advance(rider.token, orderId, 'picked_up')).status).toBe(200);
    expect(await socket.next((m) => m.type === 'order.status' && m.status === 'picked_up')).toMatchObject({
      orderId,
    });

    // 5.56 km away at the default 20 km/h: 16.7 minutes, rounded up.
    const point = area.north(0.05 * KM_PER_DEGREE_LAT);
    const sent = await api().post('/rider/location', { token: rider.token, body: { orderId, ...point } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ orderId, ...point, etaMinutes: 17 });
    const pushed = await socket.next((m) => m.type === 'delivery.location');
    expect(pushed).toEqual({
      type: 'delivery.location',
      orderId,
      ...point,
      etaMinutes: 17,
      at: sent.body.at,
    });

    const tracking = await api().get(`/orders/${orderId}/tracking`, { token: shopper.token });
    expect(tracking.body).toMatchObject({
      status: 'picked_up',
      currentLocation: { ...point, at: sent.body.at },
      etaMinutes: 17,
    });
    expect((await readRider(rider.riderId))?.location).toEqual(point);

    // At the door: never less than a minute. A faster assumed speed shortens the ETA.
    const door = await api().post('/rider/location', {
      token: rider.token,
      body: { orderId, ...area.centre },
    });
    expect(door.body.etaMinutes).toBe(1);
    process.env.RIDER_SPEED_KMPH = '40';
    try {
      const faster = await api().post('/rider/location', { token: rider.token, body: { orderId, ...point } });
      expect(faster.body.etaMinutes).toBe(9);
    } finally {
      delete process.env.RIDER_SPEED_KMPH;
    }

    // Only the assigned rider, only for a valid body, only until delivered.
    const other = await availableRider(newArea().centre);
    expect(
      (await api().post('/rider/location', { token: other.token, body: { orderId, ...point } })).status,
    ).toBe(404);
    const bad = await api().post('/rider/location', {
      token: rider.token,
      body: { orderId, lat: 100, lng: 1 },
    });
    expect(bad.status).toBe(400);
    const tiny = await api().post('/rider/location', {
      token: rider.token,
      body: { orderId, lat: area.centre.lat, lng: 1e-300 },
    });
    expect(tiny.status, JSON.stringify(tiny.body)).toBe(200);
    expect(tiny.body.lng).toBe(0);
    expect((await advance(rider.token, orderId, 'out_for_delivery')).status).toBe(200);
    expect((await advance(rider.token, orderId, 'delivered')).status).toBe(200);
    const afterDelivery = await api().post('/rider/location', {
      token: rider.token,
      body: { orderId, ...point },
    });
    expect(afterDelivery.status).toBe(409);
    expect(afterDelivery.body.error.code).toBe('INVALID_STATE');
    const final = await api().get(`/orders/${orderId}/tracking`, { token: shopper.token });
    expect(final.body.status).toBe('delivered');
    expect(final.body.etaMinutes).toBeUndefined();
    await socket.close();
  });
});

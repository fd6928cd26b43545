// The EventBridge target: an order event reaches every socket watching that order, and only those.
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';
import { functions } from '../../contract/functions';
import {
  getConnection,
  registerConnection,
  subscribeToOrder,
  watchersOf,
} from '../../functions/core/subscriptions';
import { lambdaContext, loadHandler } from '../../local/lambda-runtime';
import { tokenFor, useLocalSystem } from '../support/api';
import { seedOrder } from '../support/orders-seed';
import { WsTestClient } from '../support/ws';

const { localSystem } = useLocalSystem();

const event = (detailType: string, detail: unknown): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source: EVENT_SOURCE,
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'ap-south-1',
  resources: [],
  detail,
});

const push = async (e: EventBridgeEvent<string, unknown>) =>
  (await loadHandler(functions.pushOrderUpdate.handler))(e, lambdaContext('pushOrderUpdate'));

const isOrderUpdate = (m: { type: string }) => m.type === 'order.status' || m.type === 'delivery.location';

describe('push-order-update', () => {
  const alice = `u-alice-${randomUUID().slice(0, 6)}`;
  const bob = `u-bob-${randomUUID().slice(0, 6)}`;
  let order: string;
  let otherOrder: string;
  let bobsOrder: string;
  let watcher1: WsTestClient;
  let watcher2: WsTestClient;
  let aliceElsewhere: WsTestClient;
  let bobsSocket: WsTestClient;

  beforeAll(async () => {
    [order, otherOrder, bobsOrder] = [await seedOrder(alice), await seedOrder(alice), await seedOrder(bob)];
    const connect = async (user: string) =>
      WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', user));
    [watcher1, watcher2, aliceElsewhere, bobsSocket] = [
      await connect(alice),
      await connect(alice),
      await connect(alice),
      await connect(bob),
    ];
    await watcher1.request({ action: 'subscribe', orderId: order });
    await watcher2.request({ action: 'subscribe', orderId: order });
    await aliceElsewhere.request({ action: 'subscribe', orderId: otherOrder });
    await bobsSocket.request({ action: 'subscribe', orderId: bobsOrder });
  });

  it('delivers order.status to every watcher of the order and to no one else', async () => {
    const at = new Date().toISOString();
    const outcome = await push(
      event(eventTypes.orderStatusChanged, {
        orderId: order,
        userId: alice,
        status: 'confirmed',
        previousStatus: 'awaiting_payment',
        at,
      }),
    );
    expect(outcome).toEqual({ delivered: 2, gone: 0, failed: 0 });
    const expected = { type: 'order.status', orderId: order, status: 'confirmed', at };
    expect(await watcher1.next(isOrderUpdate)).toEqual(expected);
    expect(await watcher2.next(isOrderUpdate)).toEqual(expected);
    expect((await aliceElsewhere.drain()).filter(isOrderUpdate)).toEqual([]);
    expect((await bobsSocket.drain()).filter(isOrderUpdate)).toEqual([]);
  });

  it('delivers delivery.location with the rider’s position and ETA', async () => {
    const at = new Date().toISOString();
    await push(
      event(eventTypes.deliveryLocationUpdated, {
        orderId: order,
        userId: alice,
        lat: 12.97,
        lng: 77.59,
        etaMinutes: 6,
        at,
      }),
    );
    const expected = { type: 'delivery.location', orderId: order, lat: 12.97, lng: 77.59, etaMinutes: 6, at };
    expect(await watcher1.next(isOrderUpdate)).toEqual(expected);
    expect(await watcher2.next(isOrderUpdate)).toEqual(expected);
    expect((await bobsSocket.drain()).filter(isOrderUpdate)).toEqual([]);
  });

  it('ignores events that are malformed or not order updates', async () => {
    const ignored = { delivered: 0, gone: 0, failed: 0 };
    expect(await push(event(eventTypes.orderStatusChanged, { orderId: order }))).toEqual(ignored);
    expect(
      await push(event(eventTypes.deliveryLocationUpdated, { orderId: order, lat: 200, lng: 0, at: 'x' })),
    ).toEqual(ignored);
    expect(await push(event('OrderPlaced', { orderId: order, status: 'confirmed', at: 'x' }))).toEqual(
      ignored,
    );
    expect((await watcher1.drain()).filter(isOrderUpdate)).toEqual([]);
  });

  it('forgets a watcher whose connection is gone, and still delivers to the rest', async () => {
    const stale = `stale-${randomUUID().slice(0, 8)}=`;
    await subscribeToOrder(await registerConnection(stale, alice), order);
    expect(await watchersOf(order)).toContain(stale);

    const outcome = await push(
      event(eventTypes.orderStatusChanged, {
        orderId: order,
        userId: alice,
        status: 'rider_assigned',
        at: 'now',
      }),
    );
    expect(outcome).toEqual({ delivered: 2, gone: 1, failed: 0 });
    expect(await watchersOf(order)).not.toContain(stale);
    expect(await getConnection(stale)).toBeUndefined();
    expect((await watcher1.next(isOrderUpdate)).status).toBe('rider_assigned');
    expect((await watcher2.next(isOrderUpdate)).status).toBe('rider_assigned');
  });

  it('stops pushing to a socket once it unsubscribes', async () => {
    await watcher2.request({ action: 'unsubscribe', orderId: order });
    const outcome = await push(
      event(eventTypes.orderStatusChanged, {
        orderId: order,
        userId: alice,
        status: 'picked_up',
        at: new Date().toISOString(),
      }),
    );
    expect(outcome).toEqual({ delivered: 1, gone: 0, failed: 0 });
    expect((await watcher1.next(isOrderUpdate)).status).toBe('picked_up');
    expect((await watcher2.drain()).filter(isOrderUpdate)).toEqual([]);
  });
});

// Live updates end to end: an event put on the local EventBridge bus by the real SDK client goes
// through the declared rule to push-order-update and out of the local WebSocket gateway; and a
// real checkout, paid through the Razorpay double, tells the shopper's socket it is confirmed.
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';
import { publishOrderStatusChanged } from '../../functions/core/events';
import { tokenFor } from '../support/api';
import { useCheckoutSystem } from '../support/checkout';
import { placedOrder } from '../support/orders';
import { seedOrder } from '../support/orders-seed';
import { WsTestClient } from '../support/ws';

const shop = useCheckoutSystem();
const isOrderUpdate = (m: { type: string }) => m.type === 'order.status' || m.type === 'delivery.location';

describe('live order updates through EventBridge', () => {
  it('delivers OrderStatusChanged and DeliveryLocationUpdated put on the bus to the watching socket', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const orderId = await seedOrder(userId);
    const socket = await WsTestClient.connect(shop.localSystem().wsUrl, await tokenFor('shopper', userId));
    const bystander = await WsTestClient.connect(shop.localSystem().wsUrl, await tokenFor('shopper'));
    await socket.request({ action: 'subscribe', orderId });

    const at = new Date().toISOString();
    await publishOrderStatusChanged({
      orderId,
      userId,
      status: 'rider_assigned',
      previousStatus: 'confirmed',
      at,
    });
    expect(await socket.next(isOrderUpdate)).toEqual({
      type: 'order.status',
      orderId,
      status: 'rider_assigned',
      at,
    });

    const { FailedEntryCount } = await new EventBridgeClient({}).send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: process.env.EVENT_BUS_NAME,
            Source: EVENT_SOURCE,
            DetailType: eventTypes.deliveryLocationUpdated,
            Detail: JSON.stringify({ orderId, userId, lat: 12.9716, lng: 77.5946, etaMinutes: 4, at }),
          },
        ],
      }),
    );
    expect(FailedEntryCount).toBe(0);
    expect(await socket.next(isOrderUpdate)).toEqual({
      type: 'delivery.location',
      orderId,
      lat: 12.9716,
      lng: 77.5946,
      etaMinutes: 4,
      at,
    });
    await shop.localSystem().eventBridge.idle();
    expect((await bystander.drain()).filter(isOrderUpdate)).toEqual([]);
    await Promise.all([socket.close(), bystander.close()]);
  });

  it('tells a shopper watching a real checkout that it is confirmed once paid', async () => {
    const api = shop.api();
    const { orderId, token, razorpayOrderId } = await placedOrder(shop, {
      product: { stock: 5, price: 4000 },
    });

    const socket = await WsTestClient.connect(shop.localSystem().wsUrl, token);
    expect(await socket.request({ action: 'subscribe', orderId })).toEqual({ type: 'subscribed', orderId });

    const paid = await api.post('/dev/razorpay/pay', {
      body: { razorpay_order_id: razorpayOrderId, outcome: 'success' },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const { razorpay_order_id, razorpay_payment_id, razorpay_signature } = paid.body;
    const verified = await api.post('/payments/verify', {
      token,
      body: { orderId, razorpay_order_id, razorpay_payment_id, razorpay_signature },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);

    const confirmed = await socket.next((m) => m.type === 'order.status' && m.status === 'confirmed');
    expect(confirmed).toMatchObject({ type: 'order.status', orderId, status: 'confirmed' });
    expect(Number.isNaN(Date.parse(confirmed.at))).toBe(false);
    await socket.close();
  });
});

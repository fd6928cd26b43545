import { subscribeToOrder } from '../core/subscriptions';
import { messageHandler } from '../core/ws/handler';
import { SubscribeMessage } from '../core/ws/messages';

export const handler = messageHandler(SubscribeMessage, async ({ connection, message }) => {
  await subscribeToOrder(connection, message.orderId);
  return { type: 'subscribed', orderId: message.orderId };
});

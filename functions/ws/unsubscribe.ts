import { unsubscribeFromOrder } from '../core/subscriptions';
import { messageHandler } from '../core/ws/handler';
import { UnsubscribeMessage } from '../core/ws/messages';

export const handler = messageHandler(UnsubscribeMessage, async ({ connection, message }) => {
  await unsubscribeFromOrder(connection.connectionId, message.orderId);
  return { type: 'unsubscribed', orderId: message.orderId };
});

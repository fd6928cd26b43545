// EventBridge target for OrderStatusChanged and DeliveryLocationUpdated: tells every connection
// watching the order. A failed push (other than a gone connection) fails the invocation so Lambda
// retries it; a repeated push is harmless to a client.
import { eventHandler } from '../core/event-handler';
import { logger } from '../core/logger';
import { orderUpdateEvents, orderUpdateMessage } from '../core/ws/messages';
import { pushToOrderWatchers } from '../core/ws/order-watchers';

export const handler = eventHandler(
  orderUpdateEvents,
  async (event) => {
    const message = orderUpdateMessage(event);
    const outcome = await pushToOrderWatchers(message);
    logger.info('pushed order update', { type: message.type, ...outcome });
    if (outcome.failed > 0) throw new Error(`${outcome.failed} push(es) failed for order ${message.orderId}`);
    return outcome;
  },
  { delivered: 0, gone: 0, failed: 0 },
);

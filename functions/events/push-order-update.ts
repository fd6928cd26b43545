// EventBridge target for OrderStatusChanged and DeliveryLocationUpdated: tells every connection
// watching the order. A failed push (other than a gone connection) fails the invocation so Lambda
// retries it; a repeated push is harmless to a client.
import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '../core/logger';
import { orderUpdateMessage } from '../core/ws/messages';
import { pushToOrderWatchers } from '../core/ws/order-watchers';

export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const message = orderUpdateMessage(event['detail-type'], event.detail);
  if (!message) {
    logger.warn('ignored an event that is not an order update', {
      detailType: event['detail-type'],
      id: event.id,
    });
    return { delivered: 0, gone: 0, failed: 0 };
  }
  const outcome = await pushToOrderWatchers(message);
  logger.info('pushed order update', { type: message.type, orderId: message.orderId, ...outcome });
  if (outcome.failed > 0) throw new Error(`${outcome.failed} push(es) failed for order ${message.orderId}`);
  return outcome;
};

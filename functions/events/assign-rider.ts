// EventBridge target for OrderStatusChanged (confirmed / delivered / cancelled): a confirmed order
// gets the nearest free rider; an order that ended frees its rider for waiting orders. Repeats of
// an event change nothing; a failure throws so EventBridge/Lambda retries it.
import type { EventBridgeEvent } from 'aws-lambda';
import { assignRider, freeRiderOf } from '../core/delivery';
import { logger } from '../core/logger';
import { OrderStatusChangedDetail } from '../core/ws/messages';

export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const parsed = OrderStatusChangedDetail.safeParse(event.detail);
  if (!parsed.success) {
    logger.warn('ignored a malformed order event', { id: event.id, detailType: event['detail-type'] });
    return { outcome: 'ignored' };
  }
  const { orderId, status } = parsed.data;
  if (status === 'confirmed') {
    const result = await assignRider(orderId);
    logger.info('rider assignment', { orderId, ...result });
    return result;
  }
  if (status === 'delivered' || status === 'cancelled') {
    const claimed = await freeRiderOf(orderId);
    logger.info('order ended; its rider is free', { orderId, status, claimed });
    return { outcome: 'released', claimed };
  }
  return { outcome: 'ignored' };
};

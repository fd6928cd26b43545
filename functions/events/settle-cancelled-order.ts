// EventBridge target for OrderStatusChanged (cancelled): refunds a cancelled order's captured
// payment if the cancel itself could not (Razorpay down). A failure throws, so EventBridge and
// Lambda retry it and, past that, the DLQ alarm calls a person.
import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '../core/logger';
import { settleCancelledOrder } from '../core/orders';
import { OrderStatusChangedDetail } from '../core/ws/messages';

export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const parsed = OrderStatusChangedDetail.safeParse(event.detail);
  if (!parsed.success) {
    logger.warn('ignored a malformed order event', { id: event.id, detailType: event['detail-type'] });
    return { outcome: 'ignored' };
  }
  const outcome = await settleCancelledOrder(parsed.data.orderId);
  logger.info('cancelled order settled', { orderId: parsed.data.orderId, outcome });
  return { outcome };
};

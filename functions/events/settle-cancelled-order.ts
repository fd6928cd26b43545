// EventBridge target for OrderStatusChanged (cancelled): refunds a cancelled order's captured
// payment if the cancel itself could not (Razorpay down). A failure throws, so EventBridge and
// Lambda retry it and, past that, the DLQ alarm calls a person.
import { OrderStatusChangedDetail } from '../../contract/schemas/events';
import { eventHandler } from '../core/event-handler';
import { logger } from '../core/logger';
import { settleCancelledOrder } from '../core/orders';

export const handler = eventHandler(
  { OrderStatusChanged: OrderStatusChangedDetail },
  async ({ detail: { orderId } }) => {
    const outcome = await settleCancelledOrder(orderId);
    logger.info('cancelled order settled', { outcome });
    return { outcome };
  },
  { outcome: 'ignored' },
);

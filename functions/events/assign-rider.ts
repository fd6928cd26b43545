// EventBridge target for OrderStatusChanged (confirmed / delivered / cancelled): a confirmed order
// gets the nearest free rider; an order that ended frees its rider for waiting orders. Repeats of
// an event change nothing; a failure throws so EventBridge/Lambda retries it.
import { OrderStatusChangedDetail } from '../../contract/schemas/events';
import { assignRider, freeRiderOf } from '../core/delivery';
import { eventHandler } from '../core/event-handler';
import { logger } from '../core/logger';

const ignored = { outcome: 'ignored' } as const;

export const handler = eventHandler(
  { OrderStatusChanged: OrderStatusChangedDetail },
  async ({ detail: { orderId, status } }) => {
    if (status === 'confirmed') {
      const result = await assignRider(orderId);
      logger.info('rider assignment', { ...result });
      return result;
    }
    if (status === 'delivered' || status === 'cancelled') {
      const claimed = await freeRiderOf(orderId);
      logger.info('order ended; its rider is free', { status, claimed });
      return { outcome: 'released', claimed } as const;
    }
    return ignored;
  },
  ignored,
);

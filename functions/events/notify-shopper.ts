// EventBridge target for OrderStatusChanged (confirmed, payment_failed, cancelled, rider_assigned,
// delivered): emails and texts the shopper, each channel once per event. Its own consumer, so a
// slow or failing mail service never holds up the order; a failure throws, so Lambda retries it
// and, past its retries, the DLQ keeps it and its alarm calls a person.
import { OrderStatusChangedDetail } from '../../contract/schemas/events';
import { eventHandler } from '../core/event-handler';
import { logger } from '../core/logger';
import { sendShopperMessages } from '../core/shopper-messages';

export const handler = eventHandler(
  { OrderStatusChanged: OrderStatusChangedDetail },
  async ({ detail: { orderId, status } }) => {
    const outcome = await sendShopperMessages({ orderId, status });
    logger.info('shopper messages', { status, ...outcome });
    return outcome;
  },
  { outcome: 'ignored' },
);

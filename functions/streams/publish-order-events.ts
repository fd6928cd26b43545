// The orders table's stream consumer: each stored change becomes the events it stands for
// (OrderStatusChanged, DeliveryLocationUpdated) on the order bus. A record whose events the bus
// refused is reported back and retried from; a stream redelivers, so consumers are idempotent.
import { publishEvents } from '../core/events';
import { eventsFromOrderChange, type OrderImage } from '../core/orders/change-events';
import { streamHandler } from '../core/stream-handler';

export const handler = streamHandler<OrderImage>(async ({ oldImage, newImage }) => {
  const events = eventsFromOrderChange(oldImage, newImage);
  if (events.length > 0) await publishEvents(events);
});

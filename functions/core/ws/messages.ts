// Every message the WebSocket carries (docs/api.md "WebSocket"). The order updates are cut from the
// order events' schemas (contract/schemas/events.ts), so a push says what the event said.
import { Id } from '../../../contract/schemas/common';
import { DeliveryLocationUpdatedDetail, OrderStatusChangedDetail } from '../../../contract/schemas/events';
import * as z from '../../../contract/schemas/zod';
import type { ErrorCode } from '../errors';
import type { ParsedEvent } from '../event-handler';

// Client → server. The route (API Gateway's $request.body.action) has already picked the action.
export const SubscribeMessage = z.object({ action: z.literal('subscribe'), orderId: Id });
export const UnsubscribeMessage = z.object({ action: z.literal('unsubscribe'), orderId: Id });

// Server → client: an order event without the ids only the server needs (userId, previousStatus).
export const OrderStatusMessage = z.object({
  type: z.literal('order.status'),
  ...OrderStatusChangedDetail.pick({ orderId: true, status: true, at: true }).shape,
});
export const DeliveryLocationMessage = z.object({
  type: z.literal('delivery.location'),
  ...DeliveryLocationUpdatedDetail.omit({ userId: true }).shape,
});
export type OrderUpdateMessage =
  | z.output<typeof OrderStatusMessage>
  | z.output<typeof DeliveryLocationMessage>;

export type ServerMessage =
  | { type: 'subscribed'; orderId: string }
  | { type: 'unsubscribed'; orderId: string }
  | { type: 'pong' }
  | {
      type: 'error';
      code: ErrorCode | 'INTERNAL_ERROR';
      message: string;
      orderId?: string;
      details?: unknown;
    }
  | OrderUpdateMessage;

/** The order events a watcher is told about. */
export const orderUpdateEvents = {
  OrderStatusChanged: OrderStatusChangedDetail,
  DeliveryLocationUpdated: DeliveryLocationUpdatedDetail,
};

/** The message an order event becomes. */
export function orderUpdateMessage(event: ParsedEvent<typeof orderUpdateEvents>): OrderUpdateMessage {
  if (event.detailType === 'OrderStatusChanged') {
    const { orderId, status, at } = event.detail;
    return { type: 'order.status', orderId, status, at };
  }
  const { orderId, lat, lng, etaMinutes, at } = event.detail;
  return {
    type: 'delivery.location',
    orderId,
    lat,
    lng,
    ...(etaMinutes === undefined ? {} : { etaMinutes }),
    at,
  };
}

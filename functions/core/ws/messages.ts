// Every message the WebSocket carries (API.md "WebSocket"), and the order events that become them.
import { eventTypes } from '../../../contract/events';
import { Id, Timestamp } from '../../../contract/schemas/common';
import * as z from '../../../contract/schemas/zod';
import type { ErrorCode } from '../errors';

// Client → server. The route (API Gateway's $request.body.action) has already picked the action.
export const SubscribeMessage = z.object({ action: z.literal('subscribe'), orderId: Id });
export const UnsubscribeMessage = z.object({ action: z.literal('unsubscribe'), orderId: Id });

// Server → client.
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

export type OrderUpdateMessage =
  | { type: 'order.status'; orderId: string; status: string; at: string }
  | {
      type: 'delivery.location';
      orderId: string;
      lat: number;
      lng: number;
      etaMinutes?: number;
      at: string;
    };

// The `detail` of the events contract/events.ts declares; only what the push needs is read.
export const OrderStatusChangedDetail = z.object({
  orderId: Id,
  status: z.string().min(1),
  at: Timestamp,
});

export const DeliveryLocationUpdatedDetail = z.object({
  orderId: Id,
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  etaMinutes: z.number().nonnegative().optional(),
  at: Timestamp,
});

/** The message an order event becomes, or undefined for an event that is not one of ours or is malformed. */
export function orderUpdateMessage(detailType: string, detail: unknown): OrderUpdateMessage | undefined {
  if (detailType === eventTypes.orderStatusChanged) {
    const parsed = OrderStatusChangedDetail.safeParse(detail);
    return parsed.success ? { type: 'order.status', ...parsed.data } : undefined;
  }
  if (detailType === eventTypes.deliveryLocationUpdated) {
    const parsed = DeliveryLocationUpdatedDetail.safeParse(detail);
    return parsed.success ? { type: 'delivery.location', ...parsed.data } : undefined;
  }
  return undefined;
}

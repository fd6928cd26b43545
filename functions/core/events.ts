// Publishing order events to the EventBridge bus named by EVENT_BUS_NAME. Callers publish after
// their conditional write succeeded, and again when a retry finds the write already done, so
// delivery is at least once (docs/decisions.md: why not an outbox).
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';

let client: EventBridgeClient | undefined;
const eventBridge = () => {
  client ??= new EventBridgeClient({});
  return client;
};

export interface OrderStatusChangedDetail {
  orderId: string;
  userId: string;
  status: string;
  previousStatus: string | null;
  at: string;
}

export class EventPublishFailedError extends Error {
  override name = 'EventPublishFailedError';
}

export interface DeliveryLocationUpdatedDetail {
  orderId: string;
  userId: string;
  lat: number;
  lng: number;
  etaMinutes: number;
  at: string;
}

export const publishOrderStatusChanged = (detail: OrderStatusChangedDetail) =>
  publish(eventTypes.orderStatusChanged, detail);

export const publishDeliveryLocationUpdated = (detail: DeliveryLocationUpdatedDetail) =>
  publish(eventTypes.deliveryLocationUpdated, detail);

async function publish(detailType: string, detail: { orderId: string; at: string }): Promise<void> {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  const result = await eventBridge().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
          Time: new Date(detail.at),
        },
      ],
    }),
  );
  // PutEvents answers 200 even when an entry was refused; the count says so.
  if (result.FailedEntryCount) {
    const entry = result.Entries?.[0];
    throw new EventPublishFailedError(
      `${detailType} for ${detail.orderId} was not accepted: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
    );
  }
}

// Publishing order events to the EventBridge bus named by EVENT_BUS_NAME. The one caller in the
// system is the orders table's stream consumer (functions/streams/publish-order-events.ts): events
// are cut from the stored change, so delivery is at least once (docs/decisions.md, 2026-12-01).
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type EventName, eventTypes } from '../../contract/events';
import {
  type DeliveryLocationUpdatedDetail,
  type EventDetail,
  eventDetails,
  type OrderStatusChangedDetail,
} from '../../contract/schemas/events';
import { awsClientConfig } from './aws-client-config';

let client: EventBridgeClient | undefined;
const eventBridge = () => {
  client ??= new EventBridgeClient(awsClientConfig());
  return client;
};

export class EventPublishFailedError extends Error {
  override name = 'EventPublishFailedError';
}

/** One event for the order bus, typed by its detail-type. */
export type OrderEvent = {
  [N in EventName]: { detailType: N; detail: EventDetail<N> };
}[EventName];

export const publishOrderStatusChanged = (detail: OrderStatusChangedDetail) =>
  publishEvents([{ detailType: eventTypes.orderStatusChanged, detail }]);

export const publishDeliveryLocationUpdated = (detail: DeliveryLocationUpdatedDetail) =>
  publishEvents([{ detailType: eventTypes.deliveryLocationUpdated, detail }]);

/** PutEvents takes at most 10 entries a call. */
const MAX_ENTRIES = 10;

/** Puts the events on the bus in order; throws if any was refused (a retry puts them again). */
export async function publishEvents(events: readonly OrderEvent[]): Promise<void> {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  // The consumers parse with the same schemas: a detail they would drop fails here, at its cause.
  const entries = events.map(({ detailType, detail }) => {
    const checked = eventDetails[detailType].parse(detail);
    return {
      EventBusName: busName,
      Source: EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(checked),
      Time: new Date(checked.at),
      orderId: checked.orderId,
    };
  });
  for (let start = 0; start < entries.length; start += MAX_ENTRIES) {
    const chunk = entries.slice(start, start + MAX_ENTRIES);
    const result = await eventBridge().send(
      new PutEventsCommand({ Entries: chunk.map(({ orderId: _, ...entry }) => entry) }),
    );
    // PutEvents answers 200 even when an entry was refused; the count says so.
    if (result.FailedEntryCount) {
      const index = result.Entries?.findIndex((e) => e.ErrorCode) ?? -1;
      const refused = chunk[Math.max(index, 0)]!;
      const entry = result.Entries?.[index];
      throw new EventPublishFailedError(
        `${refused.DetailType} for ${refused.orderId} was not accepted: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
      );
    }
  }
}

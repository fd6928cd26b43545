// Publishing order events to the EventBridge bus named by EVENT_BUS_NAME. Callers publish after
// their conditional write succeeded, and again when a retry finds the write already done, so
// delivery is at least once (docs/decisions.md: why not an outbox).
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type EventName, eventTypes } from '../../contract/events';
import {
  type DeliveryLocationUpdatedDetail,
  type EventDetail,
  eventDetails,
  type OrderStatusChangedDetail,
} from '../../contract/schemas/events';
import { traced } from './tracer';

let client: EventBridgeClient | undefined;
const eventBridge = () => {
  client ??= traced(new EventBridgeClient({}));
  return client;
};

export class EventPublishFailedError extends Error {
  override name = 'EventPublishFailedError';
}

export const publishOrderStatusChanged = (detail: OrderStatusChangedDetail) =>
  publish(eventTypes.orderStatusChanged, detail);

export const publishDeliveryLocationUpdated = (detail: DeliveryLocationUpdatedDetail) =>
  publish(eventTypes.deliveryLocationUpdated, detail);

async function publish<N extends EventName>(detailType: N, detail: EventDetail<N>): Promise<void> {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  // The consumers parse with the same schema: a detail they would drop fails here, at its cause.
  const checked = eventDetails[detailType].parse(detail);
  const result = await eventBridge().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify(checked),
          Time: new Date(checked.at),
        },
      ],
    }),
  );
  // PutEvents answers 200 even when an entry was refused; the count says so.
  if (result.FailedEntryCount) {
    const entry = result.Entries?.[0];
    throw new EventPublishFailedError(
      `${detailType} for ${checked.orderId} was not accepted: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
    );
  }
}

// The one declaration of the order event bus: what is published (source + detail-type) and
// which rule sends it where. CDK builds the rules; the local EventBridge endpoint matches the same
// patterns. Event names are Resource + past-tense verb (docs/conventions.md); each detail's schema
// is in contract/schemas/events.ts.

export const EVENT_SOURCE = 'quick-commerce.orders';

export const eventTypes = {
  /** detail: OrderStatusChangedDetail { orderId, userId, status, previousStatus, at } */
  orderStatusChanged: 'OrderStatusChanged',
  /** detail: DeliveryLocationUpdatedDetail { orderId, userId, lat, lng, etaMinutes, at } */
  deliveryLocationUpdated: 'DeliveryLocationUpdated',
} as const;

export type EventName = (typeof eventTypes)[keyof typeof eventTypes];

export interface EventRuleDeclaration {
  description: string;
  /** An EventBridge event pattern (source / detail-type / detail matching). */
  pattern: { source?: string[]; 'detail-type'?: string[]; detail?: Record<string, unknown> };
  /** Names in contract/functions.ts. */
  targets: string[];
}

export const eventRules = {
  orderUpdatesToWatchers: {
    description: 'Order status changes and rider locations, pushed to the order’s WebSocket watchers',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [eventTypes.orderStatusChanged, eventTypes.deliveryLocationUpdated],
    },
    targets: ['pushOrderUpdate'],
  },
  riderAssignment: {
    description: 'Confirmed orders get a rider; delivered or cancelled orders free theirs for waiting orders',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [eventTypes.orderStatusChanged],
      detail: { status: ['confirmed', 'delivered', 'cancelled'] },
    },
    targets: ['assignRider'],
  },
  cancelledOrderRefunds: {
    description: 'A cancelled order whose captured payment is not refunded yet gets its refund',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [eventTypes.orderStatusChanged],
      detail: { status: ['cancelled'] },
    },
    targets: ['settleCancelledOrder'],
  },
  shopperMessages: {
    description: 'Order events a shopper hears about by email and SMS',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [eventTypes.orderStatusChanged],
      detail: { status: ['confirmed', 'payment_failed', 'cancelled', 'rider_assigned', 'delivered'] },
    },
    targets: ['notifyShopper'],
  },
} satisfies Record<string, EventRuleDeclaration>;

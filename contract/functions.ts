// The one declaration of every function that is not behind an HTTP route: the checkout saga's
// tasks, WebSocket handlers and event consumers. The CDK stack makes one NodejsFunction each;
// the local runtime invokes the same entry files.
//
// Saga tasks are referenced from statemachines/checkout.asl.json as "${<name>FunctionArn}"
// (e.g. "${reserveStockFunctionArn}"); CDK substitutes the real ARN, the local Step Functions
// endpoint maps the same placeholder back to the entry file here.
import type { Grants } from './grants';
import type { TableKey } from './tables';

export interface FunctionDeclaration {
  /** Entry file, relative to the project root; it exports `handler`. */
  handler: string;
  description: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  grants?: Grants;
  /** Invoked on this schedule (EventBridge Scheduler in AWS, a timer in the local runtime). */
  schedule?: { everyMinutes: number };
  /** Wired by CDK as this Cognito user pool trigger (AWS only; local dev tokens carry their role). */
  userPoolTrigger?: 'preTokenGeneration' | 'postConfirmation';
  /** Consumes this table's change stream (a Lambda event source mapping in AWS, the stream poller
   *  locally): it is invoked with a DynamoDBStreamEvent and answers a DynamoDBBatchResponse. */
  tableStream?: TableKey;
  /** Calls the Razorpay API, so its bundle carries the SDK (and has the larger budget). */
  callsRazorpay?: boolean;
}

export const functions = {
  // WebSocket API (routes and the $connect authorizer in contract/websocket.ts)
  wsAuthorize: {
    handler: 'functions/ws/authorize.ts',
    description: 'WebSocket $connect authorizer: verifies the Cognito token in ?token=',
    timeoutSeconds: 10,
  },
  wsConnect: {
    handler: 'functions/ws/connect.ts',
    description: 'WebSocket $connect: records the connection of the caller the authorizer verified',
    grants: { tables: { connections: 'readwrite' } },
  },
  wsDisconnect: {
    handler: 'functions/ws/disconnect.ts',
    description: 'WebSocket $disconnect: forgets the connection and its subscriptions',
    grants: { tables: { connections: 'readwrite' } },
  },
  wsSubscribe: {
    handler: 'functions/ws/subscribe.ts',
    description: 'WebSocket subscribe: watch one of the caller’s orders',
    grants: { tables: { connections: 'readwrite', orders: 'read' }, webSocketManagement: true },
  },
  wsUnsubscribe: {
    handler: 'functions/ws/unsubscribe.ts',
    description: 'WebSocket unsubscribe: stop watching an order',
    grants: { tables: { connections: 'readwrite' }, webSocketManagement: true },
  },
  wsDefault: {
    handler: 'functions/ws/default.ts',
    description: 'WebSocket $default: answers an unknown action with an error message',
    grants: { tables: { connections: 'read' }, webSocketManagement: true },
  },

  // HTTP API $default route (contract/routes/index.ts `unmatchedRoute`)
  httpNotFound: {
    handler: 'functions/http/not-found.ts',
    description: 'HTTP API $default route: 404 NOT_FOUND in the error shape for a request no route matches',
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  // Table stream consumers (the order events are cut from the stored changes)
  publishOrderEvents: {
    handler: 'functions/streams/publish-order-events.ts',
    description: 'Orders table stream → OrderStatusChanged / DeliveryLocationUpdated on the order bus',
    timeoutSeconds: 30,
    tableStream: 'orders',
    grants: { eventBus: true },
  },
  summariseStock: {
    handler: 'functions/streams/summarise-stock.ts',
    description:
      'Products table stream → the display summary of sharded products’ stock; drains retired shards',
    timeoutSeconds: 30,
    tableStream: 'products',
    grants: { tables: { products: 'readwrite' } },
  },

  // Event consumers (rules in contract/events.ts)
  pushOrderUpdate: {
    handler: 'functions/events/push-order-update.ts',
    description: 'Pushes order status and rider location to the order’s WebSocket watchers',
    grants: { tables: { connections: 'readwrite' }, webSocketManagement: true },
  },
  settleCancelledOrder: {
    handler: 'functions/events/settle-cancelled-order.ts',
    description:
      'Cancelled order → refunds its captured payment if the cancel itself could not; tells the shopper',
    timeoutSeconds: 30,
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite', notifications: 'readwrite' },
      razorpay: true,
    },
    callsRazorpay: true,
  },
  assignRider: {
    handler: 'functions/events/assign-rider.ts',
    description:
      'Confirmed order → nearest free rider (one transaction), else it waits; an ended order frees its rider',
    timeoutSeconds: 20,
    grants: {
      tables: { orders: 'readwrite', riders: 'readwrite', notifications: 'readwrite' },
    },
  },

  notifyShopper: {
    handler: 'functions/events/notify-shopper.ts',
    description: 'Order event → email (SES) and SMS (SNS) to the shopper, once per event and channel',
    timeoutSeconds: 30,
    grants: { tables: { orders: 'read', control: 'readwrite' }, email: true, sms: true },
  },

  // Checkout saga tasks (statemachines/checkout.asl.json, as "${<name>FunctionArn}")
  reserveStock: {
    handler: 'functions/saga/reserve-stock.ts',
    description: 'Saga: reserves every line in one transaction, guarded by the order (stock none → reserved)',
    timeoutSeconds: 20,
    grants: { tables: { orders: 'readwrite', products: 'readwrite' } },
  },
  createPaymentOrder: {
    handler: 'functions/saga/create-payment-order.ts',
    description: 'Saga: creates the Razorpay order; the order becomes awaiting_payment',
    timeoutSeconds: 20,
    grants: {
      tables: { orders: 'readwrite', control: 'readwrite', notifications: 'readwrite' },
      razorpay: true,
    },
    callsRazorpay: true,
  },
  awaitPayment: {
    handler: 'functions/saga/await-payment.ts',
    description:
      'Saga: stores the AwaitPayment task token in its own control item (resumes at once if already paid or cancelled)',
    timeoutSeconds: 10,
    grants: { tables: { orders: 'read', control: 'readwrite' }, stateMachine: ['taskResponse'] },
  },
  verifyPayment: {
    handler: 'functions/saga/verify-payment.ts',
    description: 'Saga: checks the signalled payment with Razorpay (order, amount, currency) and captures it',
    timeoutSeconds: 20,
    grants: { tables: { orders: 'readwrite', control: 'readwrite' }, razorpay: true },
    callsRazorpay: true,
  },
  confirmOrder: {
    handler: 'functions/saga/confirm-order.ts',
    description:
      'Saga: reserved → sold and the order confirmed in one transaction; clears the cart; notifies',
    timeoutSeconds: 20,
    grants: {
      tables: { orders: 'readwrite', products: 'readwrite', carts: 'readwrite', notifications: 'readwrite' },
    },
  },
  refundPayment: {
    handler: 'functions/saga/refund-payment.ts',
    description: 'Saga compensation: closes the order to payment signals, refunds a captured payment',
    timeoutSeconds: 30,
    grants: { tables: { orders: 'readwrite', control: 'readwrite' }, razorpay: true },
    callsRazorpay: true,
  },
  releaseStock: {
    handler: 'functions/saga/release-stock.ts',
    description:
      'Saga compensation: releases the reservation, guarded by the order (stock reserved → released)',
    timeoutSeconds: 20,
    grants: { tables: { orders: 'readwrite', products: 'readwrite' } },
  },
  closeOrder: {
    handler: 'functions/saga/close-order.ts',
    description:
      'Saga compensation: terminal status (rejected / payment_failed / cancelled), shopper notified',
    timeoutSeconds: 20,
    grants: { tables: { orders: 'readwrite', notifications: 'readwrite' } },
  },

  // Scheduled
  reconcileOrders: {
    handler: 'functions/schedule/reconcile-orders.ts',
    description:
      'Every minute: orders past their deadline and not settled are driven to their end (confirm, refund, or release and fail)',
    timeoutSeconds: 120,
    schedule: { everyMinutes: 1 },
    grants: {
      tables: {
        orders: 'readwrite',
        products: 'readwrite',
        carts: 'readwrite',
        control: 'readwrite',
        notifications: 'readwrite',
      },
      razorpay: true,
      eventBus: true,
      stateMachine: ['describe', 'stop', 'taskResponse'],
    },
    callsRazorpay: true,
  },

  // Cognito (AWS only)
  defaultRole: {
    handler: 'functions/cognito/default-role.ts',
    description: 'Cognito pre-token-generation: a self-signed-up user without a role gets role=shopper',
    userPoolTrigger: 'preTokenGeneration',
  },
  joinShopperGroup: {
    handler: 'functions/cognito/join-shopper-group.ts',
    description:
      'Cognito post-confirmation: a new sign-up joins the shopper group, so ID and access tokens carry the role',
    timeoutSeconds: 10,
    userPoolTrigger: 'postConfirmation',
  },
} satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;

/** The ASL placeholder for a function's ARN. */
export const functionArnPlaceholder = (name: string) => `${name}FunctionArn`;

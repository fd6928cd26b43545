// The one declaration of every function that is not behind an HTTP route: the checkout saga's
// tasks, WebSocket handlers and event consumers. The CDK stack makes one NodejsFunction each;
// the local runtime invokes the same entry files.
//
// Saga tasks are referenced from statemachines/checkout.asl.json as "${<name>FunctionArn}"
// (e.g. "${reserveStockFunctionArn}"); CDK substitutes the real ARN, the local Step Functions
// endpoint maps the same placeholder back to the entry file here.
import type { Grants } from './grants';

export interface FunctionDeclaration {
  /** Entry file, relative to the project root; it exports `handler`. */
  handler: string;
  description: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  grants?: Grants;
}

export const functions = {
  // WebSocket API (routes in infra/websocket.ts)
  wsConnect: {
    handler: 'functions/ws/connect.ts',
    description: 'WebSocket $connect: verifies ?token= and records the connection',
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

  // Event consumers (rules in infra/events.ts)
  pushOrderUpdate: {
    handler: 'functions/events/push-order-update.ts',
    description: 'Pushes order status and rider location to the order’s WebSocket watchers',
    grants: { tables: { connections: 'readwrite' }, webSocketManagement: true },
  },
} satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;

/** The ASL placeholder for a function's ARN. */
export const functionArnPlaceholder = (name: string) => `${name}FunctionArn`;

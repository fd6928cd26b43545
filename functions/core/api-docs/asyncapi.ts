// The AsyncAPI 3.0 document of the WebSocket API (docs/api.md "WebSocket"), its payloads generated
// from the zod schemas the WebSocket functions parse and push with.
import { Id } from '../../../contract/schemas/common';
import * as z from '../../../contract/schemas/zod';
import { connectAuthorizer } from '../../../contract/websocket';
import {
  DeliveryLocationMessage,
  OrderStatusMessage,
  SubscribeMessage,
  UnsubscribeMessage,
} from '../ws/messages';

/** Keeps the connection inside API Gateway's 10-minute idle limit. */
const PingMessage = z.object({ action: z.literal('ping') });

const serverMessages = {
  subscribed: z.object({ type: z.literal('subscribed'), orderId: Id }),
  unsubscribed: z.object({ type: z.literal('unsubscribed'), orderId: Id }),
  error: z.object({
    type: z.literal('error'),
    code: z.string().meta({ description: 'An error code of docs/api.md, e.g. NOT_FOUND' }),
    message: z.string(),
    orderId: Id.optional(),
    details: z.unknown().optional(),
  }),
  pong: z.object({ type: z.literal('pong') }),
  orderStatus: OrderStatusMessage,
  deliveryLocation: DeliveryLocationMessage,
};

const clientMessages = { subscribe: SubscribeMessage, unsubscribe: UnsubscribeMessage, ping: PingMessage };

const summaries: Record<keyof typeof serverMessages | keyof typeof clientMessages, string> = {
  subscribe: 'Watch one of the caller’s orders',
  unsubscribe: 'Stop watching an order',
  ping: 'Keep the connection alive (API Gateway closes it after 10 idle minutes)',
  subscribed: 'The order is watched from now on',
  unsubscribed: 'The order is no longer watched',
  error:
    'A request was refused: NOT_FOUND for an order that is not the caller’s, VALIDATION_FAILED for a bad frame',
  pong: 'The answer to ping',
  orderStatus: 'A watched order changed status',
  deliveryLocation: 'The rider of a watched order moved; with an ETA in minutes',
};

/** A payload as the JSON Schema (draft-07) that AsyncAPI's default schema format is built on. */
const payloadOf = (schema: z.ZodType) => {
  const { $schema: _, ...payload } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' });
  return payload;
};

const messagesOf = (schemas: Record<string, z.ZodType>) =>
  Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      {
        name,
        summary: summaries[name as keyof typeof summaries],
        contentType: 'application/json',
        payload: payloadOf(schema),
      },
    ]),
  );

const messageRef = (name: string) => ({ $ref: `#/channels/orders/messages/${name}` });

/** A client request and the replies it can get. */
const request = (message: keyof typeof clientMessages, replies: (keyof typeof serverMessages)[]) => ({
  action: 'receive',
  channel: { $ref: '#/channels/orders' },
  summary: summaries[message],
  messages: [messageRef(message)],
  reply: { channel: { $ref: '#/channels/orders' }, messages: replies.map(messageRef) },
});

/** A message the server pushes on its own. */
const push = (message: keyof typeof serverMessages) => ({
  action: 'send',
  channel: { $ref: '#/channels/orders' },
  summary: summaries[message],
  messages: [messageRef(message)],
});

let document: Record<string, unknown> | undefined;

export function asyncApiDocument(): Record<string, unknown> {
  if (document) return document;
  document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Quick-commerce checkout WebSocket API',
      version: '1.0.0',
      description:
        'Live order updates. Connect with `?token=<JWT>` (checked on $connect; a bad token is refused), ' +
        'subscribe to your orders, and receive their status and the rider’s location. Every frame is JSON; ' +
        'client frames name an `action`, server frames a `type`. Reconnect and resubscribe after ' +
        'API Gateway’s 2-hour connection cap.',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:3001',
        protocol: 'ws',
        description: 'Local runtime (`npm start`)',
        security: [{ $ref: '#/components/securitySchemes/token' }],
      },
      aws: {
        host: '{apiId}.execute-api.{region}.amazonaws.com',
        pathname: '/{stage}',
        protocol: 'wss',
        description: 'Deployed WebSocket API (see the stack output WebSocketUrl)',
        variables: {
          apiId: { default: 'abcdef1234', description: 'The WebSocket API id' },
          region: { default: 'ap-south-1', description: 'Its AWS region' },
          stage: { default: 'dev', description: 'The stack’s stage (`cdk deploy -c stage=…`)' },
        },
        security: [{ $ref: '#/components/securitySchemes/token' }],
      },
    },
    channels: {
      orders: {
        address: '/',
        title: 'Order updates',
        description: 'The one connection: requests go up, replies and order updates come down.',
        messages: { ...messagesOf(clientMessages), ...messagesOf(serverMessages) },
        bindings: {
          ws: {
            query: {
              type: 'object',
              properties: {
                token: { type: 'string', description: 'The bearer JWT (browsers cannot set headers)' },
              },
              required: ['token'],
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      subscribe: request('subscribe', ['subscribed', 'error']),
      unsubscribe: request('unsubscribe', ['unsubscribed', 'error']),
      ping: request('ping', ['pong']),
      pushOrderStatus: push('orderStatus'),
      pushDeliveryLocation: push('deliveryLocation'),
    },
    components: {
      securitySchemes: {
        token: {
          type: 'httpApiKey',
          in: 'query',
          name: connectAuthorizer.identitySource.split('.').at(-1),
          description: 'The same JWT as the HTTP API’s bearer token',
        },
      },
    },
  };
  return document;
}

// GET /asyncapi.json: a valid AsyncAPI 3.0 document of the WebSocket, its payloads the very zod
// schemas the WebSocket functions use.
import { Parser } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../contract/schemas/zod';
import { asyncApiDocument } from '../../functions/core/api-docs/asyncapi';
import { SubscribeMessage } from '../../functions/core/ws/messages';

const parser = new Parser();
const errorsOf = async (document: unknown) => {
  const { diagnostics } = await parser.parse(JSON.stringify(document));
  return diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
};

interface Message {
  payload: { properties: Record<string, { const?: string; enum?: string[] }>; required?: string[] };
}
const doc = asyncApiDocument() as {
  asyncapi: string;
  channels: { orders: { messages: Record<string, Message> } };
  operations: Record<
    string,
    { action: string; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }
  >;
  components: { securitySchemes: { token: { in: string; name: string } } };
};
const messages = doc.channels.orders.messages;
const messageName = (ref: { $ref: string }) => ref.$ref.split('/').at(-1)!;

let documentErrors: string[];
beforeAll(async () => {
  documentErrors = await errorsOf(doc);
}, 60_000);

describe('AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(documentErrors).toEqual([]);
  });

  it('is refused by the parser when an operation points at a message that does not exist', async () => {
    const broken = structuredClone(doc);
    broken.operations.ping!.messages = [{ $ref: '#/channels/orders/messages/nothing' }];
    expect((await errorsOf(broken)).length).toBeGreaterThan(0);
  }, 60_000);

  it('connects with ?token=', () => {
    expect(doc.components.securitySchemes.token).toMatchObject({ in: 'query', name: 'token' });
  });

  it('has the client requests with their replies, and the two pushes', () => {
    const requests = Object.fromEntries(
      Object.values(doc.operations)
        .filter((o) => o.action === 'receive')
        .map((o) => [messageName(o.messages[0]!), o.reply!.messages.map(messageName).sort()]),
    );
    expect(requests).toEqual({
      subscribe: ['error', 'subscribed'],
      unsubscribe: ['error', 'unsubscribed'],
      ping: ['pong'],
    });
    const pushes = Object.values(doc.operations)
      .filter((o) => o.action === 'send')
      .flatMap((o) => o.messages.map(messageName));
    expect(pushes.sort()).toEqual(['deliveryLocation', 'orderStatus']);
  });

  it('names each frame by its action or type, as docs/api.md does', () => {
    const tags = Object.fromEntries(
      Object.entries(messages).map(([name, m]) => [
        name,
        m.payload.properties.action?.const ?? m.payload.properties.type?.const,
      ]),
    );
    expect(tags).toEqual({
      subscribe: 'subscribe',
      unsubscribe: 'unsubscribe',
      ping: 'ping',
      subscribed: 'subscribed',
      unsubscribed: 'unsubscribed',
      error: 'error',
      pong: 'pong',
      orderStatus: 'order.status',
      deliveryLocation: 'delivery.location',
    });
  });

  it('takes payloads from the zod schemas the WebSocket parses with', () => {
    const subscribe = messages.subscribe!.payload;
    expect(subscribe.required?.sort()).toEqual(['action', 'orderId']);
    const { $schema: _, ...fromZod } = z.toJSONSchema(SubscribeMessage, { target: 'draft-7' });
    expect(subscribe).toEqual(fromZod);
    expect(messages.orderStatus!.payload.properties.status?.enum).toContain('out_for_delivery');
    expect(messages.deliveryLocation!.payload.required?.sort()).toEqual([
      'at',
      'lat',
      'lng',
      'orderId',
      'type',
    ]);
  });
});

// GET /openapi.json must be a valid OpenAPI 3.1 document that names every deployed route.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiTags, routeList } from '../../contract/routes';
import { IdempotencyKey } from '../../contract/schemas/orders';
import { openApiDocument } from '../../functions/core/api-docs/openapi';
import { localRouteList } from '../../local/dev/routes';

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(openApiDocument()) as unknown as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every deployed route with its method, and no local-only one', () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
    for (const route of routeList) {
      expect(
        doc.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    expect(localRouteList.length).toBeGreaterThan(0);
    for (const route of localRouteList) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()], route.path).toBeUndefined();
    }
  });

  it('names the shared schemas as components, with their descriptions', () => {
    const doc = openApiDocument() as unknown as {
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    };
    for (const name of ['Error', 'Product', 'Cart', 'Order', 'CheckoutInput', 'Tracking']) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    expect(doc.components.schemas.Product?.properties?.available?.description).toMatch(/buy now/);
  });

  it('names the local and the deployed servers', () => {
    const urls = (openApiDocument().servers ?? []).map((s) => s.url);
    expect(urls).toContain('http://127.0.0.1:3000');
    expect(urls.some((u) => u.includes('execute-api'))).toBe(true);
  });

  it('tags every operation with one of the declared groups', () => {
    for (const route of routeList) {
      const tags = operation(route).tags ?? [];
      expect(tags, route.name).toHaveLength(1);
      expect(Object.keys(apiTags), route.name).toContain(tags[0]);
    }
  });

  it('documents each error status only where the route can answer it', () => {
    for (const route of routeList) {
      const statuses = Object.keys(operation(route).responses).map(Number);
      const is = (status: number, expected: boolean) =>
        expect(statuses.includes(status), `${route.method} ${route.path} ${status}`).toBe(expected);
      is(401, route.access !== 'public');
      is(403, route.access !== 'public');
      is(413, Boolean(route.body || route.rawBody));
      is(415, Boolean(route.body));
      is(404, route.refusals?.includes(404) ?? false);
      is(409, route.refusals?.includes(409) ?? false);
      is(429, true);
    }
  });

  it("documents API Gateway's own 401, 429 and 413 bodies", () => {
    const doc = openApiDocument() as any;
    expect(doc.components.schemas.GatewayMessage.properties.message.type).toBe('string');
    const getCart = doc.paths['/cart'].get.responses;
    expect(getCart['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/GatewayMessage',
    });
    expect(getCart['401'].content['application/json'].example).toEqual({ message: 'Unauthorized' });
    expect(getCart['401'].headers['www-authenticate']).toBeDefined();
    const addItem413 = doc.paths['/cart/items'].post.responses['413'];
    expect(addItem413.description).toContain('Request Entity Too Large');
    expect(JSON.stringify(addItem413.content['application/json'].schema)).toContain('GatewayMessage');
    expect(getCart['429'].content['application/json'].example).toEqual({ message: 'Too Many Requests' });
    const health = doc.paths['/health'].get.responses['429'].content['application/json'];
    expect(health.schema).toEqual({ $ref: '#/components/schemas/GatewayMessage' });
  });

  it('sends retry-after with a rate limit and with 503', () => {
    const responses = (openApiDocument() as any).paths['/checkout'].post.responses;
    expect(responses['429'].headers['retry-after'].schema.type).toBe('integer');
    expect(responses['503'].headers['retry-after'].required).toBe(true);
  });

  it('documents the Idempotency-Key rule the checkout enforces', () => {
    const parameters = (openApiDocument() as any).paths['/checkout'].post.parameters as any[];
    const header = parameters.find((p) => p.in === 'header' && p.name === 'idempotency-key');
    expect(header.required).toBe(true);
    const documented = (key: string) =>
      key.length >= header.schema.minLength &&
      key.length <= header.schema.maxLength &&
      new RegExp(header.schema.pattern).test(key);
    for (const key of [
      '01JDQ3V8Y5K2M9X7T4R6W1ZB0C',
      'a.b:c-d_e',
      'short',
      'has space',
      'x'.repeat(129),
      'ü'.repeat(9),
    ]) {
      expect(documented(key), key).toBe(IdempotencyKey.safeParse(key).success);
    }
  });

  it("documents the webhook's signature headers and Razorpay's event envelope as a required body", () => {
    const webhook = (openApiDocument() as any).paths['/webhooks/razorpay'].post;
    const headers = Object.fromEntries(webhook.parameters.map((p: any) => [p.name, p.required]));
    expect(headers).toEqual({ 'x-razorpay-signature': true, 'x-razorpay-event-id': false });
    expect(webhook.requestBody.required).toBe(true);
    expect(webhook.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RazorpayWebhookEvent',
    });
  });

  it('marks every request body required', () => {
    for (const route of routeList.filter((r) => r.body)) {
      expect(operation(route).requestBody?.required, route.name).toBe(true);
    }
  });
});

type Operation = {
  tags?: string[];
  responses: Record<string, unknown>;
  requestBody?: { required?: boolean };
};
const operation = (route: { path: string; method: string }): Operation =>
  (openApiDocument() as any).paths[route.path][route.method.toLowerCase()];

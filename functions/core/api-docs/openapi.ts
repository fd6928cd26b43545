// The OpenAPI 3.1 document, generated from the route declarations and their zod schemas.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { apiTags, type RouteDeclaration, routeList } from '../../../contract/routes';
import * as z from '../../../contract/schemas/zod';
import { RazorpayWebhookEvent } from '../payments/webhook-events';
import { errorResponses } from './error-responses';

/** Where the API answers; the deployed URL is the stack's `HttpApiUrl` output. */
export const apiServers = [
  { url: 'http://127.0.0.1:3000', description: 'Local runtime (`npm start`)' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: 'Deployed HTTP API (see the stack output HttpApiUrl)',
    variables: {
      apiId: { default: 'abcdef1234', description: 'The HTTP API id' },
      region: { default: 'ap-south-1', description: 'Its AWS region' },
    },
  },
];

/** Bodies the handler reads raw (to check a signature) are described here rather than parsed. */
const rawBodies: Record<string, z.ZodType> = {
  '/webhooks/razorpay': RazorpayWebhookEvent.meta({
    id: 'RazorpayWebhookEvent',
    description:
      'Razorpay’s event envelope, signed as sent; unknown event types are acknowledged and ignored',
  }),
};

const requestBody = (route: RouteDeclaration) => {
  const schema = route.body ?? (route.rawBody ? rawBodies[route.path] : undefined);
  return schema ? { required: true, content: { 'application/json': { schema } } } : undefined;
};

const successResponse = (route: RouteDeclaration): ResponseConfig => {
  const status = route.successStatus ?? 200;
  const description = status === 202 ? 'Accepted: the order exists and its checkout has started' : 'OK';
  if (route.responseType) {
    return { description, content: { [route.responseType]: { schema: z.string() } } };
  }
  return {
    description,
    content: { 'application/json': { schema: route.response ?? z.record(z.string(), z.unknown()) } },
  };
};

const accessNote = (route: RouteDeclaration) =>
  route.access === 'public'
    ? 'Public: no token.'
    : `Bearer token with role ${route.access.join(' or ')}.${route.rateLimit ? ' Rate limited per user.' : ''}`;

let document: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function openApiDocument() {
  if (document) return document;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Claims `sub` and `custom:role` (or `role`): shopper, rider or admin',
  });
  for (const route of routeList) {
    registry.registerPath({
      method: route.method.toLowerCase() as Lowercase<typeof route.method>,
      path: route.path,
      operationId: route.name,
      summary: route.summary,
      description: accessNote(route),
      tags: route.tag ? [route.tag] : [],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      request: {
        params: route.params as z.ZodObject | undefined,
        query: route.query as z.ZodObject | undefined,
        headers: route.headers,
        body: requestBody(route),
      },
      responses: { [route.successStatus ?? 200]: successResponse(route), ...errorResponses(route) },
    });
  }
  document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Quick-commerce checkout API',
      version: '1.0.0',
      description:
        'Cart, checkout (a Step Functions saga), Razorpay payments and live delivery tracking. ' +
        'Money is integer paise (INR). Errors: `{"error":{"code","message","details"}}`, an unknown ' +
        'route 404 `NOT_FOUND`, request headers over 10 KiB 431 `HEADERS_TOO_LARGE`; where API Gateway ' +
        'answers before any handler (JWT authorizer 401, stage throttling 429, a body over 10 MB 413) ' +
        'its own `{"message"}`. ' +
        'The WebSocket API is described at `/asyncapi.json`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: apiServers,
    tags: Object.entries(apiTags).map(([name, description]) => ({ name, description })),
  });
  return document;
}

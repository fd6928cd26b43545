// Which errors each route can answer, from its declaration: no 401/403 on a public route, no
// 413/415 without a body, 404/409 only where the route says so (docs/api.md "Conventions"). The 401,
// the stage's 429 and the 413 past 10 MB are API Gateway's own `{"message"}` bodies.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { RouteDeclaration } from '../../../contract/routes';
import { ErrorBody } from '../../../contract/schemas/common';
import * as z from '../../../contract/schemas/zod';

/** The body API Gateway itself sends when it answers before any handler runs. */
export const GatewayMessage = z
  .object({ message: z.string() })
  .meta({ id: 'GatewayMessage', description: 'API Gateway’s own answer, sent before any handler runs' });

const retryAfter = (required: boolean) => ({
  'retry-after': {
    description: 'Seconds to wait before trying again',
    required,
    schema: { type: 'integer' as const, minimum: 1 },
  },
});

const projectError = (description: string, code: string, message: string): ResponseConfig => ({
  description,
  content: {
    'application/json': { schema: ErrorBody, example: { error: { code, message } } },
  },
});

const gatewayMessage = (description: string, message: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: GatewayMessage, example: { message } } },
});

/** Both bodies a client may meet on one status: API Gateway's and the handler's. */
const gatewayOrProjectError = (
  description: string,
  example: { message: string } | { error: { code: string; message: string } },
): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: z.union([GatewayMessage, ErrorBody]), example } },
});

/** The error responses of one route, by status. */
export function errorResponses(route: RouteDeclaration): Record<number, ResponseConfig> {
  const hasInput = Boolean(route.params || route.query || route.body || route.rawBody || route.headers);
  const hasBody = Boolean(route.body || route.rawBody);
  const isProtected = route.access !== 'public';
  const responses: Record<number, ResponseConfig> = {};
  if (hasInput) {
    responses[400] = projectError(
      route.rawBody
        ? 'The signature does not verify (INVALID_SIGNATURE) or the body is not what it should be (VALIDATION_FAILED)'
        : 'The input fails its schema (VALIDATION_FAILED; details: the zod issues)',
      route.rawBody ? 'INVALID_SIGNATURE' : 'VALIDATION_FAILED',
      route.rawBody ? 'X-Razorpay-Signature does not verify' : 'Request is invalid',
    );
  }
  if (isProtected) {
    responses[401] = {
      ...gatewayMessage(
        'No or bad token: API Gateway’s JWT authorizer answers {"message":"Unauthorized"} before the handler',
        'Unauthorized',
      ),
      headers: {
        'www-authenticate': {
          description:
            'Why the token was refused, e.g. `Bearer scope="" error="invalid_token" error_description="…"`',
          schema: { type: 'string' as const },
        },
      },
    };
    responses[403] = projectError(
      `Wrong role (FORBIDDEN); this route is for: ${(route.access as readonly string[]).join(', ')}`,
      'FORBIDDEN',
      `This route is for: ${(route.access as readonly string[]).join(', ')}`,
    );
  }
  if (route.refusals?.includes(404)) {
    responses[404] = projectError('No such thing, or not yours (NOT_FOUND)', 'NOT_FOUND', 'Order not found');
  }
  if (route.refusals?.includes(409)) {
    responses[409] = projectError(
      'A business rule refused it (OUT_OF_STOCK, PRODUCT_UNAVAILABLE, CART_EMPTY, INVALID_STATE, IDEMPOTENCY_CONFLICT)',
      'INVALID_STATE',
      'An order that is delivered cannot be cancelled',
    );
  }
  if (hasBody) {
    responses[413] = gatewayOrProjectError(
      'Body over 64 KiB (PAYLOAD_TOO_LARGE); over 10 MB API Gateway answers {"message":"Request Entity Too Large"} itself',
      { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Body exceeds 65536 bytes' } },
    );
  }
  if (route.body) {
    responses[415] = projectError(
      'A body that is not content-type: application/json (UNSUPPORTED_MEDIA_TYPE)',
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as content-type: application/json',
    );
  }
  responses[429] = route.rateLimit
    ? {
        ...gatewayOrProjectError(
          'Per-user limit reached (RATE_LIMITED, with retry-after; an idempotent replay never counts), or API Gateway’s stage throttling ({"message":"Too Many Requests"}, no retry-after)',
          { message: 'Too Many Requests' },
        ),
        headers: retryAfter(false),
      }
    : gatewayMessage(
        'API Gateway’s stage throttling (this route’s declared rate and burst)',
        'Too Many Requests',
      );
  if (route.unavailableResponse) {
    responses[503] = {
      description: 'A dependency is down: the same report, with the unavailable one named',
      content: { 'application/json': { schema: route.unavailableResponse } },
      headers: retryAfter(true),
    };
  } else if (route.grants) {
    responses[503] = {
      ...projectError(
        'A dependency is down or throttling (SERVICE_UNAVAILABLE); try again after retry-after',
        'SERVICE_UNAVAILABLE',
        'Temporarily unavailable; try again shortly',
      ),
      headers: retryAfter(true),
    };
  }
  return responses;
}

// The middy middlewares every HTTP handler runs, each doing one thing.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError } from 'zod';
import type { Role } from '../../../contract/access';
import type { RouteDeclaration } from '../../../contract/routes';
import { roleFromClaims } from '../auth/claims';
import { decodeBody } from '../decode-body';
import { AppError, isRetryable, serviceUnavailable } from '../errors';
import { logger } from '../logger';
import { consumeRateLimit } from '../rate-limit';
import { errorResponse, internalErrorResponse } from './responses';

type Event = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};
type Middleware = MiddlewareObj<
  Event,
  APIGatewayProxyStructuredResultV2,
  Error,
  { caller?: Caller; input?: ParsedInput }
>;

export const MAX_BODY_BYTES = 64 * 1024;

export interface Caller {
  userId: string;
  role: Role;
  /** The verified token's claims (e.g. `name`, `phone_number` for a rider's profile). */
  claims: Readonly<Record<string, unknown>>;
}

export interface ParsedInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** Every failure becomes the API's error shape; anything unexpected is logged and is a 500. */
export const errorShape = (): Middleware => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof AppError) {
      request.response = errorResponse(error);
      return;
    }
    if (isRetryable(error)) {
      logger.warn('transient failure', { error: error as Error, routeKey: request.event?.routeKey });
      request.response = errorResponse(serviceUnavailable());
      return;
    }
    if (error instanceof ZodError) {
      request.response = errorResponse(new AppError('VALIDATION_FAILED', 'Request is invalid', error.issues));
      return;
    }
    logger.error('unhandled error', { error: error as Error, routeKey: request.event?.routeKey });
    request.response = internalErrorResponse();
  },
});

const bodyLength = (event: Event): number => Buffer.byteLength(decodeBody(event.body, event.isBase64Encoded));

/** 413 past 64 KiB; a body must be JSON. */
export const bodyGuard = (route: RouteDeclaration): Middleware => ({
  before: async ({ event }) => {
    if (bodyLength(event) > MAX_BODY_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    if (!event.body || route.rawBody) return;
    const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as content-type: application/json');
    }
  },
});

/** The JWT was verified by the authorizer (or the local gateway); this enforces the route's roles. */
export const authorize = (route: RouteDeclaration): Middleware => ({
  before: async (request) => {
    if (route.access === 'public') return;
    const claims = request.event.requestContext.authorizer?.jwt?.claims;
    const userId = claims?.sub;
    if (!claims || typeof userId !== 'string' || userId === '') {
      throw new AppError('UNAUTHORIZED', 'A valid bearer token is required');
    }
    const role = roleFromClaims(claims);
    if (!role || !route.access.includes(role)) {
      throw new AppError('FORBIDDEN', `This route is for: ${route.access.join(', ')}`);
    }
    request.context.caller = { userId, role, claims };
  },
});

const parseJsonBody = (event: Event): unknown => {
  if (!event.body) return undefined;
  const text = decodeBody(event.body, event.isBase64Encoded);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Body is not valid JSON');
  }
};

/** zod at the edge: path, query and body each parsed by the route's schema. */
export const parseInput = (route: RouteDeclaration): Middleware => ({
  before: async (request) => {
    const { event } = request;
    const issues: unknown[] = [];
    const parse = (schema: RouteDeclaration['body'], value: unknown, where: string) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) issues.push({ ...issue, path: [where, ...issue.path] });
      return undefined;
    };
    // A rawBody route's headers are signature material its handler checks (with its own error).
    if (!route.rawBody) parse(route.headers, event.headers ?? {}, 'headers');
    const params = parse(route.params, event.pathParameters ?? {}, 'path');
    const query = parse(route.query, event.queryStringParameters ?? {}, 'query');
    const rawBody = route.rawBody ? undefined : parseJsonBody(event);
    if (route.body && rawBody === undefined && !route.rawBody) {
      throw new AppError('VALIDATION_FAILED', 'A JSON body is required');
    }
    const body = parse(route.body, rawBody, 'body');
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'Request is invalid', issues);
    request.context.input = { params, query, body };
  },
});

/** Spends one of the caller's requests from the route's limit (nothing on an unlimited route). */
export const spendRateLimit = async (route: RouteDeclaration, caller: Caller | undefined) => {
  if (route.rateLimit && caller) await consumeRateLimit(route.rateLimit, caller.userId);
};

/** Per-user limit from the route declaration, after auth and input checks, so only a real caller's
 *  valid request counts; a route whose handler answers replays first spends it itself. */
export const rateLimit = (route: RouteDeclaration): Middleware => ({
  before: async (request) => {
    if (route.rateLimitSpentBy !== 'handler') await spendRateLimit(route, request.context.caller);
  },
});

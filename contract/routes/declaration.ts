// What a route declaration is, and the rules every route shares (timeouts, stage throttles). No
// schema here: each area's module (contract/routes/<area>.ts) declares its routes with the schemas
// they use, so a handler's bundle builds only its own area's schemas.

import type { RateLimitBucket, Role } from '../access';
import type { Grants } from '../grants';
import type * as z from '../schemas/zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The groups of the API reference (OpenAPI tags), in the order it shows them. */
export const apiTags = {
  catalog: 'Products a shopper can browse',
  cart: 'The shopper’s cart, priced and validated on every read',
  orders: 'Checkout, the shopper’s orders and notifications',
  payments: 'Razorpay: Checkout’s result and webhooks',
  delivery: 'Riders and live tracking',
  admin: 'Catalog and stock management',
  meta: 'Health and this API’s own documents',
} as const;
export type ApiTag = keyof typeof apiTags;

export interface RouteDeclaration<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** API Gateway syntax: /products/{productId} */
  path: string;
  /** Handler file, relative to the project root; it exports `handler`. */
  handler: string;
  summary: string;
  /** 'public', or the roles allowed. */
  access: 'public' | readonly Role[];
  params?: Params;
  query?: Query;
  body?: Body;
  response?: z.ZodType;
  successStatus?: number;
  /** The success response's media type when it is not JSON (the /docs page and its script). */
  responseType?: 'text/html' | 'text/javascript';
  /** Its group in the API reference; every deployed route has one. */
  tag?: ApiTag;
  /** Headers the route reads, with their rules (documented in OpenAPI; checked at the edge before
   *  any rate limit, except on a rawBody route, whose handler checks its signature headers itself). */
  headers?: z.ZodObject;
  /** What the route's own rules can answer beyond input, auth and limits: 404 where there is
   *  something to find, 409 where a business rule can refuse. */
  refusals?: readonly (404 | 409)[];
  rateLimit?: RateLimitBucket;
  /** API Gateway's stage throttle for this route (all callers together); default `defaultRouteThrottle`. */
  throttle?: RouteThrottle;
  /** 'handler': the handler spends the limit itself (`request.spendRateLimit()`) once it knows the
   *  request is new work, so an idempotent replay is answered first and never counts. */
  rateLimitSpentBy?: 'handler';
  /** The body of its 503 when it is not the error shape (GET /health answers with its report). */
  unavailableResponse?: z.ZodType;
  /** The handler needs the body exactly as sent (signature checks). */
  rawBody?: boolean;
  grants?: Grants;
  /** Calls the Razorpay API, so its bundle carries the SDK (and has the larger budget). */
  callsRazorpay?: boolean;
  /** Its Lambda's timeout; default DEFAULT_ROUTE_TIMEOUT_SECONDS. At most the HTTP API's 30 s
   *  integration timeout. Razorpay calls stop short of it (functions/core/payments/deadline.ts). */
  timeoutSeconds?: number;
}

/** A route's Lambda timeout unless it declares one. */
export const DEFAULT_ROUTE_TIMEOUT_SECONDS = 10;

/** The HTTP API's integration timeout: past it API Gateway answers 503 {"message":"Service Unavailable"}. */
export const HTTP_API_INTEGRATION_TIMEOUT_SECONDS = 30;

export const routeTimeoutSeconds = (route: Pick<RouteDeclaration, 'timeoutSeconds'>): number =>
  route.timeoutSeconds ?? DEFAULT_ROUTE_TIMEOUT_SECONDS;

/** API Gateway's token bucket for one route key: `rateLimit` requests a second on average, at most
 *  `burstLimit` at once. Past it API Gateway answers 429 {"message":"Too Many Requests"} itself. */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** For routes that declare none, and the stage default (which also covers the $default route). */
export const defaultRouteThrottle: RouteThrottle = { rateLimit: 100, burstLimit: 200 };

/** The stage throttles routes share, by the traffic they expect. */
export const throttles = {
  /** Catalog browsing: every shopper, all day, before any sign-in. */
  highTraffic: { rateLimit: 1000, burstLimit: 2000 },
  /** Money moves and admin work: modest, a burst there is more likely abuse than customers. */
  modest: { rateLimit: 50, burstLimit: 100 },
  /** A shopper's taps between browsing and paying (cart edits, tracking while the order comes). */
  shopping: { rateLimit: 500, burstLimit: 1000 },
} as const satisfies Record<string, RouteThrottle>;

export const throttleOf = (route: Pick<RouteDeclaration, 'throttle'>): RouteThrottle =>
  route.throttle ?? defaultRouteThrottle;

/** One route, keeping its schemas' types for httpHandler. */
export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  declaration: RouteDeclaration<P, Q, B>,
) => declaration;

export const routeKey = (r: Pick<RouteDeclaration, 'method' | 'path'>) => `${r.method} ${r.path}`;

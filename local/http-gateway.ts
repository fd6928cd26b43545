// A local API Gateway HTTP API: matches the declared routes (contract/routes/, plus the local-only
// local/dev/routes.ts), throttles each route key as its stage would, verifies bearer tokens like the
// JWT authorizer, builds a payload-v2 event and invokes the very handler Lambda would; a request no
// route matches goes to the $default route's function, as in AWS. Where API Gateway answers by itself
// (401, 429, 413 over 10 MB) it sends API Gateway's own bodies. It also answers CORS, so a web app
// on another port can call it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functions } from '../contract/functions';
import {
  DEFAULT_ROUTE_TIMEOUT_SECONDS,
  defaultRouteThrottle,
  HTTP_API_INTEGRATION_TIMEOUT_SECONDS,
  type RouteDeclaration,
  routeByKey,
  routeKey,
  routeList,
  routeTimeoutSeconds,
  throttleOf,
  unmatchedRoute,
} from '../contract/routes';
import { bearerToken } from '../functions/core/auth/verify-token';
import {
  API_GATEWAY_MAX_BODY_BYTES,
  API_GATEWAY_MAX_HEADER_BYTES,
  internalServerError,
  requestEntityTooLarge,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
} from './api-gateway-answers';
import { type Claims, verifyDevToken } from './dev/auth';
import { localRouteList } from './dev/routes';
import { headerMap, type LocalHttpServer, listen, readBody, requestUrl } from './http-server';
import { invokeWithTimeout, LambdaTimeoutError, loadHandler } from './lambda-runtime';
import { RouteThrottles, throttleScaleFromEnv } from './route-throttle';
import { serveWebAsset } from './web-assets';

interface CompiledRoute {
  route: RouteDeclaration & { name: string };
  method: string;
  pattern: RegExp;
  paramNames: string[];
}

const compile = (route: RouteDeclaration & { name: string }): CompiledRoute => {
  const paramNames: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    paramNames.push(name);
    return '([^/]+)';
  });
  return { route, method: route.method, pattern: new RegExp(`^${source}$`), paramNames };
};

const compiled = [...routeList, ...localRouteList].map(compile);

/** A malformed escape (`%`, `%E0%A4%A`) stays as sent, so the route's schema answers 400, not a crash. */
const decodePathSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function matchRoute(method: string, path: string) {
  for (const candidate of compiled) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    candidate.paramNames.forEach((name, i) => {
      pathParameters[name] = decodePathSegment(match[i + 1]!);
    });
    return { route: candidate.route, pathParameters };
  }
  return undefined;
}

/** Any origin may call the local API: it holds no one's data but the developer's. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers': 'authorization,content-type,idempotency-key',
  'access-control-max-age': '600',
};

/** A result as API Gateway sends it: with its content-length, and for HEAD without the body. */
const send = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  const body =
    result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? '');
  res.writeHead(result.statusCode ?? 200, {
    'access-control-allow-origin': '*',
    ...(result.headers as Record<string, string>),
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
};

const errorResult = (
  statusCode: number,
  code: string,
  message: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code, message } }),
});

async function authorizer(req: IncomingMessage): Promise<Claims | undefined> {
  const token = bearerToken(headerMap(req).authorization);
  return token ? verifyDevToken(token) : undefined;
}

/** A browser's CORS preflight; any other OPTIONS is routed like any method (to $default: 404). */
const isPreflight = (req: IncomingMessage) =>
  Boolean(req.headers.origin && req.headers['access-control-request-method']);

/** The local-only /dev/* routes exist in no stage, so no stage throttle applies to them. */
const stageThrottleOf = (route: RouteDeclaration | undefined) => {
  if (!route) return defaultRouteThrottle;
  return routeByKey.has(routeKey(route)) ? throttleOf(route) : undefined;
};

interface Target {
  routeKey: string;
  functionName: string;
  handler: string;
  pathParameters: Record<string, string>;
  /** How long it may run: its Lambda timeout, or the integration timeout if that is shorter. */
  timeoutSeconds: number;
  /** The integration timeout is the shorter: API Gateway, not Lambda, ends it (503). */
  cutOffByGateway: boolean;
}

/** The function's timeout as API Gateway lets it play out. */
const timeLimit = (functionTimeoutSeconds: number) => ({
  timeoutSeconds: Math.min(functionTimeoutSeconds, HTTP_API_INTEGRATION_TIMEOUT_SECONDS),
  cutOffByGateway: functionTimeoutSeconds > HTTP_API_INTEGRATION_TIMEOUT_SECONDS,
});

function buildEvent(
  req: IncomingMessage,
  url: URL,
  target: Target,
  body: Buffer,
  claims: Claims | undefined,
): APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } {
  const headers = headerMap(req);
  // As API Gateway's payload v2: a repeated query parameter arrives as its values joined by commas.
  const query: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) query[name] = url.searchParams.getAll(name).join(',');
  const { pathParameters } = target;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: target.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  };
}

export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  throttles: RouteThrottles,
): Promise<void> {
  const url = requestUrl(req);
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS' && isPreflight(req)) {
    // Answered for any path: the route itself answers the real request.
    req.resume();
    return void res.writeHead(204, CORS_HEADERS).end();
  }
  const matched = matchRoute(method, url.pathname);
  // The shopper page (GET /, its assets) is no API route: in AWS CloudFront serves it.
  if (!matched && (await serveWebAsset(req, res))) return;
  const target: Target = matched
    ? {
        routeKey: routeKey(matched.route),
        functionName: matched.route.name,
        handler: matched.route.handler,
        pathParameters: matched.pathParameters,
        ...timeLimit(routeTimeoutSeconds(matched.route)),
      }
    : {
        routeKey: unmatchedRoute.routeKey,
        functionName: unmatchedRoute.function,
        handler: functions[unmatchedRoute.function].handler,
        pathParameters: {},
        ...timeLimit(functions[unmatchedRoute.function].timeoutSeconds ?? DEFAULT_ROUTE_TIMEOUT_SECONDS),
      };

  // API Gateway's own answers come before any handler: stage throttle, payload cap, JWT authorizer.
  const throttle = stageThrottleOf(matched?.route);
  if (throttle && !throttles.admit(target.routeKey, throttle)) {
    req.resume();
    return send(res, tooManyRequests());
  }
  const body = await readBody(req, API_GATEWAY_MAX_BODY_BYTES);
  if (!body) return send(res, requestEntityTooLarge());
  let claims: Claims | undefined;
  if (matched && matched.route.access !== 'public') {
    claims = await authorizer(req);
    if (!claims) {
      return send(
        res,
        unauthorized(req.headers.authorization ? 'the token is not valid' : 'no bearer token'),
      );
    }
  }

  const event = buildEvent(req, url, target, body, claims);
  try {
    const handler = await loadHandler(target.handler);
    const result = (await invokeWithTimeout(
      handler,
      event,
      target.functionName,
      target.timeoutSeconds * 1000,
    )) as APIGatewayProxyStructuredResultV2;
    send(res, result);
  } catch (error) {
    // As in AWS: the Lambda's own timeout comes first (500, API Gateway's body); a function allowed
    // longer than the integration timeout is cut off by API Gateway at 30 s (503).
    if (error instanceof LambdaTimeoutError) {
      console.error(`[${target.functionName}] ${error.message}`);
      return send(res, target.cutOffByGateway ? serviceUnavailable() : internalServerError());
    }
    // What API Gateway does when the function itself crashes.
    console.error(`[${target.functionName}]`, error);
    send(res, errorResult(500, 'INTERNAL_ERROR', 'Internal Server Error'));
  }
}

/** Headers past API Gateway's limit get 431 in the error shape (Node's own answer has no body); any
 *  other unparsable request a 400. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'HEADERS_TOO_LARGE',
          `Request headers exceed ${API_GATEWAY_MAX_HEADER_BYTES} bytes`,
        ]
      : [400, 'Bad Request', 'VALIDATION_FAILED', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `access-control-allow-origin: *\r\nconnection: close\r\n\r\n${body}`,
  );
}

export interface HttpGatewayOptions {
  host?: string;
  /** Called with one line per answered request, e.g. `GET /products 200 12ms`. */
  accessLog?: (line: string) => void;
  /** Multiplies every route's declared throttle; default LOCAL_THROTTLE_SCALE, else 1; 0 = off. */
  throttleScale?: number;
}

export async function startHttpGateway(
  port: number,
  { host, accessLog, throttleScale = throttleScaleFromEnv() }: HttpGatewayOptions = {},
): Promise<LocalHttpServer> {
  const throttles = new RouteThrottles(throttleScale);
  const gateway = await listen(
    (req, res) => {
      const started = performance.now();
      if (accessLog) {
        res.once('finish', () => {
          const path = requestUrl(req).pathname;
          accessLog(`${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
        });
      }
      handleHttp(req, res, throttles).catch((error) => {
        console.error(error);
        if (!res.headersSent) send(res, errorResult(500, 'INTERNAL_ERROR', 'Internal Server Error'));
      });
    },
    { port, host, name: 'HTTP API', maxHeaderSize: API_GATEWAY_MAX_HEADER_BYTES },
  );
  gateway.server.on('clientError', answerClientError);
  return gateway;
}

// A local API Gateway HTTP API: matches the declared routes (contract/routes.ts, plus the local-only
// local/dev/routes.ts), verifies bearer tokens like the JWT authorizer, builds a payload-v2 event
// and invokes the very handler Lambda would. It also answers CORS, so a web app on another port can
// call it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type RouteDeclaration, routeKey, routeList } from '../contract/routes';
import { bearerToken } from '../functions/core/auth/verify-token';
import { type Claims, verifyDevToken } from './dev/auth';
import { localRouteList } from './dev/routes';
import { headerMap, type LocalHttpServer, listen, readBody } from './http-server';
import { lambdaContext, loadHandler } from './lambda-runtime';

/** API Gateway's own payload cap; the handlers enforce the API's 64 KiB. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

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

const send = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  res.writeHead(result.statusCode ?? 200, {
    'access-control-allow-origin': '*',
    ...(result.headers as Record<string, string>),
  });
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
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
  const token = bearerToken(req.headers.authorization);
  return token ? verifyDevToken(token) : undefined;
}

export async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') {
    // A browser's preflight, for any path: the route itself answers the real request.
    req.resume();
    return void res.writeHead(204, CORS_HEADERS).end();
  }
  const matched = matchRoute(method, url.pathname);
  if (!matched) {
    req.resume();
    return send(res, errorResult(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`));
  }
  const { route, pathParameters } = matched;
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (!body) return send(res, errorResult(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'));

  let claims: Claims | undefined;
  if (route.access !== 'public') {
    claims = await authorizer(req);
    if (!claims) return send(res, errorResult(401, 'UNAUTHORIZED', 'A valid bearer token is required'));
  }

  const headers = headerMap(req);
  // As API Gateway's payload v2: a repeated query parameter arrives as its values joined by commas.
  const query: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) query[name] = url.searchParams.getAll(name).join(',');
  const now = new Date();
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: routeKey(route),
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
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  };
  try {
    const handler = await loadHandler(route.handler);
    const result = (await handler(event, lambdaContext(route.name))) as APIGatewayProxyStructuredResultV2;
    send(res, result);
  } catch (error) {
    // What API Gateway does when the function itself crashes.
    console.error(`[${route.name}]`, error);
    send(res, errorResult(500, 'INTERNAL_ERROR', 'Internal Server Error'));
  }
}

export interface HttpGatewayOptions {
  host?: string;
  /** Called with one line per answered request, e.g. `GET /products 200 12ms`. */
  accessLog?: (line: string) => void;
}

export function startHttpGateway(
  port: number,
  { host, accessLog }: HttpGatewayOptions = {},
): Promise<LocalHttpServer> {
  return listen(
    (req, res) => {
      const started = performance.now();
      if (accessLog) {
        res.once('finish', () => {
          const path = new URL(req.url ?? '/', 'http://localhost').pathname;
          accessLog(`${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
        });
      }
      handleHttp(req, res).catch((error) => {
        console.error(error);
        if (!res.headersSent) send(res, errorResult(500, 'INTERNAL_ERROR', 'Internal Server Error'));
      });
    },
    { port, host, name: 'HTTP API' },
  );
}

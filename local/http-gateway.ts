// A local API Gateway HTTP API: matches the declared routes (contract/routes.ts, plus the local-only
// local/dev/routes.ts), verifies bearer tokens like the JWT authorizer, builds a payload-v2 event
// and invokes the very handler Lambda would.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type RouteDeclaration, routeKey, routeList } from '../contract/routes';
import { type Claims, verifyDevToken } from './dev/auth';
import { localRouteList } from './dev/routes';
import { lambdaContext, loadHandler } from './lambda-runtime';
import { serveWebAsset } from './web-assets';

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

const send = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
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

/** The body, or undefined past MAX_REQUEST_BYTES. The rest of an oversize body is still read (and
 *  dropped): leaving the loop early destroys the socket, and the client's next request on that
 *  kept-alive connection failed with ECONNRESET. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks);
}

async function authorizer(req: IncomingMessage): Promise<Claims | undefined> {
  const header = req.headers.authorization ?? '';
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) return undefined;
  return verifyDevToken(token);
}

export async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const matched = matchRoute(method, url.pathname);
  if (!matched) {
    if (await serveWebAsset(req, res)) return;
    req.resume();
    return send(res, errorResult(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`));
  }
  const { route, pathParameters } = matched;
  const body = await readBody(req);
  if (!body) return send(res, errorResult(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'));

  let claims: Claims | undefined;
  if (route.access !== 'public') {
    claims = await authorizer(req);
    if (!claims) return send(res, errorResult(401, 'UNAUTHORIZED', 'A valid bearer token is required'));
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
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

export async function startHttpGateway(
  port: number,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) send(res, errorResult(500, 'INTERNAL_ERROR', 'Internal Server Error'));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

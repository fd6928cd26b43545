// A local API Gateway WebSocket API: on upgrade it runs the $connect Lambda authorizer (the
// deployed one, see websocket-authorizer.ts; it refuses with 401/403) then runs $connect (a non-2xx answer refuses it), routes
// by the frame's JSON `action` through contract/websocket.ts, $disconnect on close, and the
// management API (POST/GET/DELETE <secret path>/<stage>/@connections/<id>) that the handlers' SDK
// client calls. In AWS that API needs a SigV4-signed caller with execute-api:ManageConnections; here
// its path carries a random secret made at start and given only to functions granted
// webSocketManagement (their WEBSOCKET_MANAGEMENT_ENDPOINT), so a shopper on the same port cannot
// post to, read or close someone else's connection.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyWebsocketEventV2,
} from 'aws-lambda';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { functions } from '../contract/functions';
import { type WebSocketRouteKey, webSocketRoutes } from '../contract/websocket';
import { headerMap, listen, readBody, requestUrl } from './http-server';
import { lambdaContext, loadHandler } from './lambda-runtime';
import { authorizeConnect } from './websocket-authorizer';

/** API Gateway's limit on one message (and on a PostToConnection body). */
const MAX_MESSAGE_BYTES = 128 * 1024;

interface LiveConnection {
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  /** Settles once $disconnect has run. */
  closed: Promise<void>;
}

export interface WebSocketGateway {
  server: Server;
  /** ws://host:port — what clients connect to. */
  url: string;
  /** What ApiGatewayManagementApiClient takes as `endpoint` (the stage URL, behind the secret). */
  managementEndpoint: string;
  stop(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
};

/** Ids shaped like API Gateway's (base64, so they need URL-encoding in management calls). */
const newConnectionId = () => randomBytes(11).toString('base64');

const statusOf = (result: APIGatewayProxyResultV2 | undefined): number =>
  typeof result === 'object' && result !== null && typeof result.statusCode === 'number'
    ? result.statusCode
    : 200;

const routeKeyOf = (text: string): WebSocketRouteKey => {
  let action: unknown;
  try {
    action = (JSON.parse(text) as { action?: unknown } | null)?.action;
  } catch {
    return '$default';
  }
  return typeof action === 'string' && !action.startsWith('$') && Object.hasOwn(webSocketRoutes, action)
    ? (action as WebSocketRouteKey)
    : '$default';
};

export async function startWebSocketGateway(
  port: number,
  { host = '127.0.0.1', stage = 'local' }: { host?: string; stage?: string } = {},
): Promise<WebSocketGateway> {
  const connections = new Map<string, LiveConnection>();
  const inFlight = new Set<Promise<unknown>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let domainName = host;
  const managementSecret = randomBytes(18).toString('base64url');

  const requestContext = (
    routeKey: WebSocketRouteKey,
    eventType: APIGatewayEventWebsocketRequestContextV2['eventType'],
    connectionId: string,
    connectedAt: number,
  ): APIGatewayEventWebsocketRequestContextV2 => {
    const now = new Date();
    return {
      routeKey,
      eventType,
      messageId: randomUUID(),
      extendedRequestId: randomUUID(),
      requestTime: now.toISOString(),
      messageDirection: 'IN',
      stage,
      connectedAt,
      requestTimeEpoch: now.getTime(),
      requestId: randomUUID(),
      domainName,
      connectionId,
      apiId: 'local',
    };
  };

  /** Runs the route's function the way API Gateway's Lambda integration would. */
  const invoke = (routeKey: WebSocketRouteKey, event: APIGatewayProxyWebsocketEventV2) => {
    const name = webSocketRoutes[routeKey];
    const run = loadHandler(functions[name].handler).then(
      (handler) => handler(event, lambdaContext(name)) as Promise<APIGatewayProxyResultV2 | undefined>,
    );
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run)).catch(() => {});
    return run.catch((error: unknown) => {
      console.error(`[${name}]`, error);
      return { statusCode: 500 } as APIGatewayProxyResultV2;
    });
  };

  const onMessage = (connectionId: string, data: RawData, isBinary: boolean) => {
    const live = connections.get(connectionId);
    if (!live) return;
    live.lastActiveAt = Date.now();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    const text = bytes.toString('utf8');
    const routeKey = isBinary ? '$default' : routeKeyOf(text);
    void invoke(routeKey, {
      requestContext: requestContext(routeKey, 'MESSAGE', connectionId, live.connectedAt),
      body: isBinary ? bytes.toString('base64') : text,
      isBase64Encoded: isBinary,
    });
  };

  const disconnect = (connectionId: string, connectedAt: number, code: number, reason: string) =>
    invoke('$disconnect', {
      requestContext: {
        ...requestContext('$disconnect', 'DISCONNECT', connectionId, connectedAt),
        disconnectStatusCode: code,
        disconnectReason: reason,
      } as APIGatewayEventWebsocketRequestContextV2,
      isBase64Encoded: false,
    }).then(() => {});

  const refuse = (socket: Duplex, status: number) => {
    if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\n\r\n`);
  };

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = requestUrl(req);
    const connectionId = newConnectionId();
    const connectedAt = Date.now();
    const query = Object.fromEntries(url.searchParams);
    const multiQuery: Record<string, string[]> = {};
    for (const key of url.searchParams.keys()) multiQuery[key] = url.searchParams.getAll(key);
    const headers = headerMap(req);
    const context = requestContext('$connect', 'CONNECT', connectionId, connectedAt);
    const decision = await authorizeConnect({
      stage,
      connectionId,
      headers,
      query,
      multiQuery,
      requestContext: context,
    });
    if (!decision.allow) return refuse(socket, decision.status);
    const result = await invoke('$connect', {
      requestContext: { ...context, ...({ authorizer: decision.authorizer } as object) },
      isBase64Encoded: false,
      ...({ headers } as object),
      queryStringParameters: Object.keys(query).length ? query : undefined,
      multiValueQueryStringParameters: Object.keys(query).length ? multiQuery : undefined,
    });
    const status = statusOf(result);
    if (status < 200 || status > 299) return refuse(socket, status);
    if (socket.destroyed)
      return void (await disconnect(connectionId, connectedAt, 1006, 'Gone during $connect'));

    wss.handleUpgrade(req, socket, head, (ws) => {
      let markClosed!: () => void;
      const live: LiveConnection = {
        socket: ws,
        connectedAt,
        lastActiveAt: connectedAt,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
        closed: new Promise((resolve) => {
          markClosed = resolve;
        }),
      };
      connections.set(connectionId, live);
      ws.on('message', (data, isBinary) => onMessage(connectionId, data, isBinary));
      // A frame past MAX_MESSAGE_BYTES (or any protocol error): ws closes the socket (1009 / 1002)
      // and emits 'error'; unhandled, that would take the whole local runtime down.
      ws.on('error', (error) => console.warn(`[websocket ${connectionId}]`, error.message));
      ws.on('close', (code, reason) => {
        connections.delete(connectionId);
        void disconnect(connectionId, connectedAt, code, reason.toString()).then(markClosed);
      });
    });
  }

  async function manage(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/_management\/([^/]+)\/([^/]+)\/@connections\/([^/?]+)$/.exec(requestUrl(req).pathname);
    if (!match || !sameSecret(match[1]!, managementSecret)) {
      req.resume();
      return awsError(res, 403, 'ForbiddenException', 'Forbidden');
    }
    if (decodeURIComponent(match[2]!) !== stage) {
      req.resume();
      return awsError(res, 403, 'ForbiddenException', 'Missing Authentication Token');
    }
    const connectionId = decodeURIComponent(match[3]!);
    const live = connections.get(connectionId);
    const open = live?.socket.readyState === WebSocket.OPEN;
    switch (req.method) {
      case 'POST': {
        const body = await readBody(req, MAX_MESSAGE_BYTES);
        if (!body) return awsError(res, 413, 'PayloadTooLargeException', 'Message too long');
        if (!live || !open) return awsError(res, 410, 'GoneException', 'Connection is gone');
        live.socket.send(body.toString('utf8'), (error) => {
          if (error) awsError(res, 410, 'GoneException', 'Connection is gone');
          else res.writeHead(200).end();
        });
        return;
      }
      case 'GET':
        req.resume();
        if (!live || !open) return awsError(res, 410, 'GoneException', 'Connection is gone');
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            connectedAt: new Date(live.connectedAt).toISOString(),
            lastActiveAt: new Date(live.lastActiveAt).toISOString(),
            identity: { sourceIp: live.sourceIp, userAgent: live.userAgent },
          }),
        );
      case 'DELETE':
        req.resume();
        if (!live || !open) return awsError(res, 410, 'GoneException', 'Connection is gone');
        live.socket.close(1000, 'Connection deleted');
        return res.writeHead(204).end();
      default:
        req.resume();
        return awsError(res, 405, 'BadRequestException', `Method ${req.method} not allowed`);
    }
  }

  const {
    server,
    port: boundPort,
    close,
  } = await listen(
    (req, res) => {
      manage(req, res).catch((error: unknown) => {
        console.error('[websocket management]', error);
        if (!res.headersSent) awsError(res, 500, 'InternalServerErrorException', 'Internal error');
      });
    },
    {
      port,
      host,
      name: 'WebSocket API',
      upgrade: (req, socket, head) => {
        upgrade(req, socket, head).catch((error: unknown) => {
          console.error('[websocket upgrade]', error);
          refuse(socket, 500);
        });
      },
    },
  );
  domainName = `${host}:${boundPort}`;
  const managementEndpoint = `http://${domainName}/_management/${managementSecret}/${stage}`;

  return {
    server,
    url: `ws://${domainName}`,
    managementEndpoint,
    stop: async () => {
      const closing = [...connections.values()].map((live) => {
        live.socket.terminate();
        return live.closed;
      });
      await Promise.all(closing);
      await Promise.allSettled([...inFlight]);
      wss.close();
      await close();
    },
  };
}

const sameSecret = (given: string, secret: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

function awsError(res: ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ message }));
}

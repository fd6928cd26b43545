// The one way every local HTTP server (gateways, emulators, the Razorpay double) listens, closes and
// reads a request: a taken port is a clear error, close() resolves once closed, and an oversize
// body is drained before the 413 so the client's kept-alive connection survives.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface LocalHttpServer {
  server: Server;
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The port is held by something else (another `npm start`, a stray emulator). */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly what: string,
  ) {
    super(`${what}: port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
  }
}

export interface ListenOptions {
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** Named in the port-taken error, e.g. 'HTTP API'. */
  name?: string;
  /** Handles HTTP upgrades (the WebSocket gateway). */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Request line + headers past this many bytes are refused (Node's default: 16 KiB). */
  maxHeaderSize?: number;
}

/** Serves `listener` on the port; rejects with PortInUseError if the port is taken. */
export async function listen(
  listener: RequestListener,
  { port, host = '127.0.0.1', name = 'local server', upgrade, maxHeaderSize }: ListenOptions,
): Promise<LocalHttpServer> {
  const server = createServer({ maxHeaderSize }, listener);
  if (upgrade) server.on('upgrade', upgrade);
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host, name) : error);
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () => closeServer(server),
  };
}

/** Drops kept-alive connections too, so it resolves at once rather than when clients let go. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** The body, or undefined past `maxBytes`. The rest of an oversize body is still read (and dropped):
 *  leaving the loop early destroys the socket, and the client's next request on that kept-alive
 *  connection failed with ECONNRESET. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  return size > maxBytes ? undefined : Buffer.concat(chunks);
}

/** The request target as API Gateway reads it. `new URL('//evil/cart', base)` would take "evil" for
 *  a host and route the request as /cart; API Gateway keeps "//evil/cart" as the path (no route). */
export const requestUrl = (req: IncomingMessage): URL => {
  const target = req.url ?? '/';
  return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost');
};

/** Request headers with lower-cased names, repeated ones joined by commas (as API Gateway does).
 *  From `headersDistinct`: `req.headers` keeps only the first of a repeated `authorization`,
 *  `content-type` and a few more, so two tokens would pass as the first one. */
export function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) headers[name.toLowerCase()] = values.join(',');
  }
  return headers;
}

/** A JSON answer, unless the client has already gone. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// A TCP proxy in front of an emulator, so a test can take a dependency away (nothing listens on the
// port: ECONNREFUSED, live connections reset) and bring it back on the same port.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Stops listening and resets every connection through it. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = createConnection({ host: hostname, port: Number(targetPort) });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.resetAndDestroy();
        server?.close(() => resolve());
      }),
    open: listen,
  };
}

// The helper every local server uses: an oversize body is drained and answered 413 on a connection
// that stays usable, a taken port is a named error, close() frees the port.
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  headerMap,
  type LocalHttpServer,
  listen,
  PortInUseError,
  readBody,
  sendJson,
} from '../../local/http-server';

const LIMIT = 1024;
const servers: LocalHttpServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Echoes the body's size, or 413 past LIMIT; also returns the request's header map. */
const echo = async () => {
  const server = await listen(
    async (req, res) => {
      const body = await readBody(req, LIMIT);
      if (!body) return sendJson(res, 413, { error: 'too large' });
      sendJson(res, 200, { bytes: body.length, headers: headerMap(req) });
    },
    { port: 0, name: 'echo' },
  );
  servers.push(server);
  return server;
};

/** One request on the given agent; the socket it went over, to tell whether the next reuses it. */
const post = (url: string, agent: Agent, body: Buffer, headers: Record<string, string | string[]> = {}) =>
  new Promise<{ status: number; json: any; socket: unknown }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          json: JSON.parse(Buffer.concat(chunks).toString()),
          socket: req.socket,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });

describe('local HTTP server helper', () => {
  it('reads a body up to the limit', async () => {
    const server = await echo();
    const agent = new Agent({ keepAlive: true });
    const res = await post(server.url, agent, Buffer.alloc(LIMIT, 1));
    expect(res).toMatchObject({ status: 200, json: { bytes: LIMIT } });
    agent.destroy();
  });

  it('answers 413 past the limit after draining the body, and the kept-alive connection serves the next request', async () => {
    const server = await echo();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const huge = await post(server.url, agent, Buffer.alloc(8 * 1024 * 1024, 1));
    expect(huge.status).toBe(413);
    const next = await post(server.url, agent, Buffer.from('ok'));
    expect(next).toMatchObject({ status: 200, json: { bytes: 2 } });
    expect(next.socket).toBe(huge.socket);
    agent.destroy();
  });

  it('gives lower-cased header names, repeated values joined by commas (set-cookie too)', async () => {
    const server = await echo();
    const agent = new Agent();
    const res = await post(server.url, agent, Buffer.from(''), {
      'X-Trace-Id': 'abc',
      'Set-Cookie': ['a=1', 'b=2'],
    });
    expect(res.json.headers).toMatchObject({ 'x-trace-id': 'abc', 'set-cookie': 'a=1,b=2' });
    agent.destroy();
  });

  it('rejects with PortInUseError naming the server when the port is taken', async () => {
    const first = await echo();
    const taken = listen(() => {}, { port: first.port, name: 'second server' });
    await expect(taken).rejects.toBeInstanceOf(PortInUseError);
    await expect(taken).rejects.toThrow(`second server: port ${first.port} on 127.0.0.1 is already in use`);
  });

  it('close() resolves once the port is free again, with clients still connected', async () => {
    const server = await listen((_req, res) => sendJson(res, 200, {}), { port: 0 });
    const agent = new Agent({ keepAlive: true });
    await post(server.url, agent, Buffer.from(''));
    await server.close();
    const again = await listen(() => {}, { port: server.port });
    servers.push(again);
    expect(again.port).toBe(server.port);
    agent.destroy();
  });
});

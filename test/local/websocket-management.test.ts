// The local WebSocket gateway's management API reads bodies through the shared helper: a
// PostToConnection past 128 KiB is drained and answered 413, and the connection stays usable.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketGateway, type WebSocketGateway } from '../../local/websocket-gateway';

let gateway: WebSocketGateway;
beforeAll(async () => {
  gateway = await startWebSocketGateway(0);
});
afterAll(() => gateway.stop());

const postToConnection = (agent: Agent, connectionId: string, body: Buffer) =>
  new Promise<{ status: number; errorType: unknown; socket: unknown }>((resolve, reject) => {
    const req = request(
      `${gateway.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/octet-stream' } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            errorType: res.headers['x-amzn-errortype'],
            socket: req.socket,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });

describe('local management API', () => {
  it('answers 413 to a message past 128 KiB and serves the next call on the same connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const huge = await postToConnection(agent, 'nobody', Buffer.alloc(512 * 1024, 1));
    expect(huge).toMatchObject({ status: 413, errorType: 'PayloadTooLargeException' });
    const next = await postToConnection(agent, 'nobody', Buffer.from('{}'));
    expect(next).toMatchObject({ status: 410, errorType: 'GoneException' });
    expect(next.socket).toBe(huge.socket);
    agent.destroy();
  });
});

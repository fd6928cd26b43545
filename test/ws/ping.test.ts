// The keepalive: {"action":"ping"} goes to $default (no route is declared for it) and answers pong.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webSocketRoutes } from '../../contract/websocket';
import { tokenFor, useLocalSystem } from '../support/api';
import { WsTestClient } from '../support/ws';

const { localSystem } = useLocalSystem();

describe('WebSocket ping', () => {
  it('is routed to $default, as API Gateway would route an undeclared action', () => {
    expect(Object.keys(webSocketRoutes)).not.toContain('ping');
  });

  it('answers {"type":"pong"} on a live connection, each time, and the connection stays open', async () => {
    const client = await WsTestClient.connect(
      localSystem().wsUrl,
      await tokenFor('shopper', `u-${randomUUID().slice(0, 8)}`),
    );
    for (let i = 0; i < 2; i++) {
      client.send({ action: 'ping' });
      expect(await client.next()).toEqual({ type: 'pong' });
    }
    // A near miss is still an unknown action.
    client.send({ action: 'PING' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await client.close();
  });
});

// $connect checks the token; the management API sees live connections; closing forgets them.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it, vi } from 'vitest';
import { getConnection } from '../../functions/core/subscriptions';
import { signDevToken } from '../../local/dev/auth';
import { tokenFor, useLocalSystem } from '../support/api';
import { connectionIdsOf, WsTestClient } from '../support/ws';

const { localSystem } = useLocalSystem();

const refusedStatus = (token?: string) =>
  WsTestClient.connect(localSystem().wsUrl, token).then(
    () => 'opened',
    (error: { status?: number }) => error.status,
  );

const management = () =>
  new ApiGatewayManagementApiClient({ endpoint: process.env.WEBSOCKET_MANAGEMENT_ENDPOINT });

describe('WebSocket $connect', () => {
  it('refuses a missing, forged, expired or role-less token with 401', async () => {
    const valid = await tokenFor('shopper');
    expect(await refusedStatus()).toBe(401);
    expect(await refusedStatus('')).toBe(401);
    expect(await refusedStatus('not-a-jwt')).toBe(401);
    expect(await refusedStatus(`${valid.slice(0, -2)}xx`)).toBe(401);
    expect(await refusedStatus(await signDevToken('u-expired', 'shopper', -60))).toBe(401);
    expect(await refusedStatus(await signDevToken('u-nobody', 'superuser'))).toBe(401);
  });

  it('accepts a valid token and records who the connection belongs to', async () => {
    const client = await WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', 'u-connect'));
    // The unknown-action reply proves the connection is registered (it reads the record first).
    client.send({ action: 'hello' });
    const reply = await client.next();
    expect(reply).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', details: { action: 'hello' } });
    await client.close();
  });

  it('closes a socket that sends a frame over 128 KiB (1009) and keeps serving the others', async () => {
    const other = await WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', 'u-big-other'));
    const client = await WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', 'u-big'));
    client.send('x'.repeat(129 * 1024));
    expect(await client.closed).toBe(1009);
    other.send({ action: 'hello' });
    expect(await other.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    await other.close();
  });
});

describe('local management API', () => {
  it('posts to, describes and deletes a live connection, and answers GoneException for an unknown one', async () => {
    const client = await WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', 'u-mgmt'));
    const [connectionId] = await connectionIdsOf('u-mgmt');
    expect((await getConnection(connectionId!))?.userId).toBe('u-mgmt');

    await management().send(
      new PostToConnectionCommand({ ConnectionId: connectionId!, Data: '{"hello":1}' }),
    );
    expect(await client.next((m) => m.hello === 1)).toEqual({ hello: 1 });

    const described = await management().send(new GetConnectionCommand({ ConnectionId: connectionId! }));
    expect(described.ConnectedAt).toBeInstanceOf(Date);
    expect(described.Identity?.SourceIp).toBe('127.0.0.1');

    await management().send(new DeleteConnectionCommand({ ConnectionId: connectionId! }));
    await client.closed;
    // $disconnect runs after the socket closes; it forgets the connection.
    await vi.waitFor(async () => expect(await getConnection(connectionId!)).toBeUndefined());

    await expect(
      management().send(new PostToConnectionCommand({ ConnectionId: connectionId!, Data: '{}' })),
    ).rejects.toBeInstanceOf(GoneException);
    await expect(
      management().send(new GetConnectionCommand({ ConnectionId: 'no+such/connection=' })),
    ).rejects.toBeInstanceOf(GoneException);
  });
});
